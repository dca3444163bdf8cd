package jtracec.compiler.opt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.ControlFlow;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;

/**
 * Where a function updates or deletes from each map, and whether such a write can run between two
 * points of it: after instruction {@code fromIndex} of one block and before instruction
 * {@code toIndex} of another, on some path between them. Conservative: a point inside a loop that
 * can come back to it counts its whole block.
 */
final class MapWrites {
    private final Map<BlockId, Block> blocks;
    private final ControlFlow cfg;

    MapWrites(Function function, ControlFlow cfg) {
        this.blocks = function.blocksById();
        this.cfg = cfg;
    }

    boolean between(int map, BlockId from, int fromIndex, BlockId to, int toIndex) {
        if (from.equals(to) && fromIndex < toIndex && !reaches(successors(from), Set.of(from))) {
            return writes(map, from, fromIndex + 1, toIndex);
        }
        Set<BlockId> after = closure(successors(from), true);
        Set<BlockId> before = closure(cfg.predecessors(to), false);
        if (after.contains(from) || before.contains(to)) return true;
        for (BlockId id : after) {
            if (before.contains(id) && writes(map, id, 0, blocks.get(id).body().size())) return true;
        }
        return writes(map, from, fromIndex + 1, blocks.get(from).body().size()) || writes(map, to, 0, toIndex);
    }

    private boolean writes(int map, BlockId id, int start, int end) {
        List<Inst> body = blocks.get(id).body();
        for (int i = start; i < end; i++) {
            if (body.get(i) instanceof Inst.MapUpdate u && u.map() == map) return true;
            if (body.get(i) instanceof Inst.MapDelete d && d.map() == map) return true;
        }
        return false;
    }

    private List<BlockId> successors(BlockId id) {
        return blocks.get(id).end().successors();
    }

    private boolean reaches(List<BlockId> starts, Set<BlockId> targets) {
        return closure(starts, true).stream().anyMatch(targets::contains);
    }

    /** Every block reachable from {@code starts}, forwards or backwards, the starts included. */
    private Set<BlockId> closure(List<BlockId> starts, boolean forwards) {
        var seen = new HashSet<BlockId>();
        var work = new ArrayList<>(starts);
        while (!work.isEmpty()) {
            BlockId id = work.remove(work.size() - 1);
            if (!seen.add(id)) continue;
            work.addAll(forwards ? successors(id) : cfg.predecessors(id));
        }
        return seen;
    }
}
