package jtracec.spec.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jtracec.spec.isa.ConformanceCase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every bpf_conformance test file, one dynamic test each, run in the reference interpreter. */
class ConformanceTest {
    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger TOTAL = new AtomicInteger();
    private static final ConcurrentLinkedQueue<String> SKIPPED = new ConcurrentLinkedQueue<>();

    @TestFactory
    Stream<DynamicTest> everyConformanceTestPasses() throws IOException {
        List<Path> tests = ConformanceSuite.tests();
        return tests.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private static void check(Path file) throws IOException {
        TOTAL.incrementAndGet();
        var parse = ConformanceCase.parse(Files.readString(file));
        if (!(parse instanceof ConformanceCase.Parse.Parsed parsed)) {
            SKIPPED.add(file.getFileName() + ": " + ((ConformanceCase.Parse.Unparsable) parse).reason());
            fail("unparsable: " + parse);
            return;
        }
        ConformanceCase test = parsed.test();
        var result = new ConformanceRunner().run(test);
        switch (result) {
            case ConformanceRunner.Result.NotRun notRun -> {
                if (test.expectedError().isPresent()) {
                    PASSED.incrementAndGet();
                    return;
                }
                skipIfNotModelled(file, notRun.reason());
                fail("not run: " + notRun.reason());
            }
            case ConformanceRunner.Result.Ran ran -> {
                switch (ran.outcome()) {
                    case Outcome.Returned returned -> {
                        long expected = test.expectedResult().orElseThrow(() -> new AssertionError("returned, but an error was expected"));
                        assertEquals("0x" + Long.toHexString(expected), "0x" + Long.toHexString(returned.r0()));
                    }
                    case Outcome.Faulted faulted -> {
                        if (test.expectedError().isEmpty()) {
                            skipIfNotModelled(file, faulted.reason());
                            fail("faulted at pc %d: %s".formatted(faulted.pc(), faulted.reason()));
                        }
                    }
                    case Outcome.StepLimit limit -> fail("step limit at pc " + limit.pc());
                }
            }
        }
        PASSED.incrementAndGet();
    }

    /** A test that needs something the model leaves out on purpose (a kfunc, legacy packet access) is skipped, with its reason listed. */
    private static void skipIfNotModelled(Path file, String reason) {
        if (reason.contains("not modelled")) {
            SKIPPED.add(file.getFileName() + ": " + reason);
            Assumptions.abort(reason);
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("bpf_conformance: %d of %d passed, %d skipped%n", PASSED.get(), TOTAL.get(), SKIPPED.size());
        SKIPPED.forEach(skip -> System.out.println("  skipped " + skip));
    }
}
