package jtracec.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import jtracec.spec.helper.HelperId;
import jtracec.spec.object.Signedness;
import jtracec.spec.source.SourceSpan;

/**
 * An IR instruction: a record over SSA values, carrying the span of the script construct it was
 * made for. Maps are referred to by their index in {@link IrModule#maps()}. Memory is addressed as
 * a pointer value plus a constant byte offset, so codegen can use the eBPF {@code [reg+off]} form.
 */
public sealed interface Inst {
    SourceSpan span();

    record Const(Value dst, long bits, SourceSpan span) implements Inst {}

    /** A plain copy; copy propagation removes it. */
    record Copy(Value dst, Value src, SourceSpan span) implements Inst {}

    record Alu(Value dst, AluOp op, Value lhs, Value rhs, SourceSpan span) implements Inst {}

    /** 1 when {@code lhs op rhs} holds, else 0. */
    record Compare(Value dst, CmpOp op, Value lhs, Value rhs, SourceSpan span) implements Inst {}

    /** A fresh 8-byte-aligned stack buffer of {@code size} bytes; its contents start uninitialised. */
    record StackSlot(Value dst, int size, SourceSpan span) implements Inst {}

    /** {@code base + offset}, same kind of pointer. */
    record Offset(Value dst, Value base, int offset, SourceSpan span) implements Inst {}

    /** Loads {@code width} bytes (1, 2, 4, 8) at {@code base + offset}, extended to 64 bits. */
    record Load(Value dst, Value base, int offset, int width, Signedness signedness, SourceSpan span) implements Inst {}

    /** Stores the low {@code width} bytes of {@code value} at {@code base + offset}. */
    record Store(Value base, int offset, Value value, int width, SourceSpan span) implements Inst {}

    /** bpf_map_lookup_elem: a map value pointer, or 0 when the key is absent. */
    record MapLookup(Value dst, int map, Value key, SourceSpan span) implements Inst {}

    /** bpf_map_update_elem with {@code flags} (BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2). */
    record MapUpdate(Value dst, int map, Value key, Value value, long flags, SourceSpan span) implements Inst {}

    record MapDelete(Value dst, int map, Value key, SourceSpan span) implements Inst {}

    /** bpf_ringbuf_output of {@code size} bytes at {@code data}, flags 0. */
    record RingbufOutput(Value dst, int map, Value data, int size, SourceSpan span) implements Inst {}

    /** bpf_get_stackid(ctx, map, flags): the id of the current kernel or user stack in a stack-trace map. */
    record StackId(Value dst, int map, Value context, long flags, SourceSpan span) implements Inst {}

    /**
     * Atomically adds {@code amount} to the u64 at {@code offset} in the value of {@code map}, a
     * one-element array addressed directly (ld_imm64 of the map value, BPF_PSEUDO_MAP_VALUE): no
     * lookup, no null check. Used for counters only the loader reads, such as lost events.
     */
    record MapValueAdd(int map, int offset, Value amount, SourceSpan span) implements Inst {}

    /**
     * Atomically adds {@code amount} to the u64 at {@code base + offset} of a map value (BPF_ATOMIC
     * BPF_ADD, {@code lock add} on x86): an aggregation's update in place, which no concurrent
     * update on another CPU can undo, in one instruction where load, add and store take three.
     */
    record AtomicAdd(Value base, int offset, Value amount, SourceSpan span) implements Inst {}

    /** Any other helper; arguments go to r1..r5 in order. */
    record Call(Value dst, HelperId helper, List<Value> args, SourceSpan span) implements Inst {
        public Call { args = List.copyOf(args); }
    }

    /** True for the instructions that call a helper: r0..r5 are clobbered, the result comes back in r0. */
    default boolean isHelperCall() {
        return switch (this) {
            case MapLookup i -> true;
            case MapUpdate i -> true;
            case MapDelete i -> true;
            case RingbufOutput i -> true;
            case StackId i -> true;
            case Call i -> true;
            default -> false;
        };
    }

