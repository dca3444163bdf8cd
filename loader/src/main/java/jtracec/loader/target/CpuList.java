package jtracec.loader.target;

import java.util.ArrayList;
import java.util.List;

/** A sysfs CPU list such as {@code 0-3,8,10-11} (Documentation/admin-guide/cputopology.rst). */
public record CpuList(List<Integer> cpus) {
    public CpuList {
        cpus = List.copyOf(cpus);
    }

    public static CpuList parse(String text) {
        var cpus = new ArrayList<Integer>();
        for (var range : text.strip().split(",")) {
            if (range.isBlank()) continue;
            int dash = range.indexOf('-');
            int first = Integer.parseInt(range.substring(0, dash < 0 ? range.length() : dash).strip());
            int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1).strip());
            for (int cpu = first; cpu <= last; cpu++) cpus.add(cpu);
        }
        return new CpuList(cpus);
    }

    /** One more than the highest CPU number: the stride of per-CPU map values. */
    public int count() {
        return cpus.stream().mapToInt(cpu -> cpu + 1).max().orElse(1);
    }
}
