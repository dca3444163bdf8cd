package jtracec.compiler.sema;

import java.util.Optional;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.AttachPoint;

/**
 * One attach point after wildcard expansion: its full name (the value of the {@code probe}
 * builtin), where it attaches, the program type it needs, and the tracepoint record layout
 * for {@code args} when it is a tracepoint.
 */
public record ConcreteProbe(String name, AttachPoint point, ProgramType programType,
                            Optional<TracepointFormat> tracepoint) {}
