package jtracec.compiler.validation;

import java.util.List;

/** One record a probe sends to user space, in the script's terms. */
sealed interface Emitted {
    /** printf(format, args...): the argument values as sent, before user space formats them. */
    record Printf(String format, List<Scalar> args) implements Emitted {
        public Printf {
            args = List.copyOf(args);
        }
    }

    record Exit() implements Emitted {}

    /** print(@m), clear(@m) or zero(@m): carried out by user space when it reads the record. */
    record MapAction(String action, String map) implements Emitted {}
}
