package jtracec.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.sema.SemaOptions;
import jtracec.loader.LoaderOptions;

/**
 * bpftrace 0.17's environment variables (its main.cpp parse_env, reference guide section 9), read
 * once at start and handed to the stages through their option records. A value bpftrace refuses
 * is refused here with bpftrace's reason; variables that change nothing in jtracec are still
 * checked, so a script that fails under bpftrace fails here too. The README lists each one.
 */
record BpftraceEnvironment(int stringSize, int mapKeysMax, int eventBufferBytes, LoaderOptions loader, Optional<Path> kernelBtf) {
    /** bpftrace keeps strings on the 512-byte BPF stack and refuses more than this. */
    static final long MAX_STRING_SIZE = 200;
    static final int PAGE_SIZE = 4096;
    /** The kernel refuses a verifier log of more than UINT_MAX >> 2 bytes or fewer than 128. */
    private static final long MAX_LOG_SIZE = 0xffffffffL >>> 2, MIN_LOG_SIZE = 128;

    /** A value bpftrace 0.17 would refuse: the message is the whole report. */
    static final class InvalidException extends Exception {
        InvalidException(String message) {
            super(message);
        }
    }

    /** Nothing set: bpftrace's defaults (and jtracec's 256 KiB event ring buffer). */
    static BpftraceEnvironment defaults() {
        return new BpftraceEnvironment(SemaOptions.DEFAULT_STRING_SIZE, CompileOptions.defaults().mapEntries(),
                CompileOptions.defaults().eventBufferBytes(), LoaderOptions.defaults(), Optional.empty());
    }

    /** Reads the variables from {@code environment} (the process's, or a test's map). */
    static BpftraceEnvironment read(Map<String, String> environment) throws InvalidException {
        var defaults = defaults();
        long stringSize = positive(environment, "BPFTRACE_STRLEN").orElse((long) defaults.stringSize());
        if (Long.compareUnsigned(stringSize, MAX_STRING_SIZE) > 0) {
            throw new InvalidException(("'BPFTRACE_STRLEN' %s exceeds the current maximum of %d bytes.%n"
                    + "This limitation is because strings are currently stored on the 512 byte BPF stack.")
                    .formatted(Long.toUnsignedString(stringSize), MAX_STRING_SIZE));
        }
        boolean isDemangling = !flag(environment, "BPFTRACE_NO_CPP_DEMANGLE").orElse(false);
        long mapKeysMax = positive(environment, "BPFTRACE_MAP_KEYS_MAX").orElse((long) defaults.mapKeysMax());
        if (Long.compareUnsigned(mapKeysMax, Integer.MAX_VALUE) > 0) {
            throw new InvalidException("'BPFTRACE_MAP_KEYS_MAX' %s exceeds the largest map the kernel can create (%d keys)."
                    .formatted(Long.toUnsignedString(mapKeysMax), Integer.MAX_VALUE));
        }
        long maxProbes = unsigned(environment, "BPFTRACE_MAX_PROBES").orElse(defaults.loader().maxProbes());
        long maxPrograms = unsigned(environment, "BPFTRACE_MAX_BPF_PROGS").orElse(defaults.loader().maxPrograms());
        Optional<Long> logSize = unsigned(environment, "BPFTRACE_LOG_SIZE");
        if (logSize.isPresent() && (Long.compareUnsigned(logSize.get(), MAX_LOG_SIZE) > 0 || logSize.get() < MIN_LOG_SIZE)) {
            throw new InvalidException("'BPFTRACE_LOG_SIZE' %s is outside the sizes the kernel accepts for its verifier log (%d to %d bytes)."
                    .formatted(Long.toUnsignedString(logSize.get()), MIN_LOG_SIZE, MAX_LOG_SIZE));
        }
        Optional<Long> pages = unsigned(environment, "BPFTRACE_PERF_RB_PAGES");
        int eventBufferBytes = defaults.eventBufferBytes();
        if (pages.isPresent()) {
            if (pages.get() == 0 || Long.bitCount(pages.get()) != 1) {
                throw new InvalidException("'BPFTRACE_PERF_RB_PAGES' %s is not a power of 2: the ring buffer must be a power-of-2 number of pages."
                        .formatted(Long.toUnsignedString(pages.get())));
            }
            if (Long.compareUnsigned(pages.get(), (1L << 30) / PAGE_SIZE) > 0) {
                throw new InvalidException("'BPFTRACE_PERF_RB_PAGES' %s is more than the largest ring buffer jtracec creates (%d pages, 1 GiB)."
                        .formatted(Long.toUnsignedString(pages.get()), (1L << 30) / PAGE_SIZE));
            }
            eventBufferBytes = (int) (pages.get() * PAGE_SIZE);
        }
        // no effect in jtracec (see the README), but checked as bpftrace checks them
        unsigned(environment, "BPFTRACE_MAX_TYPE_RES_ITERATIONS");
        long catBytesMax = unsigned(environment, "BPFTRACE_CAT_BYTES_MAX").orElse(defaults.loader().catBytesMax());
        boolean isResolvingUserSymbols = !flag(environment, "BPFTRACE_NO_USER_SYMBOLS").orElse(false);
        flag(environment, "BPFTRACE_CACHE_USER_SYMBOLS");
        unsigned(environment, "BPFTRACE_NODE_MAX");
        flag(environment, "BPFTRACE_VERIFY_LLVM_IR");

        var loader = new LoaderOptions(maxProbes, maxPrograms,
                logSize.map(Long::intValue).orElse(defaults.loader().verifierLogBytes()), isDemangling, isResolvingUserSymbols, catBytesMax);
        Optional<Path> kernelBtf = Optional.ofNullable(environment.get("BPFTRACE_BTF")).filter(path -> !path.isEmpty()).map(Path::of);
        return new BpftraceEnvironment((int) stringSize, (int) mapKeysMax, eventBufferBytes, loader, kernelBtf);
    }

