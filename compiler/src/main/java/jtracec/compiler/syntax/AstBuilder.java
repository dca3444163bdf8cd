package jtracec.compiler.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.compiler.ast.AttachSpec;
import jtracec.compiler.ast.BinOp;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ast.IncDecOp;
import jtracec.compiler.ast.Include;
import jtracec.compiler.ast.Probe;
import jtracec.compiler.ast.Program;
import jtracec.compiler.ast.Stmt;
import jtracec.compiler.ast.StructDecl;
import jtracec.compiler.ast.TypeName;
import jtracec.compiler.ast.UnOp;
import jtracec.grammar.BpfTraceLexer;
import jtracec.grammar.BpfTraceParser.*;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceFile;
import jtracec.spec.source.SourceSpan;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns a parse tree into {@code ast} records. Every node gets the 1-based span from its first to
 * its last token (a parenthesised expression keeps the span of what is inside the parentheses).
 * Literal decoding errors and misplaced {@code ++}/{@code --} are reported here, as E01xx.
 */
final class AstBuilder {
    private final String file;
    private final Diagnostics diags;

    AstBuilder(String file, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
    }

    Program build(List<TopLevelContext> items, List<Include> includes, SourceFile source) {
        var structs = new ArrayList<StructDecl>();
        var probes = new ArrayList<Probe>();
        for (TopLevelContext top : items) {
            if (top.structDecl() != null) structs.add(struct(top.structDecl()));
            if (top.probe() != null) probes.add(probe(top.probe()));
        }
        return new Program(includes, structs, probes, wholeFile(source));
    }

    private SourceSpan wholeFile(SourceFile source) {
        List<String> lines = source.text().lines().toList();
        if (lines.isEmpty()) return new SourceSpan(file, 1, 1, 1, 1);
        return new SourceSpan(file, 1, 1, lines.size(), lines.get(lines.size() - 1).length() + 1);
    }

    // ------------------------------------------------------------------ top level

    private StructDecl struct(StructDeclContext ctx) {
        String[] words = ctx.STRUCT_DECL().getText().split("\\s+");
        var members = ctx.member().stream().map(this::member).toList();
        return new StructDecl(words[1], members, span(ctx));
    }

    private StructDecl.Member member(MemberContext ctx) {
        MemberTypeContext type = ctx.memberType();
        int arrayLength = 0;
        if (ctx.INT() != null) {
            long length = integer(ctx.INT().getSymbol());
            if (length <= 0 || length > Integer.MAX_VALUE) {
                diags.report(Diagnostic.error(SyntaxCode.INVALID_ARRAY_LENGTH, span(ctx.INT().getSymbol()),
                        "array length must be between 1 and %d".formatted(Integer.MAX_VALUE)));
            } else {
                arrayLength = (int) length;
            }
        }
        String base = typeWords(type);
        return new StructDecl.Member(new TypeName(base, type.STAR().size(), arrayLength, span(type)),
                ctx.name.getText(), span(ctx));
    }

    private static String typeWords(ParserRuleContext ctx) {
        var words = new ArrayList<String>();
        for (ParseTree child : ctx.children) {
            if (child instanceof TerminalNode node && node.getSymbol().getType() != BpfTraceLexer.STAR) {
                words.add(node.getText());
            }
        }
        return String.join(" ", words);
    }

    private Probe probe(ProbeContext ctx) {
        var points = ctx.attachPoint().stream().map(this::attachSpec).toList();
        Optional<Expr> predicate = Optional.empty();
        Stmt.Block body;
        if (ctx.block() != null) {
            body = block(ctx.block());
        } else {
            predicate = Optional.of(expr(ctx.predicate().expr()));
            Token end = ctx.predicate().PREDICATE_END().getSymbol();
            SourceSpan brace = span(end);
            SourceSpan open = new SourceSpan(file, brace.endLine(), brace.endColumn() - 1, brace.endLine(), brace.endColumn());
            body = new Stmt.Block(statements(ctx.statements()), open.to(span(ctx.RBRACE().getSymbol())));
        }
        return new Probe(points, predicate, body, span(ctx));
    }

    private AttachSpec attachSpec(AttachPointContext ctx) {
        String text = ctx.getText();
        var parts = new ArrayList<String>();
        var part = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return new AttachSpec(text, parts, span(ctx));
    }

    // ------------------------------------------------------------------ statements

    private Stmt.Block block(BlockContext ctx) {
        return new Stmt.Block(statements(ctx.statements()), span(ctx));
    }

