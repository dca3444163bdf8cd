package jtracec.loader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import jtracec.loader.attach.Attacher;
import jtracec.loader.attach.Attachment;
import jtracec.loader.print.MapContents;
import jtracec.loader.print.MapEntry;
import jtracec.loader.print.MapPrinter;
import jtracec.loader.print.OutputFormat;
import jtracec.loader.print.PrintfFormatter;
import jtracec.loader.print.Symbolizer;
import jtracec.loader.print.Values;
import jtracec.loader.ringbuf.RingBufferReader;
import jtracec.loader.symbols.KernelSymbols;
import jtracec.loader.symbols.UserSymbols;
import jtracec.loader.sys.Bpf;
import jtracec.loader.sys.FileDescriptor;
import jtracec.loader.sys.Strftime;
import jtracec.loader.sys.SystemCallException;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.AttachSite;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.EventIds;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.MapSpec;

/**
 * A loaded object's run, in bpftrace's observable order (BPFtrace::run in src/bpftrace.cpp):
 * "Attaching N probes...", BEGIN, attach the other probes, print events until exit(), a stop
 * request or the duration, detach, END, then every script map. Owns every fd the loader created;
 * {@link #close()} releases them all, so nothing of the session stays in the kernel.
 *
 * <p>{@link #run} runs on one thread; {@link #requestStop()} and {@link #requestPrintMaps()} may be
 * called from any other (a signal handler's), and take effect within one poll interval.
 */
public final class TraceSession implements AutoCloseable {
    private static final int POLL_MILLIS = 100;
    /** An internal map of this name (no display) counts events the programs could not send (ring buffer full). */
    public static final String LOST_EVENTS_MAP = "lost_events";
    /** What bpf_ringbuf_output returns for a record the ring has no room for (its only error with flags 0), as the programs add it up. */
    private static final long EAGAIN = 11;
    /** The one-element array {@code elapsed} counts from; the session writes the start time into it. */
    public static final String ELAPSED_MAP = "elapsed";
    /**
     * A ring buffer of this name is END's own: only END programs write it, sized by the compiler
     * to hold all their events, so they cannot be lost to a shared ring that event programs still
     * in flight after detaching have filled. It is drained right after END runs.
     */
    public static final String END_EVENTS_MAP = "end_events";

    private final BpfObject object;
    private final LiveTarget target;
    private final Bpf bpf;
    private final Attacher attacher;
    private final List<FileDescriptor> maps;
    private final List<FileDescriptor> programs;
    private final PrintStream out;
    private final PrintStream errors;
    private final List<Attachment> attachments = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Optional<RingBufferReader> events;
    private final Optional<RingBufferReader> endEvents;
    private final MapPrinter mapPrinter;
    private final PrintfFormatter printf;
    private final Strftime strftime = new Strftime();
    /** bpftrace 0.17 measures the boot time once, at start (main.cpp), for strftime() values. */
    private final Optional<Strftime.BootTime> bootTime = Strftime.bootTime();
    private final UserSpaceActions actions;
    private final LoaderOptions options;
    private final OutputFormat format;
    private final boolean isQuiet;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private volatile boolean isStopRequested;
    private volatile boolean isPrintRequested;
    private boolean hasExited;
    private long lostEvents;
    private Runnable attached = () -> {};

    TraceSession(BpfObject object, LiveTarget target, Bpf bpf, Attacher attacher, List<FileDescriptor> maps,
                 List<FileDescriptor> programs, SessionOutput output, LoaderOptions options) {
        this.object = object;
        this.target = target;
        this.bpf = bpf;
        this.attacher = attacher;
        this.maps = List.copyOf(maps);
        this.programs = List.copyOf(programs);
        this.out = output.out();
        this.format = output.format();
        this.isQuiet = output.isQuiet();
        this.errors = output.errors();
        this.options = options;
        this.actions = new UserSpaceActions(output.errors(), options.catBytesMax());
        this.events = ringBuffer(maps, ring -> !ring.name().equals(END_EVENTS_MAP));
        this.endEvents = ringBuffer(maps, ring -> ring.name().equals(END_EVENTS_MAP));
        var symbols = new SessionSymbols();
        this.mapPrinter = new MapPrinter(target.possibleCpus(), symbols, format);
        this.printf = new PrintfFormatter(symbols);
    }

