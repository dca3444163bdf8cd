package jtracec.spec.source;

import java.util.List;

/**
 * Line info: for every instruction slot of a program (both slots of a wide load), the source
 * span it was generated for. Written by codegen, read by the verifier's reports.
 */
public record LineTable(List<SourceSpan> spans) {
    public LineTable {
        spans = List.copyOf(spans);
    }

    public static LineTable unknown(String file, int length) {
        return new LineTable(java.util.Collections.nCopies(length, SourceSpan.unknown(file)));
    }

    public SourceSpan spanAt(int pc) {
        return spans.get(pc);
    }

    public int size() {
        return spans.size();
    }
}