    private List<Stmt> statements(StatementsContext ctx) {
        var out = new ArrayList<Stmt>();
        if (ctx.children == null) return out;
        for (ParseTree child : ctx.children) {
            if (child instanceof BlockStatementContext block) out.add(blockStatement(block));
            if (child instanceof SimpleStatementContext simple) out.add(simpleStatement(simple));
        }
        return out;
    }

    private Stmt blockStatement(BlockStatementContext ctx) {
        return switch (ctx) {
            case IfStmtContext c -> ifStatement(c.ifStatement());
            case WhileStmtContext c -> new Stmt.While(expr(c.expr()), block(c.block()), span(c));
            case UnrollStmtContext c -> new Stmt.Unroll(expr(c.expr()), block(c.block()), span(c));
            default -> throw new IllegalStateException("bug: unknown statement " + ctx.getClass());
        };
    }

    private Stmt.If ifStatement(IfStatementContext ctx) {
        Optional<Stmt.Block> otherwise = Optional.empty();
        if (ctx.ifStatement() != null) {
            Stmt.If inner = ifStatement(ctx.ifStatement());
            otherwise = Optional.of(new Stmt.Block(List.of(inner), inner.span()));
        } else if (ctx.block().size() > 1) {
            otherwise = Optional.of(block(ctx.block(1)));
        }
        return new Stmt.If(expr(ctx.expr()), block(ctx.block(0)), otherwise, span(ctx));
    }

    private Stmt simpleStatement(SimpleStatementContext ctx) {
        return switch (ctx) {
            case AssignStmtContext c -> new Stmt.Assign(assignTarget(c.assignTarget()), compound(c.op),
                    expr(c.expr()), span(c));
            case BreakStmtContext c -> new Stmt.Break(span(c));
            case ContinueStmtContext c -> new Stmt.Continue(span(c));
            case ReturnStmtContext c -> new Stmt.Return(span(c));
            case ExprStmtContext c -> new Stmt.ExprStmt(expr(c.expr()), span(c));
            default -> throw new IllegalStateException("bug: unknown statement " + ctx.getClass());
        };
    }

    private Expr assignTarget(AssignTargetContext ctx) {
        if (ctx.mapRef() != null) return mapRef(ctx.mapRef());
        return new Expr.Var(ctx.VAR().getText().substring(1), span(ctx));
    }

    private static Optional<BinOp> compound(Token op) {
        return switch (op.getType()) {
            case BpfTraceLexer.ASSIGN -> Optional.empty();
            case BpfTraceLexer.ADD_ASSIGN -> Optional.of(BinOp.ADD);
            case BpfTraceLexer.SUB_ASSIGN -> Optional.of(BinOp.SUB);
            case BpfTraceLexer.MUL_ASSIGN -> Optional.of(BinOp.MUL);
            case BpfTraceLexer.DIV_ASSIGN -> Optional.of(BinOp.DIV);
            case BpfTraceLexer.MOD_ASSIGN -> Optional.of(BinOp.MOD);
            case BpfTraceLexer.AND_ASSIGN -> Optional.of(BinOp.BIT_AND);
            case BpfTraceLexer.OR_ASSIGN -> Optional.of(BinOp.BIT_OR);
            case BpfTraceLexer.XOR_ASSIGN -> Optional.of(BinOp.BIT_XOR);
            case BpfTraceLexer.SHL_ASSIGN -> Optional.of(BinOp.SHL);
            case BpfTraceLexer.SHR_ASSIGN -> Optional.of(BinOp.SHR);
            default -> throw new IllegalStateException("bug: not an assignment operator " + op.getText());
        };
    }

    // ------------------------------------------------------------------ expressions

    private Expr expr(ExprContext ctx) {
        return switch (ctx) {
            case TernaryExprContext c -> new Expr.Ternary(expr(c.condition), expr(c.ifTrue), expr(c.ifFalse), span(c));
            case PlainExprContext c -> chain(c.logicalOr());
            default -> throw new IllegalStateException("bug: unknown expression " + ctx.getClass());
        };
    }

    /** A left-associative chain {@code operand (op operand)*} of one precedence level. */
    private Expr chain(ParserRuleContext ctx) {
        if (ctx instanceof UnaryContext unary) return unary(unary);
        Expr left = chain((ParserRuleContext) ctx.getChild(0));
        for (int i = 1; i + 1 < ctx.getChildCount(); i += 2) {
            Token op = ((TerminalNode) ctx.getChild(i)).getSymbol();
            Expr right = chain((ParserRuleContext) ctx.getChild(i + 1));
            left = new Expr.Binary(binary(op), left, right, left.span().to(right.span()));
        }
        return left;
    }

