package jtracec.cli;

import jtracec.spec.isa.Disassembler;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;

/** {@code -d asm}: every program's bytecode in the kernel verifier-log syntax, and a line for a BEGIN the compiler ran. */
final class Listing {
    private Listing() {}

    static String of(BpfObject object) {
        var out = new StringBuilder();
        object.evaluatedBegin().ifPresent(begin -> out.append("; BEGIN: run by the compiler, no program (it sends ")
                .append(begin.events().size()).append(begin.events().size() == 1 ? " constant record" : " constant records")
                .append(", which jtracec prints where BEGIN runs)\n"));
        for (BpfProgram program : object.programs()) {
            out.append("; ").append(program.name()).append(": ").append(program.probe())
                    .append(" (").append(program.insns().size()).append(" instructions)\n");
            out.append(Disassembler.listing(program.insns()));
        }
        return out.toString();
    }
}
