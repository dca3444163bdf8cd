package jtracec.compiler.codegen;

import static jtracec.spec.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jtracec.compiler.ir.BlockId;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.Value;
import jtracec.spec.isa.Insn;
import jtracec.spec.isa.Reg;
import jtracec.spec.source.VariableLocation;
import jtracec.spec.source.VariableTable;

/**
 * Computes where the script's variables are before each emitted instruction: the homes of the
 * named values live before the IR instruction the bytecode came from, then, inside that
 * instruction's bytecode, registers followed as they are copied ({@code mov}, a spill reload into
 * a scratch register) or overwritten. Liveness here is exact (per instruction), so a register is
 * named only while it really holds the value: the allocator never gives a register to two values
 * whose live ranges overlap, and in SSA a live value is defined on every path.
 */
final class VariableLocations {
    /** An IR instruction of {@code block} ({@code index} in its body), or its terminator ({@code index == body size}). */
    record Point(BlockId block, int index) {}

    private final Function function;
    private final Map<Value, Home> homes;
    private final Set<Inst.Compare> fused;

    VariableLocations(Function function, Map<Value, Home> homes, Set<Inst.Compare> fused) {
        this.function = function;
        this.homes = homes;
        this.fused = fused;
    }

    /** The table for {@code insns}, where {@code origins.get(pc)} indexes {@code points} (-1: the prologue). */
    VariableTable table(List<Insn> insns, List<Integer> origins, List<Point> points) {
        if (function.variables().names().isEmpty()) return VariableTable.none();
        Liveness liveness = Liveness.of(function, fused);
        var slots = new ArrayList<List<VariableLocation>>();
        var contents = new TreeMap<Integer, Value>();
        var spilled = new ArrayList<Value>();
        int current = -1;
        boolean secondSlot = false;
        for (int pc = 0; pc < insns.size(); pc++) {
            int origin = origins.get(pc);
            if (origin != current) {
                current = origin;
                contents.clear();
                spilled.clear();
                if (origin >= 0) {
                    for (Value v : liveness.before(points.get(origin).block(), points.get(origin).index())) {
                        if (function.variables().of(v).isEmpty()) continue;
                        switch (homes.get(v)) {
                            case Home.Register r -> contents.put(r.reg(), v);
                            case Home.Spill s -> spilled.add(v);
                            case null, default -> { }
                        }
                    }
                }
            }
            var here = new ArrayList<VariableLocation>();
            contents.forEach((reg, v) -> here.add(new VariableLocation(new VariableLocation.Register(reg), function.variables().of(v))));
            spilled.stream().sorted(java.util.Comparator.comparingInt(Value::id)).forEach(v -> here.add(new VariableLocation(
                    new VariableLocation.Stack(((Home.Spill) homes.get(v)).offset()), function.variables().of(v))));
            slots.add(here);
            Insn insn = insns.get(pc);
            if (secondSlot) {
                secondSlot = false;
                continue;
            }
            secondSlot = insn.isWide();
            effect(insn, contents, spilled);
        }
        return new VariableTable(slots);
    }

    /** What one instruction does to the registers known to hold variables. */
    private void effect(Insn insn, Map<Integer, Value> contents, List<Value> spilled) {
        int op = insn.opcode();
        switch (insn.opClass()) {
            case ALU64 -> {
                Value copied = operation(op) == MOV && source(op) == X ? contents.get(insn.src()) : null;
                if (copied != null) contents.put(insn.dst(), copied);
                else contents.remove(insn.dst());
            }
            case ALU, LD -> contents.remove(insn.dst());
            case LDX -> {
                Value reloaded = null;
                if (insn.src() == Reg.FP && size(op) == DW && mode(op) == MEM) {
                    for (Value v : spilled) {
                        if (((Home.Spill) homes.get(v)).offset() == insn.offset()) reloaded = v;
                    }
                }
                if (reloaded != null) contents.put(insn.dst(), reloaded);
                else contents.remove(insn.dst());
            }
            case STX -> {
                if (mode(op) == ATOMIC) {
                    contents.remove(insn.src());
                    contents.remove(Reg.R0);
                }
                // a store over a spill slot ends what it held being known there
                if (insn.dst() == Reg.FP) spilled.removeIf(v -> ((Home.Spill) homes.get(v)).offset() == insn.offset());
            }
            case ST -> {
                if (insn.dst() == Reg.FP) spilled.removeIf(v -> ((Home.Spill) homes.get(v)).offset() == insn.offset());
            }
            case JMP, JMP32 -> {
                if (operation(op) == CALL) {
                    for (int r = Reg.R0; r <= Reg.R5; r++) contents.remove(r);
                }
            }
            default -> { }
        }
    }
}
