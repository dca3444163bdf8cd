package jtracec.compiler.ir;

import java.util.List;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.PrintfSpec;

/**
 * A lowered script: one function per concrete probe, the maps they share (indexed by
 * {@code Inst}s, in the order the object will list them) and the printf formats events refer to.
 */
public record IrModule(String sourceName, List<Function> functions, List<MapSpec> maps, List<PrintfSpec> printfs) {
    public IrModule {
        functions = List.copyOf(functions);
        maps = List.copyOf(maps);
        printfs = List.copyOf(printfs);
    }

    public IrModule withFunctions(List<Function> newFunctions) {
        return new IrModule(sourceName, newFunctions, maps, printfs);
    }
}
