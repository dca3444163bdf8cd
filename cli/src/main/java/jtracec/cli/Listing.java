package jtracec.cli;

import jtracec.spec.isa.Disassembler;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;

/** {@code -d asm}: every program's bytecode in the kernel verifier-log syntax. */
final class Listing {
    private Listing() {}

    static String of(BpfObject object) {
        var out = new StringBuilder();
        for (BpfProgram program : object.programs()) {
            out.append("; ").append(program.name()).append(": ").append(program.probe())
                    .append(" (").append(program.insns().size()).append(" instructions)\n");
            out.append(Disassembler.listing(program.insns()));
        }
        return out.toString();
    }
}
