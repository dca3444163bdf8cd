package jtracec.compiler;

import java.util.List;
import java.util.Optional;
import jtracec.compiler.codegen.CodeGenerator;
import jtracec.compiler.codegen.ElfWriter;
import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrPass;
import jtracec.compiler.ir.IrPrinter;
import jtracec.compiler.lower.Lowering;
import jtracec.compiler.opt.ConstantArgumentThreading;
import jtracec.compiler.opt.ConstantFolding;
import jtracec.compiler.opt.CopyPropagation;
import jtracec.compiler.opt.DeadCodeElimination;
import jtracec.compiler.opt.ExitMerging;
import jtracec.compiler.opt.JumpThreading;
import jtracec.compiler.opt.MapLookupCse;
import jtracec.compiler.opt.RangeFolding;
import jtracec.compiler.sema.TypedProgram;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.object.BpfObject;

/**
 * The back end: lowers a typed program to IR, optimises it and generates an object. Stops at the
 * first stage that reports an error; the diagnostics say why.
 */
public final class Compiler {
    /**
     * The optimisation pipeline, in order: folding exposes copies and dead code; CSE after cleanup;
     * threading constant arguments shows which branches a block is reached through, range folding
     * uses that (and the ranges of loads and arithmetic) to decide compares, and folding again
     * drops the arms they rule out.
     */
    public static List<IrPass> passes(CompileOptions options) {
        return switch (options.optimization()) {
            case NONE -> List.of();
            case DEFAULT -> List.of(new ConstantFolding(), new CopyPropagation(), new MapLookupCse(),
                    new DeadCodeElimination(), new ConstantArgumentThreading(), new RangeFolding(),
                    new ConstantFolding(), new CopyPropagation(), new DeadCodeElimination(), new JumpThreading(),
                    new ExitMerging());
        };
    }

    public Optional<BpfObject> compile(TypedProgram program, CompileOptions options, Diagnostics diags) {
        // running a constant BEGIN at compile time is an optimisation: -O0 keeps every probe a program
        boolean evaluateBegin = options.optimization() == CompileOptions.Optimization.DEFAULT;
        return optimisedIr(program, options, diags).flatMap(module -> new CodeGenerator().generate(module, evaluateBegin, diags));
    }

    /** The optimised IR, as {@code -d ir} shows it. */
    public Optional<IrModule> optimisedIr(TypedProgram program, CompileOptions options, Diagnostics diags) {
        Optional<IrModule> lowered = new Lowering(options.mapEntries(), options.eventBufferBytes()).lower(program, diags);
        if (lowered.isEmpty()) return Optional.empty();
        IrModule module = lowered.get();
        for (IrPass pass : passes(options)) module = pass.run(module);
        return Optional.of(module);
    }

    /** The text of {@link #optimisedIr}, for {@code -d ir}. */
    public Optional<String> irText(TypedProgram program, CompileOptions options, Diagnostics diags) {
        return optimisedIr(program, options, diags).map(module -> new IrPrinter().print(module));
    }

    /** The object as a relocatable eBPF ELF that libbpf and {@code bpftool prog loadall} load ({@code --emit-elf}). */
    public byte[] elf(BpfObject object) {
        return new ElfWriter().write(object);
    }
}
