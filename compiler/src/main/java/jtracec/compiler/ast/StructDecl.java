package jtracec.compiler.ast;

import java.util.List;
import jtracec.spec.source.SourceSpan;

/** A C struct declared in the script, {@code struct name { type field; ... }}. */
public record StructDecl(String name, List<Member> members, SourceSpan span) {
    public StructDecl { members = List.copyOf(members); }

    public record Member(TypeName type, String name, SourceSpan span) {}
}
