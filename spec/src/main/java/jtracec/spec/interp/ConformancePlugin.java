package jtracec.spec.interp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import jtracec.spec.isa.InsnCodec;

/**
 * The bpf_conformance plugin interface (upstream's libbpf_plugin.cc): the program as hex bytes
 * on stdin (or after {@code --program}), the initial memory as hex bytes in the next argument,
 * r0 printed in hex on stdout. A program that does not load or that faults exits 1 with the
 * reason on stderr, which is how the runner matches {@code -- error} sections.
 */
public final class ConformancePlugin {
    private ConformancePlugin() {}

    public static void main(String[] args) throws IOException {
        System.exit(run(args, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out, System.err));
    }

    static int run(String[] arguments, BufferedReader in, PrintStream out, PrintStream err) throws IOException {
        List<String> args = new ArrayList<>(Arrays.asList(arguments));
        if (!args.isEmpty() && args.get(0).equals("--help")) {
            out.println("usage: bpf-conformance-plugin [--program <hex program bytes>] [<hex memory bytes>] [--debug]");
            return 1;
        }
        String program;
        if (args.size() > 1 && args.get(0).equals("--program")) {
            program = args.get(1);
            args = args.subList(2, args.size());
        } else {
            String line = in.readLine();
            program = line == null ? "" : line;
        }
        String memory = "";
        if (!args.isEmpty() && !args.get(0).startsWith("--")) {
            memory = args.get(0);
            args = args.subList(1, args.size());
        }
        boolean isDebug = args.contains("--debug");
        if (args.contains("--elf")) {
            err.println("ELF input is not supported");
            return 1;
        }
        byte[] code;
        byte[] bytes;
        try {
            code = hex(program);
            bytes = hex(memory);
        } catch (IllegalArgumentException e) {
            err.println("bad hex input: " + e.getMessage());
            return 1;
        }
        return switch (InsnCodec.decode(code)) {
            case InsnCodec.Decoding.Malformed malformed -> {
                err.println(malformed.reason());
                yield 1;
            }
            case InsnCodec.Decoding.Decoded decoded -> switch (new ConformanceRunner().run(decoded.insns(), bytes)) {
                case ConformanceRunner.Result.NotRun notRun -> {
                    if (isDebug) err.println("Failed to load program: " + notRun.reason());
                    err.println(notRun.reason());
                    yield 1;
                }
                case ConformanceRunner.Result.Ran ran -> switch (ran.outcome()) {
                    case Outcome.Returned returned -> {
                        out.println(Long.toHexString(returned.r0()));
                        yield 0;
                    }
                    case Outcome.Faulted faulted -> {
                        err.println("fault at pc %d: %s".formatted(faulted.pc(), faulted.reason()));
                        yield 1;
                    }
                    case Outcome.StepLimit limit -> {
                        err.println("step limit reached at pc " + limit.pc());
                        yield 1;
                    }
                };
            };
        };
    }

    /** Hex bytes, separated by whitespace or not, as the runner's base16 encoding writes them. */
    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }
}
