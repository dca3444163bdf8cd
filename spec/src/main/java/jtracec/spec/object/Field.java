package jtracec.spec.object;

/** A typed field at a byte offset inside a key, a value or an event record. */
public record Field(FieldType type, int offset) {}
