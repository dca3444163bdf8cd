package jtracec.spec.source;

import java.util.List;
import java.util.Optional;

/**
 * Debug info next to the {@link LineTable}: for every instruction slot, where the script's
 * {@code $variables} are just before it runs (a register or an 8-byte stack slot). Written by
 * codegen from its register allocation, read by the verifier so a counterexample says
 * {@code $i = 9} instead of {@code r6 = 9}. A program with no table (hand-written, foreign or
 * mutated bytecode) is {@link #none()}: every slot knows nothing, and registers keep their names.
 */
public record VariableTable(List<List<VariableLocation>> slots) {
    public VariableTable {
        slots = slots.stream().map(List::copyOf).toList();
    }

    public static VariableTable none() {
        return new VariableTable(List.of());
    }

    public boolean isEmpty() {
        return slots.isEmpty();
    }

    public int size() {
        return slots.size();
    }

    /** The variables located before the instruction at {@code pc}; empty where nothing is known. */
    public List<VariableLocation> at(int pc) {
        return pc >= 0 && pc < slots.size() ? slots.get(pc) : List.of();
    }

    /** The script's name of what register {@code reg} holds before {@code pc}, if it holds a variable. */
    public Optional<String> inRegister(int pc, int reg) {
        return at(pc).stream().filter(l -> l.place() instanceof VariableLocation.Register r && r.reg() == reg)
                .findFirst().map(VariableLocation::name);
    }

    /** The script's name of what the 8 bytes at {@code fp + offset} hold before {@code pc}, if a variable. */
    public Optional<String> onStack(int pc, int offset) {
        return at(pc).stream().filter(l -> l.place() instanceof VariableLocation.Stack s && s.offset() == offset)
                .findFirst().map(VariableLocation::name);
    }
}