    /** A reader of the first ring-buffer map that {@code wanted} accepts. */
    private Optional<RingBufferReader> ringBuffer(List<FileDescriptor> fds, Predicate<MapSpec> wanted) {
        for (int i = 0; i < fds.size(); i++) {
            var spec = object.maps().get(i);
            if (spec.type() == MapType.RINGBUF && wanted.test(spec)) return Optional.of(new RingBufferReader(fds.get(i), spec.maxEntries()));
        }
        return Optional.empty();
    }

    private static KernelSymbols kernelSymbols() {
        try {
            return KernelSymbols.read(Path.of("/proc/kallsyms"));
        } catch (IOException e) {
            return KernelSymbols.empty();
        }
    }

    /**
     * Runs the script until exit(), {@link #requestStop()} or {@code duration}, then runs END and
     * prints the maps. Environment failures while attaching are thrown as {@link LoaderException}.
     */
    public void run(Optional<Duration> duration) {
        run(duration, Optional.empty());
    }

    /**
     * As {@link #run(Optional)}, tracing one process ({@code -p}, {@code -c}): uprobes attach to it
     * alone, a started command runs once they are attached, and the run ends when it exits.
     */
    public void run(Optional<Duration> duration, Optional<TracedProcess> process) {
        try {
            long deadline = duration.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
            // wildcard uprobes count once per function, as bpftrace counts them; unresolvable ones fail here, before any output
            int count = object.programs().stream().mapToInt(this::probeCount).sum();
            // BEGIN run by the compiler is still one of the script's probes, as bpftrace counts it
            if (object.evaluatedBegin().isPresent()) count++;
            requireProbeLimit(count);
            if (!isQuiet) emit(format.attachedProbes(count));
            flush();
            recordStartTime();
            runSpecial(AttachPoint.Begin.class);
            drain();
            flush();
            if (!hasExited && !isStopRequested) attachAll(process.map(TracedProcess::pid).orElse(-1));
            attached.run();
            process.ifPresent(TracedProcess::resume);
            while (!hasExited && !isStopRequested && System.nanoTime() < deadline && process.map(TracedProcess::isAlive).orElse(true)) {
                events.ifPresentOrElse(reader -> reader.poll(POLL_MILLIS, this::dispatch), this::sleepOneInterval);
                reportLostEvents();
                flush();
                if (isPrintRequested) {
                    isPrintRequested = false;
                    printMaps();
                }
            }
            // the last events the process sent before it exited are still in the ring
            drain();
            detachAll();
            process.ifPresent(TracedProcess::release);
            // bpftrace resets exit state so END's own events are printed (BPFtrace::run: finalize_ = false)
            hasExited = false;
            runSpecial(AttachPoint.End.class);
            // in-flight events first, then END's own ring: END's output follows them as when it shared their ring
            drain();
            endEvents.ifPresent(reader -> reader.consume(this::dispatch));
            reportLostEvents();
            emit(mapPrinter.renderAtExit(scriptMaps()));
        } catch (SystemCallException e) {
            throw LoaderException.of(e);
        } finally {
            process.ifPresent(TracedProcess::release);
            // what was printed before a failure still reaches the user, ahead of the error
            flush();
        }
    }

    /** Runs {@code action} once {@link #run} has attached every probe (start-up timing, issue 8). */
    public void whenAttached(Runnable action) {
        attached = action;
    }

    /** Ends {@link #run} at its next poll (SIGINT, SIGTERM). */
    public void requestStop() {
        isStopRequested = true;
    }

    /** Prints every map at the next poll, as bpftrace does on SIGUSR1. */
    public void requestPrintMaps() {
        isPrintRequested = true;
    }

    /** Prints every script map now, by name, as bpftrace's print_maps() does (no leading blank lines). */
    public void printMaps() {
        var text = new StringBuilder();
        var sorted = new ArrayList<>(scriptMaps());
        sorted.sort(Comparator.comparing(contents -> contents.spec().display().orElseThrow().scriptName()));
        for (var contents : sorted) text.append(mapPrinter.render(contents.spec(), contents.entries()));
        emit(text);
        flush();
    }

    /** Events the programs counted as lost in the {@value #LOST_EVENTS_MAP} map, if the object has one. */
    public long lostEvents() {
        return lostEvents;
    }

    /** What the kernel reports about each loaded program, in object order (ids, sizes, verified instructions). */
    public List<Bpf.ProgramInfo> programInfo() {
        return programs.stream().map(bpf::programInfo).toList();
    }

    /** How many kernel attach points are attached now. */
    public int attachedCount() {
        return attachments.stream().mapToInt(Attachment::size).sum();
    }

