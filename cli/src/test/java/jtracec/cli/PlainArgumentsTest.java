package jtracec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command lines read without picocli mean what picocli makes of them; the others go to picocli. */
class PlainArgumentsTest {
    private static final String SEPARATOR = "\u0001";

    @ParameterizedTest
    @ValueSource(strings = {
            "-e\u0001BEGIN { exit(); }",
            "script.bt",
            "script.bt\u0001arg1\u00012",
            "-\u0001x",
            "-q\u0001-e\u0001tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }",
            "--verify\u0001--explain\u0001-f\u0001sarif\u0001--target\u0001snap.json\u0001script.bt",
            "-d\u0001ir\u0001-d\u0001asm\u0001-e\u0001BEGIN {}",
            "--emit-elf\u0001out.o\u0001-e\u0001BEGIN {}",
            "-o\u0001out.txt\u0001-B\u0001full\u0001--format\u0001json\u0001-v\u0001--unsafe\u0001--no-warnings\u0001f.bt",
            "-p\u000142\u0001-e\u0001uprobe:/bin/bash:readline {}",
            "-c\u0001sleep 1\u0001-e\u0001BEGIN {}",
            "script.bt\u0001-q\u0001--not-an-option-after-the-file",
            "-e\u0001BEGIN {}\u0001-\u0001-x",
            "-e\u0001-",
            "-o\u0001-\u0001-e\u0001BEGIN {}",
    })
    void plainCommandLinesMeanWhatPicocliMakesOfThem(String joined) {
        String[] args = joined.split(SEPARATOR);
        var plain = newMain();
        assertTrue(PlainArguments.parse(args, plain), joined);
        var picocli = newMain();
        new CommandLine(picocli).setStopAtPositional(true).parseArgs(args);
        assertEquals(options(picocli), options(plain), joined);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-h", "--help", "-V", "--version", "-l", "-l\u0001tracepoint:*", "-lv",
            "-qv\u0001-e\u0001BEGIN {}", "--format=json\u0001-e\u0001BEGIN {}", "-eBEGIN {}",
            "-e", "-e\u0001BEGIN {}\u0001-e\u0001END {}", "-q\u0001-q\u0001-e\u0001BEGIN {}",
            "-e\u0001-q", "-p\u0001x\u0001-e\u0001BEGIN {}", "--snapshot-target\u0001out.json",
            "--\u0001script.bt", "--no-such-option\u0001-e\u0001BEGIN {}",
    })
    void otherCommandLinesAreLeftToPicocli(String joined) {
        assertFalse(PlainArguments.parse(joined.split(SEPARATOR), newMain()), joined);
    }

    private static Main newMain() {
        var sink = new PrintStream(new ByteArrayOutputStream());
        return new Main(sink, sink, StartupTimes.silent());
    }

    private static List<Object> options(Main main) {
        return Arrays.asList(main.program, main.positionals, main.verifyOnly, main.explain, main.format, main.dumpStages,
                main.emitElf, main.target, main.snapshotTarget, main.outputFile, main.buffering, main.quiet, main.verbose,
                main.unsafe, main.noWarnings, main.list, main.pid, main.command, main.help, main.version);
    }
}
