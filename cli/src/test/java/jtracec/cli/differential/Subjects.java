package jtracec.cli.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jtracec.compiler.CompileOptions;
import jtracec.compiler.Compiler;
import jtracec.compiler.Frontend;
import jtracec.compiler.sema.SemaOptions;
import jtracec.spec.diag.Diagnostics;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.AttachPoint;
import jtracec.spec.object.BpfObject;
import jtracec.spec.source.SourceFile;

/**
 * The programs the campaign starts from: every bpftrace 0.17 corpus tool that compiles today, and
 * one-liners that exercise what the tools leave out (loops, strings, tuples, printf, histograms,
 * map updates and deletes), compiled by the real front end and compiler against this kernel.
 */
final class Subjects {
    /** name, script: each one compiles on the CI machine; the campaign fails if one stops compiling. */
    static final List<List<String>> ONE_LINERS = List.of(
            List.of("count-by-comm", "tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }"),
            List.of("while-hist", "tracepoint:syscalls:sys_enter_read { $i = 0; while ($i < 8) { @h = hist($i * args->count); $i++; } }"),
            List.of("while-input-bound", "tracepoint:syscalls:sys_enter_read { $i = 0; $n = args->fd & 15; while ($i < $n) { @s = sum($i); $i++; } }"),
            List.of("unroll-lhist", "tracepoint:syscalls:sys_enter_write { $x = args->count; unroll(6) { @l = lhist($x, 0, 1000, 100); $x = $x / 2; } }"),
            List.of("printf-string", "tracepoint:syscalls:sys_enter_openat { printf(\"%s %d %s\\n\", comm, pid, str(args->filename)); }"),
            List.of("tuple-key", "tracepoint:syscalls:sys_enter_openat { @t[pid, comm] = (args->flags, str(args->filename)); }"),
            List.of("map-update-delete", "tracepoint:syscalls:sys_enter_read { @start[tid] = nsecs; } tracepoint:syscalls:sys_exit_read /@start[tid]/ { @us = hist((nsecs - @start[tid]) / 1000); delete(@start[tid]); }"),
            List.of("stats-min-max", "tracepoint:syscalls:sys_exit_read { @st = stats(args->ret); @mn = min(args->ret); @mx = max(args->ret); @a = avg(args->ret); }"),
            List.of("ternary-if", "tracepoint:syscalls:sys_enter_write { $c = args->count > 100 ? 1 : 0; if ($c) { @big[comm] = count(); } else { @small = count(); } }"),
            List.of("string-compare", "tracepoint:syscalls:sys_enter_openat /comm == \"bash\"/ { @files[str(args->filename)] = count(); }"),
            List.of("begin-end", "BEGIN { printf(\"start %d\\n\", 42); @x = 1; } END { printf(\"x %d\\n\", @x); clear(@x); }"),
            List.of("interval-print", "interval:s:1 { @n = count(); print(@n); zero(@n); }"),
            List.of("raw-tracepoint", "rawtracepoint:sched_switch { @[cpu] = count(); }"),
            List.of("profile-stack", "profile:hz:99 { @[kstack] = count(); }"),
            List.of("kprobe-args", "kprobe:vfs_read { @bytes[comm] = sum(arg2); @r = lhist(arg2, 0, 4096, 512); }"),
            List.of("compound-assign", "tracepoint:syscalls:sys_enter_read { @c[tid] += args->count; @d[tid]++; $s = 0; $s += args->fd << 2; @e = max($s); }"));

    private Subjects() {}

    /** Compiled programs; {@code skipped} receives one line per script that does not compile, with why. */
    static List<Subject> compile(Target target, Path corpus, List<String> skipped) throws IOException {
        var subjects = new ArrayList<Subject>();
        List<Path> scripts;
        try (Stream<Path> files = Files.list(corpus)) {
            scripts = files.filter(f -> f.toString().endsWith(".bt")).sorted().toList();
        }
        for (Path script : scripts) {
            String name = script.getFileName().toString();
            add(subjects, name, compile(target, new SourceFile(name, Files.readString(script)), skipped));
        }
        for (List<String> oneLiner : ONE_LINERS) {
            var object = compile(target, new SourceFile(oneLiner.get(0), oneLiner.get(1)), skipped);
            if (object.isEmpty()) throw new IllegalStateException("one-liner " + oneLiner.get(0) + " no longer compiles: " + skipped.get(skipped.size() - 1));
            add(subjects, oneLiner.get(0), object);
        }
        return subjects;
    }

    private static void add(List<Subject> subjects, String origin, Optional<BpfObject> object) {
        object.ifPresent(o -> o.programs().stream()
                // fentry programs need a BTF id the kernel here refuses to load against: no kernel verdict to compare with
                .filter(p -> !p.attachesAt(AttachPoint.Kfunc.class))
                .forEach(p -> subjects.add(new Subject(origin, o, p))));
    }

    private static Optional<BpfObject> compile(Target target, SourceFile source, List<String> skipped) {
        var diags = new Diagnostics();
        try {
            var object = new Frontend().analyse(source, target, SemaOptions.defaults(), diags)
                    .flatMap(typed -> diags.hasErrors() ? Optional.empty() : new Compiler().compile(typed, CompileOptions.defaults(), diags));
            if (object.isPresent() && !diags.hasErrors()) return object;
        } catch (RuntimeException e) {
            skipped.add("%s: internal error: %s".formatted(source.name(), e));
            return Optional.empty();
        }
        skipped.add("%s: %s".formatted(source.name(), diags.all().stream().filter(d -> d.isError()).findFirst()
                .map(d -> "%d:%d: %s".formatted(d.span().line(), d.span().column(), d.message())).orElse("does not compile")));
        return Optional.empty();
    }
}
