package jtracec.compiler.ast;

import java.util.List;
import jtracec.spec.source.SourceSpan;

/**
 * One attach point as written, e.g. {@code tracepoint:syscalls:sys_enter_*} or
 * {@code uprobe:/bin/bash:readline}: the full text and its colon-separated parts with quotes
 * removed ({@code parts.get(0)} is the provider, possibly an alias such as {@code t} or {@code k}).
 * Wildcards are expanded by semantic analysis against the Target.
 */
public record AttachSpec(String text, List<String> parts, SourceSpan span) {
    public AttachSpec { parts = List.copyOf(parts); }

    public String provider() {
        return parts.get(0);
    }
}
