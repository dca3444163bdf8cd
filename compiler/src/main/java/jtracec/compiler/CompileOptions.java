package jtracec.compiler;

/**
 * How to compile: whether to run the IR optimisations, max_entries of script maps (bpftrace's
 * default 4096, its BPFTRACE_MAP_KEYS_MAX) and the size of the event ring buffer.
 */
public record CompileOptions(Optimization optimization, int mapEntries, int eventBufferBytes) {
    public enum Optimization { NONE, DEFAULT }

    public CompileOptions {
        if (mapEntries <= 0) throw new IllegalArgumentException("map entries must be positive");
        if (eventBufferBytes < 4096 || Integer.bitCount(eventBufferBytes) != 1) {
            throw new IllegalArgumentException("event buffer size must be a power of 2 of at least a page");
        }
    }

    public static CompileOptions defaults() {
        return new CompileOptions(Optimization.DEFAULT, 4096, 256 * 1024);
    }

    public CompileOptions withOptimization(Optimization level) {
        return new CompileOptions(level, mapEntries, eventBufferBytes);
    }
}