    private static BinOp binary(Token op) {
        return switch (op.getType()) {
            case BpfTraceLexer.OR_OR -> BinOp.LOGICAL_OR;
            case BpfTraceLexer.AND_AND -> BinOp.LOGICAL_AND;
            case BpfTraceLexer.PIPE -> BinOp.BIT_OR;
            case BpfTraceLexer.CARET -> BinOp.BIT_XOR;
            case BpfTraceLexer.AMP -> BinOp.BIT_AND;
            case BpfTraceLexer.EQ -> BinOp.EQ;
            case BpfTraceLexer.NE -> BinOp.NE;
            case BpfTraceLexer.LT -> BinOp.LT;
            case BpfTraceLexer.LE -> BinOp.LE;
            case BpfTraceLexer.GT -> BinOp.GT;
            case BpfTraceLexer.GE -> BinOp.GE;
            case BpfTraceLexer.SHL -> BinOp.SHL;
            case BpfTraceLexer.SHR -> BinOp.SHR;
            case BpfTraceLexer.PLUS -> BinOp.ADD;
            case BpfTraceLexer.MINUS -> BinOp.SUB;
            case BpfTraceLexer.STAR -> BinOp.MUL;
            case BpfTraceLexer.SLASH -> BinOp.DIV;
            case BpfTraceLexer.PERCENT -> BinOp.MOD;
            default -> throw new IllegalStateException("bug: not a binary operator " + op.getText());
        };
    }

    private Expr unary(UnaryContext ctx) {
        return switch (ctx) {
            case PreIncDecContext c -> incDec(c.op.getType() == BpfTraceLexer.INC ? IncDecOp.PRE_INCREMENT
                    : IncDecOp.PRE_DECREMENT, unary(c.unary()), span(c));
            case PrefixOpContext c -> new Expr.Unary(switch (c.op.getType()) {
                case BpfTraceLexer.MINUS -> UnOp.NEG;
                case BpfTraceLexer.BANG -> UnOp.LOGICAL_NOT;
                case BpfTraceLexer.TILDE -> UnOp.BIT_NOT;
                case BpfTraceLexer.STAR -> UnOp.DEREF;
                case BpfTraceLexer.AMP -> UnOp.ADDRESS_OF;
                default -> throw new IllegalStateException("bug: not a prefix operator " + c.op.getText());
            }, unary(c.unary()), span(c));
            case CastContext c -> new Expr.Cast(typeName(c.typeName()), unary(c.unary()), span(c));
            case PostfixExprContext c -> postfix(c.postfix());
            default -> throw new IllegalStateException("bug: unknown expression " + ctx.getClass());
        };
    }

    private Expr incDec(IncDecOp op, Expr target, SourceSpan span) {
        if (!(target instanceof Expr.Var || target instanceof Expr.MapRef)) {
            diags.report(Diagnostic.error(SyntaxCode.INVALID_INCREMENT_TARGET, target.span(),
                            "%s needs a scratch variable or a map".formatted(op.isIncrement() ? "++" : "--"))
                    .withHelp("write e.g. $x++ or @count[pid]++"));
        }
        return new Expr.IncDec(op, target, span);
    }

    private Expr postfix(PostfixContext ctx) {
        return switch (ctx) {
            case PrimaryExprContext c -> primary(c.primary());
            case PostIncDecContext c -> incDec(c.op.getType() == BpfTraceLexer.INC ? IncDecOp.POST_INCREMENT
                    : IncDecOp.POST_DECREMENT, postfix(c.postfix()), span(c));
            case IndexContext c -> new Expr.Index(postfix(c.postfix()), expr(c.expr()), span(c));
            case TupleIndexContext c -> {
                long index = integer(c.INT().getSymbol());
                yield new Expr.TupleIndex(postfix(c.postfix()), (int) Math.min(index, Integer.MAX_VALUE), span(c));
            }
            case FieldAccessContext c -> new Expr.FieldAccess(postfix(c.postfix()), c.fieldName().getText(),
                    c.access.getType() == BpfTraceLexer.ARROW ? Expr.Access.ARROW : Expr.Access.DOT, span(c));
            default -> throw new IllegalStateException("bug: unknown expression " + ctx.getClass());
        };
    }

