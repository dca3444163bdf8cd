package jtracec.spec.isa;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One test of the bpf_conformance suite (and of jtracec's own bytecode tests, which share the
 * format): named sections introduced by {@code -- name} lines. {@code asm} is the program,
 * {@code raw} the same program as 64-bit words (preferred when present, as upstream does),
 * {@code mem} the initial memory as hex bytes, {@code result} the expected r0, {@code error}
 * the expected failure. Comments start with '#', as in upstream's {@code bpf_test_parser.cc}.
 */
public record ConformanceCase(Map<String, String> sections) {
    public ConformanceCase {
        sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** Reading a test file: the case, or why it is not one. */
    public sealed interface Parse {
        record Parsed(ConformanceCase test) implements Parse {}

        record Unparsable(String reason) implements Parse {}
    }

    public static Parse parse(String text) {
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String rawLine : text.split("\r?\n", -1)) {
            if (rawLine.startsWith("--")) {
                String name = rawLine.substring(2).strip().toLowerCase(Locale.ROOT);
                current = sections.computeIfAbsent(name, n -> new StringBuilder());
                continue;
            }
            if (current != null) current.append(rawLine).append('\n');
        }
        if (!sections.containsKey("asm") && !sections.containsKey("raw")) return new Parse.Unparsable("no -- asm or -- raw section");
        Map<String, String> result = new LinkedHashMap<>();
        sections.forEach((name, body) -> result.put(name, body.toString()));
        return new Parse.Parsed(new ConformanceCase(result));
    }

    public Optional<String> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /** The program: the raw words if given, else the assembled text. */
    public Assembler.Assembly program() {
        Optional<String> raw = section("raw");
        if (raw.isPresent()) {
            List<Insn> insns = new ArrayList<>();
            for (String word : withoutComments(raw.get()).split("\\s+")) {
                if (word.isEmpty()) continue;
                try {
                    long value = word.startsWith("0x") ? Long.parseUnsignedLong(word.substring(2), 16) : Long.parseUnsignedLong(word);
                    insns.add(InsnCodec.fromWord(value));
                } catch (NumberFormatException e) {
                    return new Assembler.Assembly.Failed(0, "bad raw word " + word);
                }
            }
            return new Assembler.Assembly.Assembled(insns);
        }
        return Assembler.assemble(section("asm").orElse(""));
    }

    /** Initial memory: the {@code -- mem} hex bytes, or none. */
    public byte[] memory() {
        String hex = withoutComments(section("mem").orElse("")).replaceAll("\\s+", "");
        return HexFormat.of().parseHex(hex);
    }

    /** The expected r0: hex when it has 0x, else decimal, as upstream reads it. */
    public Optional<Long> expectedResult() {
        String text = withoutComments(section("result").orElse("")).strip();
        if (text.isEmpty()) return Optional.empty();
        String last = text.lines().reduce((first, second) -> second).orElse("").strip();
        return Optional.of(last.contains("0x")
                ? Long.parseUnsignedLong(last.substring(last.indexOf("0x") + 2), 16)
                : Long.parseUnsignedLong(last));
    }

    public Optional<String> expectedError() {
        String text = withoutComments(section("error").orElse("")).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static String withoutComments(String text) {
        return text.lines().map(line -> line.contains("#") ? line.substring(0, line.indexOf('#')) : line)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }
}
