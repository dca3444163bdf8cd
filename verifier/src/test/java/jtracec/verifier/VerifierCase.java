package jtracec.verifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jtracec.spec.isa.Insn;
import jtracec.spec.kernel.MapType;
import jtracec.spec.kernel.ProgramType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;
import jtracec.spec.object.MapDisplay;
import jtracec.spec.object.MapSpec;
import jtracec.spec.object.MapValueKind;
import jtracec.spec.source.LineTable;
import jtracec.spec.source.SourceSpan;

/**
 * One verifier case file: {@code -- program} (kprobe, or tracepoint CATEGORY NAME, ...),
 * {@code -- maps} (one per line: TYPE [key N] [value N] [entries N] [name @x]), {@code -- asm} or
 * {@code -- raw}, and {@code -- expect}. Each slot's span is line pc+1 of the file named after the
 * case, so a diagnostic's line says its pc.
 */
record VerifierCase(String name, BpfObject object, List<String> expectations) {

    static VerifierCase parse(String name, String text) {
        Map<String, String> sections = new LinkedHashMap<>();
        String current = null;
        var body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("-- ")) {
                if (current != null) sections.put(current, body.toString());
                current = line.substring(3).trim();
                body.setLength(0);
            } else if (current != null) {
                body.append(line).append('\n');
            }
        }
        if (current != null) sections.put(current, body.toString());
        List<Insn> insns = sections.containsKey("raw") ? AsmText.decode(sections.get("raw")) : AsmText.assemble(sections.getOrDefault("asm", ""));
        var maps = new ArrayList<MapSpec>();
        for (String line : sections.getOrDefault("maps", "").split("\n")) {
            line = line.replaceAll("#.*", "").trim();
            if (!line.isEmpty()) maps.add(map(line, maps.size()));
        }
        String[] program = sections.getOrDefault("program", "kprobe").trim().split("\\s+");
        // kretprobe FUNCTION: a kprobe-typed program attached at the function's return
        boolean isReturn = program[0].equals("kretprobe");
        ProgramType type = isReturn ? ProgramType.KPROBE : ProgramType.valueOf(program[0].toUpperCase(Locale.ROOT));
        AttachPoint attach = type == ProgramType.TRACEPOINT
                ? new AttachPoint.Tracepoint(program[1], program[2])
                : new AttachPoint.Kprobe("vfs_read", 0, isReturn ? AttachPoint.ProbeEnd.RETURN : AttachPoint.ProbeEnd.ENTRY);
        var spans = new ArrayList<SourceSpan>();
        for (int pc = 0; pc < insns.size(); pc++) spans.add(new SourceSpan(name, pc + 1, 1, pc + 1, 2));
        var bpf = BpfProgram.atOneSite("prog", type, new jtracec.spec.object.AttachSite(String.join(":", program), attach), insns, new LineTable(spans), new SourceSpan(name, 1, 1, 1, 1));
        var expectations = sections.getOrDefault("expect", "").lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        return new VerifierCase(name, new BpfObject(name, List.of(bpf), maps, List.of()), expectations);
    }

    private static MapSpec map(String line, int index) {
        String[] words = line.split("\\s+");
        MapType type = MapType.valueOf(words[0].toUpperCase(Locale.ROOT));
        int key = type == MapType.ARRAY || type == MapType.PERCPU_ARRAY ? 4 : 0, value = 0, entries = 1;
        String script = "@m" + index;
        for (int i = 1; i + 1 < words.length; i += 2) {
            switch (words[i]) {
                case "key" -> key = Integer.parseInt(words[i + 1]);
                case "value" -> value = Integer.parseInt(words[i + 1]);
                case "entries" -> entries = Integer.parseInt(words[i + 1]);
                case "name" -> script = words[i + 1];
                default -> throw new IllegalArgumentException("unknown map attribute " + words[i]);
            }
        }
        Optional<MapDisplay> display = type == MapType.RINGBUF ? Optional.empty()
                : Optional.of(new MapDisplay(script, List.of(), new MapValueKind.Count()));
        return new MapSpec("map" + index, type, key, value, entries, display);
    }
}
