package jtracec.spec.isa;

import static jtracec.spec.isa.Opcodes.*;

import java.util.List;
import jtracec.spec.helper.HelperId;
import jtracec.spec.isa.Instruction.*;

/**
 * Prints instructions in the kernel verifier log's syntax ({@code print_bpf_insn()} in
 * kernel/bpf/disasm.c, which {@code bpftool prog dump xlated} shares): {@code r1 = *(u64 *)(r10 -8)},
 * {@code if r1 > 0x5 goto pc+3}, {@code call bpf_map_lookup_elem#1}, {@code r1 = map[id:3]}.
 * Map lddw shows the object's map index where bpftool shows the kernel map id.
 */
public final class Disassembler {
    private Disassembler() {}

    /** One instruction, without the {@code (opcode)} prefix; undefined encodings print as {@code invalid: reason}. */
    public static String line(List<Insn> program, int pc) {
        return switch (InsnDecoder.decode(program, pc)) {
            case Decoded.Valid valid -> text(valid.instruction());
            case Decoded.Invalid invalid -> "invalid: " + invalid.reason();
        };
    }

    /** The whole program as bpftool prints it: {@code    0: (bf) r6 = r1}, one line per instruction. */
    public static String listing(List<Insn> program) {
        StringBuilder out = new StringBuilder();
        int pc = 0;
        while (pc < program.size()) {
            out.append("%4d: (%02x) %s%n".formatted(pc, program.get(pc).opcode(), line(program, pc)));
            pc += InsnDecoder.decode(program, pc) instanceof Decoded.Valid valid ? valid.instruction().slots() : 1;
        }
        return out.toString();
    }

    public static String text(Instruction instruction) {
        return switch (instruction) {
            case Alu alu -> alu(alu);
            case MoveSignExtend move -> {
                char width = move.width() == Width.W64 ? 'r' : 'w';
                yield "%c%d = (s%d)%c%d".formatted(width, move.dst(), move.fromBits(), width, move.src());
            }
            case ByteSwap swap -> switch (swap.kind()) {
                case TO_LE -> "r%d = le%d r%d".formatted(swap.dst(), swap.bits(), swap.dst());
                case TO_BE -> "r%d = be%d r%d".formatted(swap.dst(), swap.bits(), swap.dst());
                case BSWAP -> "r%d = bswap%d r%d".formatted(swap.dst(), swap.bits(), swap.dst());
            };
            case Jump jump -> {
                char width = jump.width() == Width.W64 ? 'r' : 'w';
                String operand = switch (jump.source()) {
                    case Operand.Register r -> "%c%d".formatted(width, r.reg());
                    case Operand.Immediate i -> "0x%x".formatted(i.value());
                };
                yield "if %c%d %s %s goto pc%+d".formatted(width, jump.dst(), jump.op().symbol, operand, jump.offset());
            }
            case Goto jump -> "goto pc%+d".formatted(jump.offset());
            case GotoLong jump -> "gotol pc%+d".formatted(jump.offset());
            case CallHelper call -> "call %s#%d".formatted(
                    HelperId.byNumber(call.helper()).map(HelperId::kernelName).orElse("unknown"), call.helper());
            case CallLocal call -> "call pc%+d".formatted(call.offset());
            case CallKernelFunction call -> "call kernel-function#%d".formatted(call.btfId());
            case CallRegister call -> "callx r%d".formatted(call.reg());
            case Exit exit -> "exit";
            case Load load -> "r%d = *(%s *)(r%d %+d)".formatted(load.dst(),
                    load.extension() == Extension.SIGN ? "s" + load.size().bytes * 8 : load.size().cType, load.base(), load.offset());
            case Store store -> "*(%s *)(r%d %+d) = r%d".formatted(store.size().cType, store.base(), store.offset(), store.src());
            case StoreImmediate store -> "*(%s *)(r%d %+d) = %d".formatted(store.size().cType, store.base(), store.offset(), store.value());
            case Atomic atomic -> atomic(atomic);
            case LoadImmediate64 wide -> "r%d = %s".formatted(wide.dst(), switch (wide.source()) {
                case PSEUDO_MAP_FD, PSEUDO_MAP_IDX -> "map[id:%d]".formatted(wide.imm());
                case PSEUDO_MAP_VALUE, PSEUDO_MAP_IDX_VALUE -> "map[id:%d][0]+%d".formatted(wide.imm(), wide.nextImm());
                case PSEUDO_BTF_ID -> "btf_id[%d]".formatted(wide.imm());
                case PSEUDO_FUNC -> "func pc%+d".formatted(wide.imm());
                default -> "0x%x".formatted(wide.value());
            });
            case LegacyPacketLoad load -> load.mode() == PacketMode.ABSOLUTE
                    ? "r0 = *(%s *)skb[%d]".formatted(load.size().cType, load.imm())
                    : "r0 = *(%s *)skb[r%d + %d]".formatted(load.size().cType, load.src(), load.imm());
        };
    }

    private static String alu(Alu alu) {
        char width = alu.width() == Width.W64 ? 'r' : 'w';
        if (alu.op() == AluOp.NEG) return "%c%d = -%c%d".formatted(width, alu.dst(), width, alu.dst());
        String operand = switch (alu.source()) {
            case Operand.Register r -> "%c%d".formatted(width, r.reg());
            case Operand.Immediate i -> Integer.toString(i.value());
        };
        return "%c%d %s %s".formatted(width, alu.dst(), alu.op().symbol, operand);
    }

    private static String atomic(Atomic atomic) {
        String type = atomic.size().cType;
        String bits = atomic.size() == Size.DW ? "64" : "";
        String at = "(%s *)(r%d %+d)".formatted(type, atomic.base(), atomic.offset());
        return switch (atomic.op()) {
            case ADD, OR, AND, XOR -> "lock *%s %s r%d".formatted(at, atomic.op().symbol, atomic.src());
            case FETCH_ADD, FETCH_OR, FETCH_AND, FETCH_XOR ->
                    "r%d = atomic%s_fetch_%s(%s, r%d)".formatted(atomic.src(), bits, atomic.op().word, at, atomic.src());
            case XCHG -> "r%d = atomic%s_xchg(%s, r%d)".formatted(atomic.src(), bits, at, atomic.src());
            case CMPXCHG -> "r0 = atomic%s_cmpxchg(%s, r0, r%d)".formatted(bits, at, atomic.src());
        };
    }
}
