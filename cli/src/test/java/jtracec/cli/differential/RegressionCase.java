package jtracec.cli.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import jtracec.spec.isa.Disassembler;
import jtracec.spec.isa.InsnCodec;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.object.MapSpec;

/**
 * Writes an unsound mutant as a verifier case file (the format of verifier/src/test/resources/verifier,
 * read by VerifierCase): the program type, the maps, the bytecode as raw words with its disassembly,
 * and {@code -- expect rejected}, because the kernel refuses it. The kernel's last log line is a comment.
 */
final class RegressionCase {
    private RegressionCase() {}

    static Path write(Path directory, Campaign.Finding finding, int number) throws IOException {
        Files.createDirectories(directory);
        BpfProgram program = finding.object().programs().get(0);
        var text = new StringBuilder();
        text.append("# differential: %s, %s: %s%n".formatted(finding.subject().name(), finding.row(), finding.change()));
        text.append("# the kernel refuses it (errno %d): %s%n".formatted(finding.rejection().errno(), finding.rejection().lastLogLine()));
        text.append("-- program\n").append(programLine(program)).append('\n');
        text.append("-- maps\n");
        for (int i = 0; i < finding.object().maps().size(); i++) text.append(mapLine(finding.object().maps().get(i), i)).append('\n');
        text.append("-- raw\n");
        for (int pc = 0; pc < program.insns().size(); pc++) {
            text.append("0x%016x  # %s%n".formatted(InsnCodec.word(program.insns().get(pc)), Disassembler.line(program.insns(), pc).strip()));
        }
        text.append("-- expect\nrejected\n");
        String name = "%s-%s-%d.txt".formatted(finding.subject().origin().replaceAll("[^A-Za-z0-9]+", "_"),
                finding.row().toLowerCase(Locale.ROOT), number);
        Path file = directory.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static String programLine(BpfProgram program) {
        if (program.sites().get(0).point() instanceof AttachPoint.Tracepoint tracepoint) {
            return "tracepoint %s %s".formatted(tracepoint.category(), tracepoint.name());
        }
        return program.type().name().toLowerCase(Locale.ROOT);
    }

    private static String mapLine(MapSpec map, int index) {
        return "%s key %d value %d entries %d name @m%d".formatted(map.type().name().toLowerCase(Locale.ROOT),
                map.keySize(), map.valueSize(), map.maxEntries(), index);
    }
}
