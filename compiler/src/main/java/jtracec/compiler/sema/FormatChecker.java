package jtracec.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtracec.compiler.ast.Expr;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.source.SourceSpan;

/**
 * Checks a printf-style format against its arguments: the number of conversions, and that each
 * argument suits its conversion (bpftrace 0.17: {@code %s} strings and symbols, {@code %r}
 * buffers, {@code %d %u %x %o %c %p} integers).
 */
final class FormatChecker {
    private static final Pattern CONVERSION = Pattern.compile("%(%|[-+ #0]*(\\d+|\\*)?(\\.(\\d+|\\*))?(hh|h|ll|l|z|j|t)?([a-zA-Z]))");

    /** One conversion of a format string. */
    record Conversion(char letter, String text) {}

    static List<Conversion> conversions(String format) {
        var out = new ArrayList<Conversion>();
        Matcher m = CONVERSION.matcher(format);
        while (m.find()) {
            if (m.group(1).equals("%")) continue;
            out.add(new Conversion(m.group(6).charAt(0), m.group()));
        }
        return out;
    }

    /** Reports mismatches; {@code types} are the argument types, in order. */
    static void check(String function, Expr.StrLit format, List<Expr> arguments, List<Type> types, SourceSpan callSpan,
                      Diagnostics diags) {
        List<Conversion> conversions = conversions(format.value());
        for (Conversion conversion : conversions) {
            if ("diuxXocsrp".indexOf(conversion.letter()) < 0) {
                diags.report(Diagnostic.error(SemaCode.PRINTF_FORMAT, format.span(),
                                "%s: unknown conversion %s".formatted(function, conversion.text()))
                        .withHelp("use %d, %u, %x, %o, %c, %p, %s or %r"));
                return;
            }
        }
        if (conversions.size() != arguments.size()) {
            SourceSpan at = arguments.size() > conversions.size() ? arguments.get(conversions.size()).span() : callSpan;
            diags.report(Diagnostic.error(SemaCode.PRINTF_FORMAT, at,
                            "%s: the format has %d conversion%s but %d argument%s %s given".formatted(function,
                                    conversions.size(), conversions.size() == 1 ? "" : "s",
                                    arguments.size(), arguments.size() == 1 ? "" : "s", arguments.size() == 1 ? "is" : "are"))
                    .withHelp("give one argument for each % conversion (write %% for a literal %)"));
            return;
        }
        for (int i = 0; i < conversions.size(); i++) {
            Conversion conversion = conversions.get(i);
            Type type = types.get(i);
            if (type instanceof Type.Error) continue;
            boolean fits = switch (conversion.letter()) {
                case 's' -> type instanceof Type.Str || type instanceof Type.KernelSymbol || type instanceof Type.UserSymbol
                        || type instanceof Type.Stack || type instanceof Type.Buffer || type instanceof Type.Tuple
                        || type instanceof Type.Inet || type instanceof Type.MacAddress || type instanceof Type.Timestamp;
                case 'r' -> type instanceof Type.Buffer;
                default -> type instanceof Type.Int || type instanceof Type.Pointer;
            };
            if (!fits) {
                String wanted = switch (conversion.letter()) {
                    case 's' -> "a string";
                    case 'r' -> "a buffer (from buf())";
                    default -> "an integer";
                };
                var diagnostic = Diagnostic.error(SemaCode.PRINTF_FORMAT, arguments.get(i).span(),
                        "%s: %s expects %s, but argument %d is %s".formatted(function, conversion.text(), wanted, i + 1,
                                TypeChecker.describe(type)));
                if (conversion.letter() == 's' && (type instanceof Type.Pointer || type instanceof Type.Int)) {
                    diagnostic = diagnostic.withHelp("read the string it points to with str(...)");
                } else if (conversion.letter() != 's' && type instanceof Type.Str) {
                    diagnostic = diagnostic.withHelp("print strings with %s");
                }
                diags.report(diagnostic);
            }
        }
    }
}
