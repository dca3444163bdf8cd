package jtracec.verifier.termination;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import jtracec.verifier.cfg.Cfg;

/**
 * Finds the loops of a well-formed CFG: one per back edge of the depth-first search, with its body
 * (the instructions that reach the latch without passing the header). Bounds are proved elsewhere;
 * today every loop is reported as having no proven bound, and the analysis never follows a back edge.
 */
public final class LoopFinder {

    public List<Loop> loops(Cfg cfg) {
        var preds = new ArrayList<List<Integer>>();
        for (int pc = 0; pc < cfg.size(); pc++) preds.add(new ArrayList<>());
        for (int pc = 0; pc < cfg.size(); pc++) {
            for (int s : cfg.successors(pc)) preds.get(s).add(pc);
        }
        var loops = new ArrayList<Loop>();
        for (int[] edge : cfg.backEdges()) {
            int latch = edge[0], header = edge[1];
            var body = new HashSet<Integer>();
            body.add(header);
            var work = new ArrayDeque<Integer>();
            if (body.add(latch)) work.add(latch);
            while (!work.isEmpty()) {
                for (int p : preds.get(work.pop())) {
                    if (body.add(p)) work.add(p);
                }
            }
            loops.add(new Loop(header, latch, body));
        }
        return loops;
    }
}
