package jtracec.cli.differential;

import static jtracec.spec.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import jtracec.spec.isa.Insn;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.object.MapSpec;
import jtracec.spec.source.LineTable;

/**
 * Plants one fault of a given kind into a subject, at one site chosen by the caller's random
 * stream (or two sites, one time in four, so small programs still give distinct mutants).
 * Deterministic: the same stream state gives the same mutant. Empty when the program has no site
 * for the kind (no loop to weaken, no lookup to un-check).
 */
final class Mutator {
    private static final int[] DELTAS = {-8, -1, 1, 8};
    /** bpf_map_lookup_elem and bpf_ringbuf_reserve: the helpers whose result may be null. */
    private static final int MAP_LOOKUP_ELEM = 1, RINGBUF_RESERVE = 131;
    private static final Insn NOP = new Insn(JMP | JA, 0, 0, 0, 0);

    Optional<Mutant> mutate(Subject subject, MutationKind kind, SplittableRandom random) {
        if (kind == MutationKind.MAP_SIZE) return mutateMap(subject, random);
        var insns = new ArrayList<>(subject.program().insns());
        List<Integer> sites = sites(kind, insns);
        if (sites.isEmpty()) return Optional.empty();
        int count = sites.size() > 1 && random.nextInt(4) == 0 ? 2 : 1;
        var changes = new ArrayList<String>();
        var chosen = new ArrayList<Integer>();
        while (chosen.size() < count) {
            int pc = sites.get(random.nextInt(sites.size()));
            if (!chosen.contains(pc)) chosen.add(pc);
        }
        for (int pc : chosen) changes.add("pc %d: %s".formatted(pc, apply(kind, insns, pc, random)));
        var program = subject.program();
        var mutated = new BpfProgram(program.name(), program.probe(), program.type(), program.sites(), insns,
                LineTable.unknown(subject.origin(), insns.size()), program.span());
        return Optional.of(new Mutant(subject, kind, String.join("; ", changes),
                new BpfObject(subject.object().sourceName(), List.of(mutated), subject.object().maps(), subject.object().printfs())));
    }

    private static List<Integer> sites(MutationKind kind, List<Insn> insns) {
        var sites = new ArrayList<Integer>();
        for (int pc = 0; pc < insns.size(); pc++) {
            if (isSecondSlot(insns, pc)) continue;
            Insn insn = insns.get(pc);
            boolean isSite = switch (kind) {
                case ACCESS_OFFSET -> isMemoryAccess(insn);
                case POINTER_OFFSET -> insn.opcode() == (ALU64 | ADD | K) && insn.imm() != 0;
                case HELPER_SIZE -> isCall(insn) && constantArgument(insns, pc).isPresent();
                case NULL_CHECK -> isCall(insn) && (insn.imm() == MAP_LOOKUP_ELEM || insn.imm() == RINGBUF_RESERVE)
                        && nullCheck(insns, pc).isPresent();
                case SWAPPED_REGISTERS -> hasSourceRegister(insn) && insn.src() != insn.dst();
                case LOOP_BOUND -> isConditional(insn) && isInLoop(insns, pc);
                case JUMP_TARGET -> isJump(insn);
                case DROPPED_STORE -> (insn.opClass() == ST || insn.opClass() == STX) && (insn.opcode() & 0xe0) == MEM;
                case MAP_SIZE -> false;
            };
            if (isSite) sites.add(pc);
        }
        return sites;
    }

    /** Changes {@code insns} at {@code pc} (a site of {@code kind}) and says how. */
    private static String apply(MutationKind kind, List<Insn> insns, int pc, SplittableRandom random) {
        Insn insn = insns.get(pc);
        int delta = DELTAS[random.nextInt(DELTAS.length)];
        return switch (kind) {
            case ACCESS_OFFSET, JUMP_TARGET -> {
                int step = kind == MutationKind.JUMP_TARGET ? (random.nextBoolean() ? 1 : -1) : delta;
                insns.set(pc, withOffset(insn, insn.offset() + step));
                yield "offset %+d".formatted(step);
            }
            case POINTER_OFFSET -> {
                insns.set(pc, withImm(insn, insn.imm() + delta));
                yield "added constant %+d".formatted(delta);
            }
            case HELPER_SIZE -> {
                int at = constantArgument(insns, pc).orElseThrow();
                insns.set(at, withImm(insns.get(at), insns.get(at).imm() + delta));
                yield "argument r%d of the call set at pc %d %+d".formatted(insns.get(at).dst(), at, delta);
            }
            case NULL_CHECK -> {
                int check = nullCheck(insns, pc).orElseThrow();
                Insn branch = insns.get(check);
                // jeq rX, 0 skips the non-null path: never take it; jne rX, 0 enters it: always take it
                insns.set(check, (branch.opcode() & 0xf0) == JEQ ? NOP : new Insn(JMP | JA, 0, 0, branch.offset(), 0));
                yield "null check at pc %d dropped".formatted(check);
            }
            case SWAPPED_REGISTERS -> {
                insns.set(pc, new Insn(insn.opcode(), insn.src(), insn.dst(), insn.offset(), insn.imm()));
                yield "r%d and r%d swapped".formatted(insn.dst(), insn.src());
            }
            case LOOP_BOUND -> switch (random.nextInt(3)) {
                case 0 -> {
                    insns.set(pc, new Insn(JMP | JA, 0, 0, insn.offset(), 0));
                    yield "comparison dropped: always jumps";
                }
                case 1 -> {
                    insns.set(pc, NOP);
                    yield "comparison dropped: never jumps";
                }
                default -> {
                    int raise = 1 + random.nextInt(1 << random.nextInt(1, 21));
                    if ((insn.opcode() & X) == X) {
                        // a register bound: compare with a constant instead, far from the original
                        insns.set(pc, new Insn(insn.opcode() & ~X, insn.dst(), 0, insn.offset(), raise));
                        yield "register bound replaced by %d".formatted(raise);
                    }
                    insns.set(pc, withImm(insn, insn.imm() + raise));
                    yield "bound raised by %d".formatted(raise);
                }
            };
            case DROPPED_STORE -> {
                insns.set(pc, NOP);
                yield "store dropped";
            }
            case MAP_SIZE -> throw new IllegalStateException("bug: map sizes are not instruction sites");
        };
    }