    CompileOptions compileOptions() {
        return new CompileOptions(CompileOptions.Optimization.DEFAULT, mapKeysMax, eventBufferBytes);
    }

    /** A number as bpftrace reads one (istream >> uint64_t); zero is refused where it would make nothing work. */
    private static Optional<Long> positive(Map<String, String> environment, String name) throws InvalidException {
        Optional<Long> value = unsigned(environment, name);
        if (value.isPresent() && value.get() == 0) throw notANumber(name);
        return value;
    }

    /**
     * bpftrace's get_uint64_env_var: leading blanks, an optional sign and at least one digit; what
     * follows the digits is ignored, and a minus sign wraps around as C++'s unsigned extraction does.
     */
    static Optional<Long> unsigned(Map<String, String> environment, String name) throws InvalidException {
        String text = environment.get(name);
        if (text == null) return Optional.empty();
        int at = 0;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
        boolean isNegative = false;
        if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
            isNegative = text.charAt(at) == '-';
            at++;
        }
        int digits = at;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') digits++;
        if (digits == at) throw notANumber(name);
        long value;
        try {
            value = Long.parseUnsignedLong(text.substring(at, digits));
        } catch (NumberFormatException e) {
            throw notANumber(name); // more than 2^64 - 1
        }
        return Optional.of(isNegative ? -value : value);
    }

    /** bpftrace's get_bool_env_var: exactly "0" or "1". */
    static Optional<Boolean> flag(Map<String, String> environment, String name) throws InvalidException {
        String text = environment.get(name);
        if (text == null) return Optional.empty();
        return switch (text) {
            case "1" -> Optional.of(true);
            case "0" -> Optional.of(false);
            default -> throw new InvalidException("Env var '%s' did not contain a valid value (0 or 1).".formatted(name));
        };
    }

    private static InvalidException notANumber(String name) {
        return new InvalidException("Env var '%s' did not contain a valid uint64_t, or was zero-valued.".formatted(name));
    }
}
