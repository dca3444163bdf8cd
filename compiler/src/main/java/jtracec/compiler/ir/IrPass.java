package jtracec.compiler.ir;

/** An IR-to-IR transformation; its output passes {@link IrVerifier#check} whenever its input does. */
public interface IrPass {
    IrModule run(IrModule module);

    /** Applies {@code f} to every function, for passes that work one function at a time. */
    static IrModule perFunction(IrModule module, java.util.function.UnaryOperator<Function> f) {
        return module.withFunctions(module.functions().stream().map(f).toList());
    }
}
