package jtracec.verifier.state;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import jtracec.spec.isa.Reg;

/**
 * Everything the analysis knows before one instruction on the paths joined into it: register
 * values, the stack frame, ring-buffer reservations still held, and the path condition.
 * Immutable; every update returns a new state sharing what did not change.
 */
public final class AbstractState {

    /** A reservation made by the reserve call at {@code id}: its address (0 when null) and whether it is still held (1) or released (0). */
    public record Held(Term address, Term live) {}

    private final Value[] registers;
    private final StackMemory stack;
    private final Map<Integer, Held> reservations;
    private final PathCondition path;

    public AbstractState(Value[] registers, StackMemory stack, Map<Integer, Held> reservations, PathCondition path) {
        if (registers.length != Reg.COUNT) throw new IllegalArgumentException("bug: register file of " + registers.length);
        this.registers = registers.clone();
        this.stack = stack;
        this.reservations = Collections.unmodifiableMap(new TreeMap<>(reservations));
        this.path = path;
    }

    /** The state at a program's entry: r1 is the context, r10 the frame pointer, all else uninitialised. */
    public static AbstractState entry() {
        var regs = new Value[Reg.COUNT];
        Arrays.fill(regs, Value.UNINIT);
        regs[Reg.R1] = new Value.CtxPointer(Term.ZERO);
        regs[Reg.FP] = new Value.StackPointer(Term.ZERO);
        return new AbstractState(regs, StackMemory.EMPTY, Map.of(), PathCondition.EMPTY);
    }

    public Value register(int reg) {
        return registers[reg];
    }

    public StackMemory stack() {
        return stack;
    }

    public Map<Integer, Held> reservations() {
        return reservations;
    }

    public PathCondition path() {
        return path;
    }

    public AbstractState withRegister(int reg, Value value) {
        var regs = registers.clone();
        regs[reg] = value;
        return new AbstractState(regs, stack, reservations, path);
    }

    public AbstractState withStack(StackMemory newStack) {
        return new AbstractState(registers, newStack, reservations, path);
    }

    public AbstractState withReservations(Map<Integer, Held> held) {
        return new AbstractState(registers, stack, held, path);
    }

    public AbstractState assume(Formula condition) {
        return new AbstractState(registers, stack, reservations, path.and(condition));
    }

    public boolean isInfeasible() {
        return path.isInfeasible();
    }

    /** Replaces every register and spilled value equal to {@code from} by {@code to} (a null check refines all copies). */
    public AbstractState replaceEverywhere(Value from, Value to) {
        var regs = registers.clone();
        for (int i = 0; i < regs.length; i++) if (regs[i].equals(from)) regs[i] = to;
        StackMemory s = stack;
        for (StackMemory.Cell c : stack.cells()) {
            if (c.value().equals(from)) s = s.replace(c, to);
        }
        return new AbstractState(regs, s, reservations, path);
    }

    Value[] registersCopy() {
        return registers.clone();
    }

    /** One line per live register, as {@code --explain} prints it. */
    public String describe() {
        var out = new StringBuilder();
        for (int i = 0; i < Reg.COUNT; i++) {
            if (registers[i] instanceof Value.Uninit) continue;
            if (!out.isEmpty()) out.append(' ');
            out.append('r').append(i).append('=').append(registers[i].describe());
        }
        return out.toString();
    }
}
