package jtracec.bench.cost;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Sizes of a loaded program as {@code bpftool -j prog show id N} reports them. */
final class BpfTool {
    private static final Pattern XLATED = Pattern.compile("\"bytes_xlated\":(\\d+)");
    private static final Pattern JITED = Pattern.compile("\"bytes_jited\":(\\d+)");
    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]*)\"");

    record ProgramSizes(String name, long xlatedBytes, long jitedBytes) {}

    private BpfTool() {}

    static Optional<ProgramSizes> sizes(int id) {
        try {
            var process = new ProcessBuilder("bpftool", "-j", "prog", "show", "id", Integer.toString(id))
                    .redirectErrorStream(true).start();
            String json = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) return Optional.empty();
            var xlated = XLATED.matcher(json);
            var jited = JITED.matcher(json);
            var name = NAME.matcher(json);
            if (!xlated.find()) return Optional.empty();
            return Optional.of(new ProgramSizes(name.find() ? name.group(1) : "",
                    Long.parseLong(xlated.group(1)), jited.find() ? Long.parseLong(jited.group(1)) : 0));
        } catch (IOException e) {
            throw new CostReportException("cannot run bpftool (apt-get install bpftool): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
