package jtracec.compiler.sema;

import java.util.Optional;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.kernel.TracepointFormat;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.source.SourceSpan;

/**
 * One attach point after wildcard expansion: its full name (the value of the {@code probe}
 * builtin), where it attaches, the program type it needs, and the tracepoint record layout
 * for {@code args} when it is a tracepoint. {@code span} is the attach point as the script wrote it
 * (e.g. {@code kprobe:vfs_*}), which messages about attaching underline.
 */
public record ConcreteProbe(String name, AttachPoint point, ProgramType programType,
                            Optional<TracepointFormat> tracepoint, SourceSpan span) {}
