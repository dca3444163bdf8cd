package jtracec.compiler.sema;

import java.util.List;

/**
 * What the command line adds to a script: its positional parameters ({@code $1} is the first)
 * and whether {@code --unsafe} allows system(), signal() and override().
 */
public record SemaOptions(List<String> positionalParams, boolean isUnsafeAllowed) {
    public SemaOptions {
        positionalParams = List.copyOf(positionalParams);
    }

    public static SemaOptions defaults() {
        return new SemaOptions(List.of(), false);
    }
}