    private static Optional<Mutant> mutateMap(Subject subject, SplittableRandom random) {
        var used = new ArrayList<Integer>();
        for (Insn insn : subject.program().insns()) {
            if (insn.isWide() && insn.src() == PSEUDO_MAP_FD && !used.contains(insn.imm())
                    && subject.object().maps().get(insn.imm()).type() != MapType.RINGBUF) {
                used.add(insn.imm());
            }
        }
        if (used.isEmpty()) return Optional.empty();
        int index = used.get(random.nextInt(used.size()));
        MapSpec map = subject.object().maps().get(index);
        int delta = DELTAS[random.nextInt(DELTAS.length)];
        boolean isKey = random.nextBoolean();
        int size = Math.max(1, (isKey ? map.keySize() : map.valueSize()) + delta);
        var mutated = isKey
                ? new MapSpec(map.name(), map.type(), size, map.valueSize(), map.maxEntries(), map.display())
                : new MapSpec(map.name(), map.type(), map.keySize(), size, map.maxEntries(), map.display());
        var maps = new ArrayList<>(subject.object().maps());
        maps.set(index, mutated);
        return Optional.of(new Mutant(subject, MutationKind.MAP_SIZE,
                "map %d (%s) %s size %d -> %d".formatted(index, map.name(), isKey ? "key" : "value", isKey ? map.keySize() : map.valueSize(), size),
                new BpfObject(subject.object().sourceName(), List.of(subject.program()), maps, subject.object().printfs())));
    }

    /** The nearest {@code mov rN, imm} (N = 1..5) before the call at {@code call} in the same straight-line run. */
    private static Optional<Integer> constantArgument(List<Insn> insns, int call) {
        for (int pc = call - 1; pc >= Math.max(0, call - 8); pc--) {
            Insn insn = insns.get(pc);
            if (isSecondSlot(insns, pc) || insn.isWide()) continue;
            if (insn.opClass() == JMP || insn.opClass() == JMP32) return Optional.empty();
            if (insn.opcode() == (ALU64 | MOV | K) && insn.dst() >= 1 && insn.dst() <= 5) return Optional.of(pc);
        }
        return Optional.empty();
    }

    /** The first {@code jeq/jne rX, 0} after the call at {@code call} testing r0 or a copy of it, within a few instructions. */
    private static Optional<Integer> nullCheck(List<Insn> insns, int call) {
        int holder = 0;
        for (int pc = call + 1; pc < Math.min(insns.size(), call + 5); pc++) {
            Insn insn = insns.get(pc);
            if (insn.opcode() == (ALU64 | MOV | X) && insn.src() == holder) {
                holder = insn.dst();
                continue;
            }
            int op = insn.opcode();
            if ((op == (JMP | JEQ | K) || op == (JMP | JNE | K)) && insn.imm() == 0 && insn.dst() == holder) return Optional.of(pc);
            if (insn.opClass() == JMP) return Optional.empty();
        }
        return Optional.empty();
    }

    /** A conditional jump between a back edge's target and the back edge: part of some loop. */
    private static boolean isInLoop(List<Insn> insns, int pc) {
        for (int edge = 0; edge < insns.size(); edge++) {
            Insn insn = insns.get(edge);
            if (!isJump(insn) || isSecondSlot(insns, edge)) continue;
            int target = edge + 1 + insn.offset();
            if (target <= edge && target <= pc && pc <= edge) return true;
        }
        return false;
    }

    private static boolean isMemoryAccess(Insn insn) {
        int mode = insn.opcode() & 0xe0;
        return (insn.opClass() == LDX || insn.opClass() == ST || insn.opClass() == STX) && (mode == MEM || mode == ATOMIC);
    }

    private static boolean isCall(Insn insn) {
        return insn.opcode() == (JMP | CALL) && insn.src() == 0;
    }

    private static boolean isJump(Insn insn) {
        int op = insn.opcode() & 0xf0;
        return (insn.opClass() == JMP || insn.opClass() == JMP32) && op != CALL && op != EXIT;
    }

    private static boolean isConditional(Insn insn) {
        return isJump(insn) && (insn.opcode() & 0xf0) != JA;
    }

    private static boolean hasSourceRegister(Insn insn) {
        int op = insn.opcode() & 0xf0;
        return switch (insn.opClass()) {
            case ALU, ALU64 -> (insn.opcode() & X) == X && op != END && op != NEG;
            case JMP, JMP32 -> isConditional(insn) && (insn.opcode() & X) == X;
            case LDX, STX -> (insn.opcode() & 0xe0) == MEM;
            default -> false;
        };
    }

    private static boolean isSecondSlot(List<Insn> insns, int pc) {
        return pc > 0 && insns.get(pc - 1).isWide();
    }

    private static Insn withOffset(Insn insn, int offset) {
        return new Insn(insn.opcode(), insn.dst(), insn.src(), Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, offset)), insn.imm());
    }

    private static Insn withImm(Insn insn, int imm) {
        return new Insn(insn.opcode(), insn.dst(), insn.src(), insn.offset(), imm);
    }
}