    /** The value this instruction defines, if any. */
    default Optional<Value> result() {
        return switch (this) {
            case Const i -> Optional.of(i.dst());
            case Copy i -> Optional.of(i.dst());
            case Alu i -> Optional.of(i.dst());
            case Compare i -> Optional.of(i.dst());
            case StackSlot i -> Optional.of(i.dst());
            case Offset i -> Optional.of(i.dst());
            case Load i -> Optional.of(i.dst());
            case Store i -> Optional.empty();
            case MapLookup i -> Optional.of(i.dst());
            case MapUpdate i -> Optional.of(i.dst());
            case MapDelete i -> Optional.of(i.dst());
            case RingbufOutput i -> Optional.of(i.dst());
            case StackId i -> Optional.of(i.dst());
            case MapValueAdd i -> Optional.empty();
            case AtomicAdd i -> Optional.empty();
            case Call i -> Optional.of(i.dst());
        };
    }

    default List<Value> operands() {
        return switch (this) {
            case Const i -> List.of();
            case Copy i -> List.of(i.src());
            case Alu i -> List.of(i.lhs(), i.rhs());
            case Compare i -> List.of(i.lhs(), i.rhs());
            case StackSlot i -> List.of();
            case Offset i -> List.of(i.base());
            case Load i -> List.of(i.base());
            case Store i -> List.of(i.base(), i.value());
            case MapLookup i -> List.of(i.key());
            case MapUpdate i -> List.of(i.key(), i.value());
            case MapDelete i -> List.of(i.key());
            case RingbufOutput i -> List.of(i.data());
            case StackId i -> List.of(i.context());
            case MapValueAdd i -> List.of(i.amount());
            case AtomicAdd i -> List.of(i.base(), i.amount());
            case Call i -> i.args();
        };
    }

    /** The same instruction with every operand replaced by {@code f(operand)}. */
    default Inst mapOperands(UnaryOperator<Value> f) {
        return switch (this) {
            case Const i -> i;
            case Copy i -> new Copy(i.dst(), f.apply(i.src()), i.span());
            case Alu i -> new Alu(i.dst(), i.op(), f.apply(i.lhs()), f.apply(i.rhs()), i.span());
            case Compare i -> new Compare(i.dst(), i.op(), f.apply(i.lhs()), f.apply(i.rhs()), i.span());
            case StackSlot i -> i;
            case Offset i -> new Offset(i.dst(), f.apply(i.base()), i.offset(), i.span());
            case Load i -> new Load(i.dst(), f.apply(i.base()), i.offset(), i.width(), i.signedness(), i.span());
            case Store i -> new Store(f.apply(i.base()), i.offset(), f.apply(i.value()), i.width(), i.span());
            case MapLookup i -> new MapLookup(i.dst(), i.map(), f.apply(i.key()), i.span());
            case MapUpdate i -> new MapUpdate(i.dst(), i.map(), f.apply(i.key()), f.apply(i.value()), i.flags(), i.span());
            case MapDelete i -> new MapDelete(i.dst(), i.map(), f.apply(i.key()), i.span());
            case RingbufOutput i -> new RingbufOutput(i.dst(), i.map(), f.apply(i.data()), i.size(), i.span());
            case StackId i -> new StackId(i.dst(), i.map(), f.apply(i.context()), i.flags(), i.span());
            case MapValueAdd i -> new MapValueAdd(i.map(), i.offset(), f.apply(i.amount()), i.span());
            case AtomicAdd i -> new AtomicAdd(f.apply(i.base()), i.offset(), f.apply(i.amount()), i.span());
            case Call i -> new Call(i.dst(), i.helper(), i.args().stream().map(f).toList(), i.span());
        };
    }

    /**
     * True when removing the instruction could change what the program does, even if its result
     * is unused. Helpers that only read the current task or clock are pure for this purpose.
     */
    default boolean hasSideEffects() {
        return switch (this) {
            case Const i -> false;
            case Copy i -> false;
            case Alu i -> false;
            case Compare i -> false;
            case StackSlot i -> false;
            case Offset i -> false;
            case Load i -> false;
            case Store i -> true;
            case MapLookup i -> false;
            case MapUpdate i -> true;
            case MapDelete i -> true;
            case RingbufOutput i -> true;
            case StackId i -> false;
            case MapValueAdd i -> true;
            case AtomicAdd i -> true;
            case Call i -> switch (i.helper()) {
                case KTIME_GET_NS, KTIME_GET_BOOT_NS, GET_SMP_PROCESSOR_ID, GET_CURRENT_PID_TGID,
                     GET_CURRENT_UID_GID, GET_CURRENT_CGROUP_ID, GET_CURRENT_TASK, GET_CURRENT_TASK_BTF,
                     GET_PRANDOM_U32 -> false;
                default -> true;
            };
        };
    }
}
