package jtracec.compiler.ir;

/** An SSA value: defined exactly once in its function, by an instruction or as a block parameter. */
public record Value(int id, IrType type) {
    @Override
    public String toString() {
        return "%" + id;
    }
}
