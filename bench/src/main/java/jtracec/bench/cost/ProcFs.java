package jtracec.bench.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What /proc tells about a running tool: its BPF programs (fdinfo of its program fds, which carries
 * the kernel's run statistics and verified_insns), how many attachments it holds (perf-event and
 * BPF-link fds), and its peak resident set (VmHWM). A process that has gone reads as empty.
 */
final class ProcFs {
    private ProcFs() {}

    /** fdinfo of one BPF program fd. */
    record ProgramFdInfo(int id, int type, long runTimeNs, long runCount, long verifiedInsns) {}

    /** Every distinct BPF program the process holds an fd of (link fds are skipped: they repeat a program). */
    static List<ProgramFdInfo> programs(long pid) {
        var byId = new LinkedHashMap<Integer, ProgramFdInfo>();
        for (Path info : list(Path.of("/proc", Long.toString(pid), "fdinfo"))) {
            Map<String, String> fields = fields(info);
            if (!fields.containsKey("prog_type") || !fields.containsKey("prog_id")) continue;
            int id = Integer.parseInt(fields.get("prog_id"));
            byId.putIfAbsent(id, new ProgramFdInfo(id, Integer.parseInt(fields.get("prog_type")),
                    number(fields, "run_time_ns"), number(fields, "run_cnt"), number(fields, "verified_insns")));
        }
        return List.copyOf(byId.values());
    }

    /** Fds that attach something: perf events (tracepoints, uprobes, perf buffers) and BPF links. */
    static int attachmentFds(long pid) {
        int count = 0;
        for (Path fd : list(Path.of("/proc", Long.toString(pid), "fd"))) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                if (target.equals("anon_inode:[perf_event]") || target.equals("anon_inode:bpf_link")) count++;
            } catch (IOException e) {
                // the fd closed between listing and reading: it holds nothing now
            }
        }
        return count;
    }

    /** Peak resident set size in KiB (VmHWM), when the process still exists. */
    static OptionalLong peakRssKib(long pid) {
        Map<String, String> status = fields(Path.of("/proc", Long.toString(pid), "status"));
        String value = status.getOrDefault("VmHWM", "");
        return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.replace("kB", "").trim()));
    }

    private static long number(Map<String, String> fields, String name) {
        return Long.parseLong(fields.getOrDefault(name, "0"));
    }

    private static Map<String, String> fields(Path file) {
        var fields = new LinkedHashMap<String, String>();
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0) fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        } catch (IOException e) {
            // gone or closed: no fields
        }
        return fields;
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        } catch (IOException e) {
            return new ArrayList<>();
        }
    }
}
