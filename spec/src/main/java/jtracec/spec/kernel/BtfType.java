package jtracec.spec.kernel;

import java.util.List;

/**
 * One type of a BTF blob (the kernel's Documentation/bpf/btf.rst), as decoded: the kernel's
 * description of its own C types. Types refer to each other by id; id 0 is {@code void}.
 * {@link KernelTypes} holds a whole blob and resolves the references.
 */
public sealed interface BtfType {
    /** The name, or "" for anonymous types. */
    String name();

    record Void() implements BtfType {
        public String name() { return "void"; }
    }

    /** An integer of {@code size} bytes; {@code isBool} and {@code isChar} as BTF encodes them. */
    record Int(String name, int size, boolean isSigned, boolean isChar, boolean isBool) implements BtfType {}

    record Float(String name, int size) implements BtfType {}

    record Pointer(int target) implements BtfType {
        public String name() { return ""; }
    }

    record Array(int element, int length) implements BtfType {
        public String name() { return ""; }
    }

    /** A struct or union; a member's offset is in bits, and {@code bitfieldSize} is 0 for whole members. */
    record Struct(String name, int size, boolean isUnion, List<Member> members) implements BtfType {
        public Struct { members = List.copyOf(members); }
    }

    record Member(String name, int type, int bitOffset, int bitfieldSize) {}

    /** A forward declaration with no body in this blob. */
    record Forward(String name, boolean isUnion) implements BtfType {}

    /** An enum of {@code size} bytes (BTF_KIND_ENUM or ENUM64). */
    record Enum(String name, int size, boolean isSigned, List<Enumerator> values) implements BtfType {
        public Enum { values = List.copyOf(values); }
    }

    record Enumerator(String name, long value) {}

    record Typedef(String name, int type) implements BtfType {}

    /** const, volatile, restrict and type tags: transparent for layout. */
    record Qualifier(QualifierKind kind, String name, int type) implements BtfType {}

    enum QualifierKind { CONST, VOLATILE, RESTRICT, TYPE_TAG }

    /** A function; {@code proto} is its {@link FunctionProto}. */
    record Function(String name, int proto, int linkage) implements BtfType {}

    /** A function signature; a trailing parameter with type 0 and no name means "...". */
    record FunctionProto(int returnType, List<Parameter> parameters) implements BtfType {
        public FunctionProto { parameters = List.copyOf(parameters); }
        public String name() { return ""; }
    }

    record Parameter(String name, int type) {}

    record Variable(String name, int type, int linkage) implements BtfType {}

    record DataSection(String name, int size, List<SectionVariable> variables) implements BtfType {
        public DataSection { variables = List.copyOf(variables); }
    }

    record SectionVariable(int type, int offset, int size) {}

    record DeclTag(String name, int type, int componentIndex) implements BtfType {}
}