    private void runSpecial(Class<? extends AttachPoint> kind) {
        // what a BEGIN the compiler ran sent, in its place (the compiler runs all BEGINs or none)
        if (kind == AttachPoint.Begin.class) object.evaluatedBegin().ifPresent(begin -> begin.events().forEach(this::dispatch));
        var context = new byte[8];
        for (int i = 0; i < programs.size(); i++) {
            if (object.programs().get(i).attachesAt(kind)) bpf.testRun(programs.get(i), context);
        }
    }

    private void attachAll(int pid) {
        for (int i = 0; i < programs.size(); i++) {
            // one loaded program, attached at each of its sites
            var program = object.programs().get(i);
            if (attacher.isKprobeMulti(program)) {
                attachments.addAll(attacher.attachKprobeMulti(program, programs.get(i)));
                continue;
            }
            var missing = new ArrayList<AttachTargetNotFoundException>();
            int attached = 0;
            for (AttachSite site : program.sites()) {
                if (site.point() instanceof AttachPoint.Begin || site.point() instanceof AttachPoint.End) continue;
                try {
                    attachments.add(attacher.attach(program, site, programs.get(i), pid));
                    attached++;
                } catch (AttachTargetNotFoundException e) {
                    if (!isSkippable(site)) throw e;
                    missing.add(e);
                }
            }
            if (attached == 0 && !missing.isEmpty()) throw missing.get(0);
            // bpftrace 0.17 runs on without a uprobe whose function a library does not have (sslsnoop's
            // rsa_ossl_* on a stripped libcrypto); we do too, but say which, where it says nothing
            missing.stream().map(LoaderException::getMessage).distinct()
                    .forEach(message -> errors.println("jtracec: warning: " + message + "; the probe's other functions are traced"));
        }
    }

    /**
     * The kernel attachments a program's sites make. A skippable site that resolves to nothing
     * counts 0 (as bpftrace leaves it out of "Attaching N probes"), unless no site of the program
     * resolves at all: then its error stops the run before any output.
     */
    private int probeCount(jtracec.spec.object.BpfProgram program) {
        int count = 0;
        Optional<AttachTargetNotFoundException> missing = Optional.empty();
        boolean anyResolved = false;
        for (AttachSite site : program.sites()) {
            try {
                count += attacher.pointCount(site);
                anyResolved |= !(site.point() instanceof AttachPoint.Begin || site.point() instanceof AttachPoint.End);
            } catch (AttachTargetNotFoundException e) {
                if (!isSkippable(site)) throw e;
                if (missing.isEmpty()) missing = Optional.of(e);
            }
        }
        if (!anyResolved && missing.isPresent()) throw missing.get();
        return count;
    }

    /** A uprobe or usdt site whose function, probe or binary is missing, in a probe block with other sites. */
    private static boolean isSkippable(AttachSite site) {
        return site.point() instanceof AttachPoint.Uprobe || site.point() instanceof AttachPoint.Usdt;
    }

    private void detachAll() {
        attachments.forEach(Attachment::close);
        attachments.clear();
    }

    private void drain() {
        events.ifPresent(reader -> reader.consume(this::dispatch));
    }

