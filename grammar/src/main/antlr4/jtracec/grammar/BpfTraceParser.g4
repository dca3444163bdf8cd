/*
 * The bpftrace 0.17 language (see the reference guide, "Language" and "Probes").
 *
 * The lexer (BpfTraceLexer.g4) has two modes that keep the classic ambiguities apart:
 *  - the default mode lexes the top level: attach points are single ATTACH_WORD tokens
 *    (paths, wildcards, colons and quoted C++ names all included), struct declarations,
 *    and the opening slash of a predicate;
 *  - BODY lexes expressions and statements. It is pushed by a top-level '{' or by the
 *    predicate's opening '/', and popped by the matching '}' or by the predicate's closing
 *    '/' (a '/' followed only by whitespace and then '{'), so '/' inside a predicate is
 *    still division.
 * Preprocessing (#include, #define, #if) happens before lexing, in jtracec.compiler.syntax.
 */
parser grammar BpfTraceParser;

options { tokenVocab = BpfTraceLexer; }

// ---------------------------------------------------------------- parser: top level

program
    : topLevel* EOF
    ;

// One top-level item alone: the front end cuts the token stream at top-level boundaries (which the
// lexer's modes make exact) and parses each item on its own, so one mistake cannot derail the rest.
topLevelItem
    : topLevel EOF
    ;

topLevel
    : structDecl
    | probe
    ;

structDecl
    : STRUCT_DECL LBRACE member* RBRACE SEMI?
    ;

member
    : memberType name=IDENT (LBRACKET INT RBRACKET)? SEMI
    ;

memberType
    : (STRUCT | UNION | ENUM) IDENT STAR*
    | (INT_TYPE | IDENT)+ STAR*
    ;

// A predicate's closing '/' and the body's '{' are one token (see PREDICATE_END).
probe
    : attachPoint (COMMA attachPoint)* (block | predicate statements RBRACE)
    ;

attachPoint
    : ATTACH_WORD
    ;

predicate
    : PREDICATE_START expr PREDICATE_END
    ;

// ---------------------------------------------------------------- parser: statements

block
    : LBRACE statements RBRACE
    ;

// As in bpftrace 0.17: ';' separates simple statements (the last one may omit it), never follows
// if/while/unroll blocks, and there are no empty statements or bare blocks.
statements
    : (blockStatement | simpleStatement SEMI)* simpleStatement?
    ;

blockStatement
    : ifStatement                                   # ifStmt
    | WHILE LPAREN expr RPAREN block                # whileStmt
    | UNROLL LPAREN expr RPAREN block               # unrollStmt
    ;

ifStatement
    : IF LPAREN expr RPAREN block (ELSE (ifStatement | block))?
    ;

simpleStatement
    : assignTarget op=(ASSIGN | ADD_ASSIGN | SUB_ASSIGN | MUL_ASSIGN | DIV_ASSIGN | MOD_ASSIGN
                      | AND_ASSIGN | OR_ASSIGN | XOR_ASSIGN | SHL_ASSIGN | SHR_ASSIGN) expr   # assignStmt
    | BREAK                                         # breakStmt
    | CONTINUE                                      # continueStmt
    | RETURN                                        # returnStmt
    | expr                                          # exprStmt
    ;

assignTarget
    : mapRef
    | VAR
    ;

// ---------------------------------------------------------------- parser: expressions

expr
    : <assoc=right> condition=expr QUESTION ifTrue=expr COLON ifFalse=expr   # ternaryExpr
    | logicalOr                                                              # plainExpr
    ;

logicalOr  : logicalAnd (OR_OR logicalAnd)* ;
logicalAnd : bitOr (AND_AND bitOr)* ;
bitOr      : bitXor (PIPE bitXor)* ;
bitXor     : bitAnd (CARET bitAnd)* ;
bitAnd     : equality (AMP equality)* ;
equality   : relational (op+=(EQ | NE) relational)* ;
relational : shift (op+=(LT | LE | GT | GE) shift)* ;
shift      : additive (op+=(SHL | SHR) additive)* ;
additive   : multiplicative (op+=(PLUS | MINUS) multiplicative)* ;
multiplicative : unary (op+=(STAR | SLASH | PERCENT) unary)* ;

unary
    : op=(INC | DEC) unary                                  # preIncDec
    | op=(MINUS | BANG | TILDE | STAR | AMP) unary          # prefixOp
    | LPAREN typeName RPAREN unary                          # cast
    | postfix                                               # postfixExpr
    ;

postfix
    : primary                                               # primaryExpr
    | postfix op=(INC | DEC)                                # postIncDec
    | postfix LBRACKET expr RBRACKET                        # index
    | postfix DOT INT                                       # tupleIndex
    | postfix access=(DOT | ARROW) fieldName                # fieldAccess
    ;

fieldName
    : IDENT
    | INT_TYPE
    ;

primary
    : INT                                                   # intLit
    | STRING                                                # strLit
    | VAR                                                   # var
    | POSITIONAL                                            # positional
    | POSITIONAL_COUNT                                      # positionalCount
    | mapRef                                                # map
    | SIZEOF LPAREN typeName RPAREN                         # sizeofType
    | SIZEOF LPAREN expr RPAREN                             # sizeofExpr
    | IDENT LPAREN (expr (COMMA expr)*)? RPAREN             # call
    | IDENT                                                 # builtin
    | LPAREN expr COMMA expr (COMMA expr)* RPAREN           # tuple
    | LPAREN expr RPAREN                                    # paren
    ;

mapRef
    : MAP (LBRACKET expr (COMMA expr)* RBRACKET)?
    ;

typeName
    : (STRUCT | UNION | ENUM) IDENT STAR*
    | INT_TYPE STAR*
    | IDENT STAR+
    ;

