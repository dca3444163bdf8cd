package jtracec.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The control-flow graph of a function: reverse postorder of the reachable blocks, predecessors,
 * and immediate dominators (Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm").
 */
public final class ControlFlow {
    private final Map<BlockId, Block> blocks;
    private final List<BlockId> reversePostorder;
    private final Map<BlockId, Integer> order = new HashMap<>();
    private final Map<BlockId, List<BlockId>> predecessors = new HashMap<>();
    private final Map<BlockId, BlockId> idom = new HashMap<>();

    public ControlFlow(Function function) {
        this.blocks = function.blocksById();
        var post = new ArrayList<BlockId>();
        postorder(function.entry().id(), new HashSet<>(), post);
        Collections.reverse(post);
        this.reversePostorder = List.copyOf(post);
        for (int i = 0; i < post.size(); i++) order.put(post.get(i), i);
        for (BlockId id : post) predecessors.put(id, new ArrayList<>());
        for (BlockId id : post) {
            for (BlockId succ : blocks.get(id).end().successors()) {
                if (predecessors.containsKey(succ)) predecessors.get(succ).add(id);
            }
        }
        computeDominators();
    }

    private void postorder(BlockId id, Set<BlockId> seen, List<BlockId> out) {
        // iterative, so deep chains of unrolled code do not overflow the Java stack
        var stack = new ArrayList<BlockId>();
        var next = new ArrayList<Integer>();
        if (!blocks.containsKey(id)) throw new IllegalStateException("bug: unknown block " + id);
        seen.add(id);
        stack.add(id);
        next.add(0);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            BlockId current = stack.get(top);
            List<BlockId> succs = blocks.get(current).end().successors();
            int i = next.get(top);
            if (i < succs.size()) {
                next.set(top, i + 1);
                BlockId succ = succs.get(i);
                if (!blocks.containsKey(succ)) throw new IllegalStateException("bug: jump to unknown block " + succ);
                if (seen.add(succ)) {
                    stack.add(succ);
                    next.add(0);
                }
            } else {
                out.add(current);
                stack.remove(top);
                next.remove(top);
            }
        }
    }

    private void computeDominators() {
        BlockId entry = reversePostorder.get(0);
        idom.put(entry, entry);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (BlockId b : reversePostorder.subList(1, reversePostorder.size())) {
                BlockId newIdom = null;
                for (BlockId p : predecessors.get(b)) {
                    if (!idom.containsKey(p)) continue;
                    newIdom = newIdom == null ? p : intersect(p, newIdom);
                }
                if (newIdom != null && !newIdom.equals(idom.get(b))) {
                    idom.put(b, newIdom);
                    changed = true;
                }
            }
        }
    }

    private BlockId intersect(BlockId a, BlockId b) {
        while (!a.equals(b)) {
            while (order.get(a) > order.get(b)) a = idom.get(a);
            while (order.get(b) > order.get(a)) b = idom.get(b);
        }
        return a;
    }

    /** Reachable blocks, entry first, every block before its successors except along back edges. */
    public List<BlockId> reversePostorder() {
        return reversePostorder;
    }

    public boolean isReachable(BlockId id) {
        return order.containsKey(id);
    }

    public List<BlockId> predecessors(BlockId id) {
        return List.copyOf(predecessors.getOrDefault(id, List.of()));
    }

    public boolean dominates(BlockId a, BlockId b) {
        if (!isReachable(a) || !isReachable(b)) return false;
        BlockId current = b;
        while (true) {
            if (current.equals(a)) return true;
            BlockId up = idom.get(current);
            if (up.equals(current)) return false;
            current = up;
        }
    }

    /** Position in reverse postorder; a jump to a block at or before its source is a back edge. */
    public int orderOf(BlockId id) {
        return order.get(id);
    }
}