    private Expr primary(PrimaryContext ctx) {
        return switch (ctx) {
            case IntLitContext c -> new Expr.IntLit(integer(c.INT().getSymbol()), span(c));
            case StrLitContext c -> new Expr.StrLit(string(c.STRING().getSymbol()), span(c));
            case VarContext c -> new Expr.Var(c.VAR().getText().substring(1), span(c));
            case PositionalContext c -> new Expr.Positional(positional(c.POSITIONAL().getSymbol()), span(c));
            case PositionalCountContext c -> new Expr.PositionalCount(span(c));
            case MapContext c -> mapRef(c.mapRef());
            case SizeofTypeContext c -> new Expr.SizeofType(typeName(c.typeName()), span(c));
            case SizeofExprContext c -> new Expr.SizeofExpr(expr(c.expr()), span(c));
            case CallContext c -> new Expr.Call(c.IDENT().getText(), c.expr().stream().map(this::expr).toList(), span(c));
            case BuiltinContext c -> new Expr.Builtin(c.IDENT().getText(), span(c));
            case TupleContext c -> new Expr.Tuple(c.expr().stream().map(this::expr).toList(), span(c));
            case ParenContext c -> expr(c.expr());
            default -> throw new IllegalStateException("bug: unknown expression " + ctx.getClass());
        };
    }

    private Expr.MapRef mapRef(MapRefContext ctx) {
        return new Expr.MapRef(ctx.MAP().getText().substring(1), ctx.expr().stream().map(this::expr).toList(), span(ctx));
    }

    private TypeName typeName(TypeNameContext ctx) {
        return new TypeName(typeWords(ctx), ctx.STAR().size(), 0, span(ctx));
    }

    // ------------------------------------------------------------------ literals

    private int positional(Token token) {
        String digits = token.getText().substring(1);
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            diags.report(Diagnostic.error(SyntaxCode.INTEGER_TOO_LARGE, span(token),
                    "positional parameter %s is out of range".formatted(token.getText())));
            return 0;
        }
    }

    /** Decimal, hex ({@code 0x}), octal (leading 0), {@code _} separators, and integer scientific notation ({@code 1e6}). */
    private long integer(Token token) {
        String text = token.getText().replace("_", "");
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) return Long.parseUnsignedLong(text.substring(2), 16);
            int exponent = text.indexOf('e') >= 0 ? text.indexOf('e') : text.indexOf('E');
            if (exponent >= 0) {
                var value = new java.math.BigInteger(text.substring(0, exponent))
                        .multiply(java.math.BigInteger.TEN.pow(Integer.parseInt(text.substring(exponent + 1))));
                if (value.bitLength() > 64) throw new NumberFormatException();
                return value.longValue();
            }
            if (text.length() > 1 && text.startsWith("0")) return Long.parseUnsignedLong(text.substring(1), 8);
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            diags.report(Diagnostic.error(SyntaxCode.INTEGER_TOO_LARGE, span(token),
                            "integer literal %s does not fit in 64 bits".formatted(token.getText()))
                    .withHelp("integers are 64-bit; the largest literal is 0xffffffffffffffff"));
            return 0;
        }
    }

    private String string(Token token) {
        String text = token.getText();
        int end = text.length() - 1;  // STRING tokens, repaired ones too, end with the closing quote
        var out = new StringBuilder();
        for (int i = 1; i < end; i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= end) {
                out.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\013');
                case 'e' -> out.append('\033');
                case '\\', '"', '\'', '?' -> out.append(e);
                case 'x' -> {
                    int start = i + 1;
                    int stop = start;
                    while (stop < end && stop < start + 2 && Character.digit(text.charAt(stop), 16) >= 0) stop++;
                    if (stop == start) {
                        invalidEscape(token, i, "\\x needs hex digits");
                    } else {
                        out.append((char) Integer.parseInt(text.substring(start, stop), 16));
                        i = stop - 1;
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int stop = i;
                        while (stop < end && stop < i + 3 && text.charAt(stop) >= '0' && text.charAt(stop) <= '7') stop++;
                        out.append((char) Integer.parseInt(text.substring(i, stop), 8));
                        i = stop - 1;
                    } else {
                        invalidEscape(token, i, "unknown escape sequence \\" + e);
                    }
                }
            }
        }
        return out.toString();
    }

    private void invalidEscape(Token token, int offset, String message) {
        SourceSpan at = span(token);
        int column = at.column() + offset - 1;
        diags.report(Diagnostic.error(SyntaxCode.INVALID_ESCAPE,
                        new SourceSpan(file, at.line(), column, at.line(), column + 2), message)
                .withHelp("use \\n, \\t, \\\\, \\\", \\xNN or \\NNN"));
    }

    // ------------------------------------------------------------------ spans

    private SourceSpan span(Token token) {
        return TokenSpan.of(token, file);
    }

    private SourceSpan span(ParserRuleContext ctx) {
        return TokenSpan.between(ctx.getStart(), ctx.getStop(), file);
    }
}