    private void sleepOneInterval() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            isStopRequested = true;
        }
    }

    /** One ring-buffer record: a printf, or an action after bpftrace's async action ids (see {@link EventIds}). */
    private void dispatch(byte[] record) {
        // after exit(), bpftrace ignores what is still queued (perf_event_printer checks finalize_)
        if (hasExited || record.length < 8) return;
        var buffer = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        long id = buffer.getLong(0);
        if (id >= 0 && id < EventIds.FIRST_ACTION) {
            if (id >= object.printfs().size()) throw new IllegalStateException("bug: event for printf " + id + " of " + object.printfs().size());
            emit(format.printf(printf.format(object.printfs().get((int) id), record)));
        } else if (id == EventIds.EXIT) {
            hasExited = true;
        } else if (id == EventIds.PRINT_MAP) {
            var contents = read(mapIndex(buffer));
            emit(mapPrinter.render(contents.spec(), contents.entries()));
        } else if (id == EventIds.CLEAR_MAP) {
            clear(mapIndex(buffer));
        } else if (id == EventIds.ZERO_MAP) {
            zero(mapIndex(buffer));
        } else if (id == EventIds.TIME) {
            emit(format.time(Values.byteText(strftime.now(printfSpec(buffer).format()))));
        } else if (id == EventIds.PRINT_VALUE) {
            var field = printfSpec(buffer).args().getFirst();
            emit(mapPrinter.renderValue(field.type(), record, field.offset()));
        } else if (id == EventIds.JOIN) {
            emit(format.join(UserSpaceActions.join(record, Values.byteText(printfSpec(buffer).format()))));
        } else if (id == EventIds.CAT) {
            emit(format.cat(actions.cat(printf.format(printfSpec(buffer), record))));
        } else if (id == EventIds.SYSTEM) {
            // what was printed before must come before the command's output
            flush();
            emit(format.system(actions.system(printf.format(printfSpec(buffer), record))));
        } else {
            throw new IllegalStateException("bug: unknown event id " + id);
        }
    }

    /** The printf entry whose id follows an action's id (its format, and for cat/system its arguments). */
    private jtracec.spec.object.PrintfSpec printfSpec(ByteBuffer record) {
        long index = record.getLong(8);
        if (index < 0 || index >= object.printfs().size()) throw new IllegalStateException("bug: event for printf " + index + " of " + object.printfs().size());
        return object.printfs().get((int) index);
    }

    private int mapIndex(ByteBuffer record) {
        long index = record.getLong(8);
        if (index < 0 || index >= maps.size()) throw new IllegalStateException("bug: event for map " + index + " of " + maps.size());
        return (int) index;
    }

    private List<MapContents> scriptMaps() {
        var contents = new ArrayList<MapContents>();
        for (int i = 0; i < maps.size(); i++) {
            if (object.maps().get(i).display().isPresent()) contents.add(read(i));
        }
        return contents;
    }

    /** A map's entries in BPF_MAP_GET_NEXT_KEY order; keys deleted between listing and lookup are skipped, as bpftrace does. */
    MapContents read(int index) {
        var spec = object.maps().get(index);
        var entries = new ArrayList<MapEntry>();
        for (var key : bpf.keys(maps.get(index), spec.keySize())) {
            var value = new byte[valueBytes(index)];
            if (bpf.lookup(maps.get(index), key, value)) entries.add(new MapEntry(key, value));
        }
        return new MapContents(spec, entries);
    }

    private int valueBytes(int index) {
        var spec = object.maps().get(index);
        return spec.type().isPerCpu() ? ((spec.valueSize() + 7) & ~7) * target.possibleCpus() : spec.valueSize();
    }

    /** clear(): arrays cannot lose keys, so they are zeroed instead (BPFtrace::clear_map, IMap::is_clearable). */
    private void clear(int index) {
        var type = object.maps().get(index).type();
        if (type == MapType.ARRAY || type == MapType.PERCPU_ARRAY) {
            zero(index);
            return;
        }
        for (var key : bpf.keys(maps.get(index), object.maps().get(index).keySize())) bpf.delete(maps.get(index), key);
    }

    private void zero(int index) {
        var zeros = new byte[valueBytes(index)];
        for (var key : bpf.keys(maps.get(index), object.maps().get(index).keySize())) {
            try {
                bpf.update(maps.get(index), key, zeros, Bpf.UPDATE_EXIST);
            } catch (SystemCallException e) {
                if (e.errno() != SystemCallException.ENOENT) throw e;
            }
        }
    }

    /**
     * The time {@code elapsed} counts from: now on CLOCK_MONOTONIC, the clock of bpf_ktime_get_ns,
     * written from here as bpftrace 0.17 writes it, so no BEGIN program is needed for it.
     */
    private void recordStartTime() {
        for (int i = 0; i < maps.size(); i++) {
            var spec = object.maps().get(i);
            if (!spec.name().equals(ELAPSED_MAP) || spec.display().isPresent()) continue;
            long now = jtracec.loader.sys.MonotonicClock.nanos();
            byte[] key = new byte[4];
            byte[] value = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(now).array();
            bpf.update(maps.get(i), key, value, 0);
        }
    }

    /** bpftrace prints "Lost N events" as the perf buffer reports them (TextOutput::lost_events). */
    private void reportLostEvents() {
        for (int i = 0; i < maps.size(); i++) {
            var spec = object.maps().get(i);
            if (!spec.name().equals(LOST_EVENTS_MAP) || spec.display().isPresent()) continue;
            long sum = 0;
            for (var entry : read(i).entries()) {
                var value = ByteBuffer.wrap(entry.value()).order(ByteOrder.LITTLE_ENDIAN);
                for (int at = 0; at + 8 <= entry.value().length; at += 8) sum += value.getLong(at);
            }
            // programs add bpf_ringbuf_output's result, -EAGAIN, once per event the ring refused
            long total = sum / -EAGAIN;
            if (total > lostEvents) {
                emit(format.lostEvents(total - lostEvents));
                lostEvents = total;
            }
        }
    }

    /**
     * Queues byte text (see {@link Values}): one byte per char, as bpftrace writes what it formatted.
     * It reaches {@code out} at the next {@link #flush()}, once per batch of events rather than once
     * per event, so a busy probe costs one write(2) per poll instead of one per line.
     */
    private void emit(CharSequence byteText) {
        pending.write(byteText.toString().getBytes(StandardCharsets.ISO_8859_1), 0, byteText.length());
    }

    private void flush() {
        out.write(pending.toByteArray(), 0, pending.size());
        pending.reset();
        out.flush();
    }

    @Override
    public void close() {
        detachAll();
        events.ifPresent(RingBufferReader::close);
        endEvents.ifPresent(RingBufferReader::close);
        programs.forEach(FileDescriptor::close);
        maps.forEach(FileDescriptor::close);
    }

    /** bpftrace 0.17 refuses, before attaching anything, more attach points than BPFTRACE_MAX_PROBES. */
    private void requireProbeLimit(int count) {
        if (count > options.maxProbes()) {
            throw new LimitExceededException("cannot attach to %d probes: that exceeds the limit of %d probes".formatted(count, options.maxProbes()),
                    "raise the limit with the BPFTRACE_MAX_PROBES environment variable, but be careful: many attached probes can crash the system");
        }
    }

    /**
     * Kernel addresses through kallsyms, read on first use (it is 100k+ lines); stacks from their
     * stack-trace maps, user addresses through the process's mappings while it is alive.
     */
    private final class SessionSymbols implements Symbolizer {
        private Optional<KernelSymbols> kernel = Optional.empty();
        private final UserSymbols users = new UserSymbols(Path.of("/proc"),
                options.isDemangling() ? UserSymbols.Names.DEMANGLED : UserSymbols.Names.MANGLED);

        private KernelSymbols kernelSymbols() {
            if (kernel.isEmpty()) kernel = Optional.of(TraceSession.kernelSymbols());
            return kernel.get();
        }

        @Override
        public String kernel(long address) {
            return kernelSymbols().name(address).orElseGet(() -> Symbolizer.addressesOnly().kernel(address));
        }

        @Override
        public String user(long address, long pid) {
            if (!options.isResolvingUserSymbols()) return Symbolizer.addressesOnly().user(address, pid);
            return users.resolve(pid, address, UserSymbols.Offset.HIDDEN).orElseGet(() -> Symbolizer.addressesOnly().user(address, pid));
        }

        @Override
        public String timestamp(long formatId, long nanosSinceBoot) {
            if (bootTime.isEmpty() || formatId < 0 || formatId >= object.printfs().size()) return "(?)";
            return Values.byteText(strftime.timestamp(object.printfs().get((int) formatId).format(), nanosSinceBoot, bootTime.get()));
        }

        /** A user stack frame with its offset; nothing when BPFTRACE_NO_USER_SYMBOLS asks for addresses. */
        private Optional<String> userFrame(long pid, long address) {
            if (!options.isResolvingUserSymbols()) return Optional.empty();
            return users.resolve(pid, address, UserSymbols.Offset.SHOWN);
        }

        /** BPFtrace::get_stack: a failed lookup (e.g. -EFAULT for no kernel stack) prints nothing. */
        @Override
        public String stack(FieldType.Stack stack, long stackIdAndPid, int indent) {
            int stackId = (int) stackIdAndPid;
            if (stackId < 0 || stack.mapIndex() < 0 || stack.mapIndex() >= maps.size()) return "";
            var spec = object.maps().get(stack.mapIndex());
            var frames = new byte[spec.valueSize()];
            var key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(stackId).array();
            if (!bpf.lookup(maps.get(stack.mapIndex()), key, frames)) return "";
            var text = new StringBuilder("\n");
            var padding = " ".repeat(indent);
            var addresses = ByteBuffer.wrap(frames).order(ByteOrder.LITTLE_ENDIAN);
            for (int at = 0; at + 8 <= frames.length && at / 8 < stack.maxFrames(); at += 8) {
                long address = addresses.getLong(at);
                if (address == 0) break;
                var symbol = stack.kind() == FieldType.StackKind.KERNEL
                        ? kernelSymbols().nameWithOffset(address).orElseGet(() -> Symbolizer.addressesOnly().kernel(address))
                        : userFrame(stackIdAndPid >>> 32, address)
                                .orElseGet(() -> Symbolizer.addressesOnly().user(address, stackIdAndPid >>> 32));
                text.append(padding).append(symbol).append('\n');
            }
            return text.toString();
        }
    }
}
