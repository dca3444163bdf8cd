package jtracec.compiler.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jtracec.compiler.ir.Block;
import jtracec.compiler.ir.ControlFlow;
import jtracec.compiler.ir.Function;
import jtracec.compiler.ir.Inst;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;
import jtracec.compiler.lower.LowerCode;
import jtracec.spec.diag.Diagnostic;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.kernel.KernelLimits;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;

/**
 * Turns IR into an object the kernel accepts: BEGIN probes that only send constants become their
 * records ({@link BeginEvaluation}); per other function, fuse compares into branches, allocate
 * registers and stack, select instructions. Every instruction carries the span of the IR it came
 * from. A program whose frame exceeds the kernel's 512 bytes is a diagnostic at the probe.
 */
public final class CodeGenerator {
    public Optional<BpfObject> generate(IrModule module, Diagnostics diags) {
        return generate(module, false, diags);
    }

    /** {@code evaluateBegin}: run BEGIN probes that only send constants here, instead of making them programs. */
    public Optional<BpfObject> generate(IrModule module, boolean evaluateBegin, Diagnostics diags) {
        BeginEvaluation.Split split = evaluateBegin ? BeginEvaluation.split(module) : new BeginEvaluation.Split(module, Optional.empty());
        var programs = new ArrayList<BpfProgram>();
        boolean failed = false;
        for (Function function : split.rest().functions()) {
            Optional<BpfProgram> program = generate(function, diags);
            if (program.isEmpty()) failed = true;
            else programs.add(program.get());
        }
        if (failed) return Optional.empty();
        return Optional.of(new BpfObject(module.sourceName(), programs, module.maps(), module.printfs(), split.begin()));
    }

    private Optional<BpfProgram> generate(Function function, Diagnostics diags) {
        var cfg = new ControlFlow(function);
        Set<Inst.Compare> fused = fusibleCompares(function);
        var liveness = Liveness.of(function, fused);
        Map<Value, Integer> callerSaved = CallerSavedHomes.proposals(function);
        StackLayout frame;
        Map<Value, Home> homes;
        RegisterAllocator allocator;
        while (true) {
            frame = new StackLayout();
            allocator = new RegisterAllocator(function, cfg, liveness, fused, frame, callerSaved);
            homes = allocator.allocate();
            Set<Value> broken = CallerSavedHomes.clobbered(function, liveness, fused, homes, callerSaved.keySet());
            if (broken.isEmpty()) break;
            callerSaved = new HashMap<>(callerSaved);
            callerSaved.keySet().removeAll(broken);
        }
        if (frame.size() > KernelLimits.STACK_SIZE) {
            diags.report(Diagnostic.error(LowerCode.STACK_LIMIT, function.span(),
                            "probe %s needs %d bytes of stack, the kernel allows %d".formatted(function.probe(),
                                    frame.size(), KernelLimits.STACK_SIZE))
                    .withHelp("use fewer or shorter strings in one printf or map key, or split the probe"));
            return Optional.empty();
        }
        var output = new InstructionSelector(function, cfg.reversePostorder(), new HashMap<>(homes), fused,
                allocator.addressesComputedOnce()).select();
        var variables = new VariableLocations(function, homes, fused).table(output.insns(), output.origins(), output.points());
        // the program's own span is where messages about attaching it point (E0901): its attach point
        return Optional.of(new BpfProgram(function.name(), function.probe(), function.programType(), function.sites(),
                output.insns(), output.lines(), variables, function.attachSpan()));
    }

    /** Compares whose only use is the branch that ends their block, right after them. */
    private static Set<Inst.Compare> fusibleCompares(Function function) {
        var useCount = new HashMap<Value, Integer>();
        for (Block block : function.blocks()) {
            for (Inst inst : block.body()) inst.operands().forEach(v -> useCount.merge(v, 1, Integer::sum));
            block.end().operands().forEach(v -> useCount.merge(v, 1, Integer::sum));
        }
        var fused = new HashSet<Inst.Compare>();
        for (Block block : function.blocks()) {
            List<Inst> body = block.body();
            if (body.isEmpty() || !(body.get(body.size() - 1) instanceof Inst.Compare c)) continue;
            if (block.end() instanceof Terminator.Branch b && b.cond().equals(c.dst()) && useCount.get(c.dst()) == 1) {
                fused.add(c);
            }
        }
        return fused;
    }
}
