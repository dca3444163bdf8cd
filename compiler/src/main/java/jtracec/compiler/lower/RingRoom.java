package jtracec.compiler.lower;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.ControlFlow;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;

/**
 * Proves that BEGIN's and END's outputs always find room in their ring, so that those programs need
 * not count lost events (issue 8: bpftrace's perf_event_output pays nothing for it).
 *
 * <p>The argument. {@code bpf_ringbuf_output} fails only when its record does not fit:
 * {@code __bpf_ringbuf_reserve()} in kernel/bpf/ringbuf.c takes {@code round_up(size + 8, 8)}
 * bytes (an 8-byte header, the data rounded up to 8) and refuses a reservation that would put the
 * producer more than {@code max_entries - 1} bytes ahead of the consumer. (Its other failures do
 * not apply: our flags are constant and valid, and its spinlock, since 6.15 a resilient one that
 * gives up on a deadlock or a timeout, is uncontended when one program at a time writes the ring.)
 * So a program that writes a ring nothing else writes, starting empty, cannot lose an event if the
 * sum of its record sizes is below the ring's size, and each output runs at most once when none
 * lies on a cycle of the CFG (unrolled loops are copies, each counted). Both hold for:
 * <ul>
 * <li>BEGIN: the loader (TraceSession.run) runs every BEGIN program once through BPF_PROG_TEST_RUN
 *     (a raw-tracepoint test run has no repeat), one after another, before it attaches any other program and before a {@code -c} command is
 *     resumed, into the shared ring it has just created; the loaded programs that are not attached
 *     cannot run, and no one else holds the ring's fd. The sum over all BEGIN programs must fit.</li>
 * <li>END: event programs may still be running when the loader detaches them (a uprobe's run ends
 *     only after an RCU-tasks-trace grace period), so the shared ring is not provably empty then.
 *     END gets a ring of its own that only END programs write, sized to hold their sum, which the
 *     loader drains right after running them.</li>
 * </ul>
 * A block that lists BEGIN or END with other probes, and any output in a loop, keeps the count.
 */
final class RingRoom {
    /** The smallest ring the kernel creates: one page (x86-64's, as BPFTRACE_PERF_RB_PAGES counts them). */
    static final int PAGE_BYTES = 4096;
    /** BPF_RINGBUF_HDR_SZ: every record's header (its length, busy and discard bits, page offset). */
    static final int RECORD_HEADER_BYTES = 8;

    private RingRoom() {}

    /** The ring bytes one record of {@code size} data bytes takes. */
    static long recordBytes(int size) {
        return RECORD_HEADER_BYTES + ((size + 7L) & ~7L);
    }

    /** The most ring bytes one run of {@code function} can take; empty if an output may run more than once. */
    static OptionalLong bytesPerRun(Function function) {
        var flow = new ControlFlow(function);
        Map<BlockId, Block> blocks = function.blocksById();
        long total = 0;
        for (BlockId id : flow.reversePostorder()) {
            long inBlock = 0;
            for (Inst inst : blocks.get(id).body()) {
                if (inst instanceof Inst.RingbufOutput output) inBlock += recordBytes(output.size());
            }
            if (inBlock == 0) continue;
            if (liesOnCycle(id, blocks)) return OptionalLong.empty();
            total += inBlock;
        }
        return OptionalLong.of(total);
    }

    /** BEGIN's programs' ring: the shared one, with room when all their runs fit it. */
    static EventRing forBegin(List<OptionalLong> programBytes, int sharedRingBytes) {
        OptionalLong total = sum(programBytes);
        return total.isPresent() && total.getAsLong() < sharedRingBytes ? new EventRing.SharedWithRoom() : new EventRing.SharedMayBeFull();
    }

    /**
     * END's programs' ring: their own, of the smallest page-multiple power of two that holds all
     * their runs, if that is no larger than the shared ring the user sized; else the shared one.
     */
    static EventRing forEnd(List<OptionalLong> programBytes, int sharedRingBytes) {
        OptionalLong total = sum(programBytes);
        if (total.isEmpty() || total.getAsLong() == 0) return new EventRing.SharedMayBeFull();
        long bytes = PAGE_BYTES;
        while (bytes <= total.getAsLong() && bytes < sharedRingBytes) bytes *= 2;
        return total.getAsLong() < bytes && bytes <= sharedRingBytes ? new EventRing.EndOwnRing((int) bytes) : new EventRing.SharedMayBeFull();
    }

    private static OptionalLong sum(List<OptionalLong> programBytes) {
        long total = 0;
        for (OptionalLong bytes : programBytes) {
            if (bytes.isEmpty()) return OptionalLong.empty();
            total += bytes.getAsLong();
        }
        return OptionalLong.of(total);
    }

    /** Whether {@code start} can be reached again from its successors. */
    private static boolean liesOnCycle(BlockId start, Map<BlockId, Block> blocks) {
        var seen = new HashSet<BlockId>();
        var work = new ArrayDeque<>(blocks.get(start).end().successors());
        while (!work.isEmpty()) {
            BlockId next = work.pop();
            if (next.equals(start)) return true;
            if (seen.add(next)) work.addAll(blocks.get(next).end().successors());
        }
        return false;
    }
}
