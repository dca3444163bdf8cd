package jtracec.compiler.ir;

import java.util.List;

/** A basic block: parameters instead of phis, straight-line body, exactly one terminator. */
public record Block(BlockId id, List<Value> params, List<Inst> body, Terminator end) {
    public Block {
        params = List.copyOf(params);
        body = List.copyOf(body);
    }
}
