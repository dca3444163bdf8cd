package jtracec.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jtracec.compiler.ir.IrModule;
import jtracec.compiler.ir.IrParser;
import jtracec.compiler.ir.IrPass;
import jtracec.compiler.ir.IrPrinter;
import jtracec.compiler.ir.IrVerifier;

/** Runs a pass on IR text, checking the IR before and after, and compares with the expected text. */
final class PassTesting {
    private PassTesting() {}

    static final String MAPS = "map #0 AT_x hash key=8 value=8 entries=16\nmap #1 AT_y hash key=8 value=8 entries=16\n";

    static void assertTransforms(IrPass pass, String input, String expected) {
        IrModule before = new IrParser("t.ir").parse(MAPS + input);
        IrVerifier.check(before);
        IrModule after = pass.run(before);
        IrVerifier.check(after);
        assertEquals(new IrPrinter().print(new IrParser("t.ir").parse(MAPS + expected)), new IrPrinter().print(after));
    }
}
