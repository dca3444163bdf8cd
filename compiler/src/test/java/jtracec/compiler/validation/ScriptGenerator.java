package jtracec.compiler.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import jtracec.spec.interp.Task;

/**
 * Generates well-typed scripts over the subset jtracec compiles, and event sequences for them.
 * A script has a BEGIN probe (which writes every map first, so every use has a writer), one or
 * two {@code tracepoint:sched:sched_switch} probes, and sometimes {@code kprobe:vfs_read},
 * {@code kretprobe:vfs_read}, END and a probe with two attach points. Expressions: integer and string literals, the
 * deterministic builtins, tracepoint fields, kprobe arguments, retval, scratch variables (with
 * ++/-- inside expressions), casts, plain-map reads, every arithmetic, bitwise, shift, comparison
 * and logical operator, ?: on integers and strings, string-valued map reads. Statements: assignments and compound assignments to variables and
 * maps, ++/--, every aggregation, delete, if/else, unroll, bounded while with break and continue,
 * printf with %d %u %x %s, print/clear/zero, return and exit. The same seed and size give the
 * same case.
 *
 * <p>Left out where jtracec is known to differ from bpftrace 0.17 (one script each in
 * {@code src/test/resources/validation/known-differences/}): no reassigned string variables; no
 * ++/-- in map keys; the seeding writes in BEGIN
 * read no map and give string keys their longest size.
 */
final class ScriptGenerator {
    /** A generated case: the script and the firings to run it on. */
    record Case(String script, List<Stimulus> stimuli) {}

    private enum Kind { INT, STR }

    private enum ValueKind { INT, STR, COUNT, SUM, MIN, MAX, AVG, STATS, HIST, LHIST }

    private record MapSchema(String name, List<Kind> keys, ValueKind value, String lhistBounds) {
        boolean isPlain() {
            return value == ValueKind.INT || value == ValueKind.STR;
        }
    }

    /** What a probe body may read: its variables and which context it has. */
    private static final class Scope {
        final boolean isTracepoint;
        final boolean isKprobe;
        final boolean isKretprobe;
        final List<String> ints = new ArrayList<>();
        final List<String> strings = new ArrayList<>();

        Scope(boolean isTracepoint, boolean isKprobe) {
            this(isTracepoint, isKprobe, false);
        }

        Scope(boolean isTracepoint, boolean isKprobe, boolean isKretprobe) {
            this.isTracepoint = isTracepoint;
            this.isKprobe = isKprobe;
            this.isKretprobe = isKretprobe;
        }
    }

    private static final long[] INTERESTING = {0, 1, 2, 3, 5, 7, 8, 10, 16, 31, 32, 63, 64, 100, 255, 256, 1000, 4096,
            65535, 65536, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 1L << 32, 1L << 40, Long.MAX_VALUE, -1, -2, -7, -100,
            -65536, Integer.MIN_VALUE, Long.MIN_VALUE};
    private static final String[] STRINGS = {"", "a", "ab", "bash", "sh", "cat", "hello world", "systemd-journal",
            "sixteen-chars-ab", "a-rather-long-string-past-sixteen"};
    /** As long as the longest string a key can get (33 characters, the longest literal). */
    private static final String SEED_KEY = "seed-key-as-long-as-the-longest-s";
    private static final String[] COMMS = {"bash", "sh", "cat", "systemd-journal", "x", "jtracec"};
    private static final String[] INT_FIELDS = {"prev_pid", "prev_prio", "prev_state", "next_pid", "next_prio"};
    private static final String[] STRING_FIELDS = {"prev_comm", "next_comm"};
    private static final String[] CASTS = {"uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64"};
    private static final String[] INT_BUILTINS = {"pid", "tid", "uid", "gid", "cpu", "nsecs"};

    private final SplittableRandom random;
    private final int size;
    private final List<MapSchema> maps = new ArrayList<>();
    private int loops;
    private boolean isSeeding;
    private boolean isPure;

    ScriptGenerator(long seed, int size) {
        this.random = new SplittableRandom(seed);
        this.size = Math.max(1, size);
    }

    Case generate() {
        int mapCount = 1 + random.nextInt(4);
        String[] names = {"", "a", "b", "c", "d", "e"};
        for (int i = 0; i < mapCount; i++) {
            var keys = new ArrayList<Kind>();
            int keyCount = random.nextInt(3);
            for (int k = 0; k < keyCount; k++) keys.add(random.nextInt(3) == 0 ? Kind.STR : Kind.INT);
            ValueKind value = ValueKind.values()[random.nextInt(ValueKind.values().length)];
            String bounds = "";
            if (value == ValueKind.LHIST) {
                long min = random.nextInt(50);
                long step = 1 + random.nextInt(64);
                long max = min + step * random.nextInt(1, 20);
                bounds = ", %d, %d, %d".formatted(min, max, step);
            }
            maps.add(new MapSchema(names[i], keys, value, bounds));
        }

        var probes = new ArrayList<String>();
        var body = new StringBuilder();
        var begin = new Scope(false, false);
        // every map is written first, so every read and every print/clear/zero/delete has a writer
        // with no map reads in them: jtracec's sema drops a first write whose value reads a map written later (README.md)
        isSeeding = true;
        for (MapSchema map : maps) body.append("  ").append(mapWrite(map, begin, 0)).append('\n');
        isSeeding = false;
        body.append(statements(begin, 1 + random.nextInt(size + 1), 0));
        probes.add("BEGIN {\n" + body + "}");
        int tracepoints = 1 + random.nextInt(2);
        for (int t = 0; t < tracepoints; t++) probes.add(probe("tracepoint:sched:sched_switch", new Scope(true, false)));
        boolean hasKprobe = random.nextBoolean();
        if (hasKprobe) probes.add(probe("kprobe:vfs_read", new Scope(false, true)));
        boolean hasKretprobe = random.nextInt(3) == 0;
        if (hasKretprobe) probes.add(probe("kretprobe:vfs_read", new Scope(false, false, true)));
        var firable = new ArrayList<Integer>();
        for (int site = 1; site < probes.size(); site++) firable.add(site);
        int sites = probes.size();
        if (random.nextInt(3) == 0) {
            probes.add(probe("END", new Scope(false, false)));
            sites++;
        }
        if (random.nextInt(3) == 0) {
            // one probe at two attach points: two programs, builtins only
            probes.add(probe("tracepoint:sched:sched_wakeup,kprobe:vfs_write", new Scope(false, false)));
            firable.add(sites);
            firable.add(sites + 1);
        }

        var stimuli = new ArrayList<Stimulus>();
        int firings = random.nextInt(2 * size + 3);
        for (int i = 0; i < firings; i++) stimuli.add(stimulus(firable.get(random.nextInt(firable.size()))));
        return new Case(String.join("\n", probes) + "\n", stimuli);
    }

    private String probe(String attach, Scope scope) {
        String predicate = random.nextInt(3) == 0 ? " /" + intExpr(scope, 2) + "/" : "";
        return attach + predicate + " {\n" + statements(scope, 1 + random.nextInt(size + 1), 0) + "}";
    }

    // ---------------------------------------------------------------- events

    private Stimulus stimulus(int site) {
        int pid = (int) pick(new long[] {1, 42, 1000, 4_194_304, 65535});
        int tid = random.nextBoolean() ? pid : pid + 1 + random.nextInt(5);
        int uid = (int) pick(new long[] {0, 1000, 65534});
        int gid = (int) pick(new long[] {0, 100, 1000});
        var task = new Task(pid, tid, uid, gid, COMMS[random.nextInt(COMMS.length)], random.nextInt(4),
                random.nextLong(1L << 50), List.of(), List.of(), 1);
        var fields = new LinkedHashMap<String, Scalar>();
        for (String field : INT_FIELDS) fields.put(field, Scalar.of(value()));
        // a char[16] field may fill its array with no terminator, as the kernel's comm copies may
        for (String field : STRING_FIELDS) {
            fields.put(field, Scalar.of(random.nextInt(8) == 0 ? "sixteen-chars-ab" : COMMS[random.nextInt(COMMS.length)]));
        }
        long[] arguments = new long[6];
        for (int i = 0; i < arguments.length; i++) arguments[i] = value();
        return new Stimulus(site, task, fields, arguments, value());
    }

    private long value() {
        return random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(3) == 0 ? random.nextInt(-50, 50) : pick(INTERESTING);
    }

    private long pick(long[] values) {
        return values[random.nextInt(values.length)];
    }

    // ---------------------------------------------------------------- statements

    private String statements(Scope scope, int count, int depth) {
        var text = new StringBuilder();
        // variables are assigned at the top of a probe, so every later read has a value on every path
        if (depth == 0) {
            int ints = random.nextInt(3);
            for (int i = 0; i < ints; i++) {
                String name = "$v" + scope.ints.size();
                text.append(indent(depth)).append(name).append(" = ").append(wide(intExpr(scope, 2))).append(";\n");
                scope.ints.add(name);
            }
            if (random.nextInt(3) == 0) {
                String name = "$s" + scope.strings.size();
                text.append(indent(depth)).append(name).append(" = ").append(strExpr(scope, 1)).append(";\n");
                scope.strings.add(name);
            }
        }
        for (int i = 0; i < count; i++) text.append(indent(depth)).append(statement(scope, depth)).append('\n');
        if (random.nextInt(12) == 0) text.append(indent(depth)).append(random.nextBoolean() ? "return;" : "exit();").append('\n');
        return text.toString();
    }

    private String statement(Scope scope, int depth) {
        int choice = random.nextInt(depth >= 2 ? 10 : 14);
        return switch (choice) {
            case 0, 1 -> scope.ints.isEmpty() ? mapWrite(randomMap(), scope, depth)
                    : scope.ints.get(random.nextInt(scope.ints.size())) + " = " + wide(intExpr(scope, 2)) + ";";
            case 2 -> scope.ints.isEmpty() ? printf(scope) : compound(scope.ints.get(random.nextInt(scope.ints.size())), scope);
            case 3 -> scope.ints.isEmpty() ? printf(scope)
                    : scope.ints.get(random.nextInt(scope.ints.size())) + (random.nextBoolean() ? "++;" : "--;");
            // excluded: reassigning a string variable (a later read copies the variable's largest size out of a smaller buffer; README.md)
            case 4 -> printf(scope);
            case 5, 6, 7 -> mapWrite(randomMap(), scope, depth);
            case 8 -> printf(scope);
            case 9 -> mapMisc(scope);
            case 10, 11 -> "if (" + intExpr(scope, 2) + ") {\n" + statements(scope, 1 + random.nextInt(2), depth + 1)
                    + indent(depth) + "}" + (random.nextBoolean() ? " else {\n" + statements(scope, 1 + random.nextInt(2), depth + 1)
                    + indent(depth) + "}" : "");
            case 12 -> "unroll(" + (1 + random.nextInt(3)) + ") {\n" + statements(scope, 1 + random.nextInt(2), depth + 1)
                    + indent(depth) + "}";
            default -> whileLoop(scope, depth);
        };
    }

    private String whileLoop(Scope scope, int depth) {
        String counter = "$loop" + loops++;
        int bound = random.nextInt(6);
        var body = new StringBuilder();
        body.append(indent(depth + 1)).append(counter).append("++;\n");
        if (random.nextInt(3) == 0) {
            body.append(indent(depth + 1)).append("if (").append(intExpr(scope, 1)).append(") { ")
                    .append(random.nextBoolean() ? "break;" : "continue;").append(" }\n");
        }
        body.append(statements(scope, 1 + random.nextInt(2), depth + 1));
        return counter + " = 0;\n" + indent(depth) + "while (" + counter + " < " + bound + ") {\n" + body + indent(depth) + "}";
    }

    private String compound(String target, Scope scope) {
        String[] ops = {"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<="};
        String op = ops[random.nextInt(ops.length)];
        return target + " " + op + " " + (op.equals("<<=") ? Long.toString(random.nextInt(64)) : intExpr(scope, 2)) + ";";
    }

    private MapSchema randomMap() {
        return maps.get(random.nextInt(maps.size()));
    }

    private String mapRef(MapSchema map, Scope scope) {
        if (map.keys().isEmpty()) return "@" + map.name();
        var keys = new StringJoiner(", ", "[", "]");
        // excluded: ++/-- in keys (bpftrace 0.17 evaluates the keys of compound assignments, avg and stats twice)
        boolean outer = isPure;
        isPure = true;
        for (Kind key : map.keys()) {
            // the seeding write makes string keys as long as any later key: jtracec sizes a
            // string key by the writes only, so a longer key in a read would be cut (README.md)
            keys.add(key == Kind.INT ? intExpr(scope, 1) : isSeeding ? "\"" + SEED_KEY + "\"" : strExpr(scope, 1));
        }
        isPure = outer;
        return "@" + map.name() + keys;
    }

    /** A value with no ++/--, for the seeding writes. */
    private String pureIntExpr(Scope scope, int depth) {
        boolean outer = isPure;
        isPure = true;
        String expression = wide(intExpr(scope, depth));
        isPure = outer;
        return expression;
    }

    private String mapWrite(MapSchema map, Scope scope, int depth) {
        String ref = mapRef(map, scope);
        String argument = isSeeding ? pureIntExpr(scope, 2) : wide(intExpr(scope, 2));
        return switch (map.value()) {
            case INT -> switch (isSeeding ? 3 : random.nextInt(4)) {
                case 0 -> ref + " " + new String[] {"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="}[random.nextInt(8)] + " "
                        + intExpr(scope, 2) + ";";
                case 1 -> ref + (random.nextBoolean() ? "++;" : "--;");
                default -> ref + " = " + argument + ";";
            };
            case STR -> ref + " = " + strExpr(scope, 2) + ";";
            case COUNT -> ref + " = count();";
            case SUM -> ref + " = sum(" + argument + ");";
            case MIN -> ref + " = min(" + argument + ");";
            case MAX -> ref + " = max(" + argument + ");";
            case AVG -> ref + " = avg(" + argument + ");";
            case STATS -> ref + " = stats(" + argument + ");";
            case HIST -> ref + " = hist(" + argument + ");";
            case LHIST -> ref + " = lhist(" + argument + map.lhistBounds() + ");";
        };
    }

    private String mapMisc(Scope scope) {
        MapSchema map = randomMap();
        boolean isBucketed = map.value() == ValueKind.HIST || map.value() == ValueKind.LHIST;
        return switch (random.nextInt(4)) {
            case 0 -> isBucketed || map.keys().isEmpty() ? "print(@" + map.name() + ");" : "delete(" + mapRef(map, scope) + ");";
            case 1 -> "print(@" + map.name() + ");";
            case 2 -> "clear(@" + map.name() + ");";
            default -> "zero(@" + map.name() + ");";
        };
    }

    private String printf(Scope scope) {
        int count = random.nextInt(4);
        var format = new StringBuilder("p" + random.nextInt(100));
        var args = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (random.nextInt(3) == 0) {
                format.append(" %s");
                args.append(", ").append(strExpr(scope, 1));
            } else {
                format.append(' ').append(new String[] {"%d", "%u", "%x"}[random.nextInt(3)]);
                args.append(", ").append(intExpr(scope, 2));
            }
        }
        return "printf(\"" + format + "\\n\"" + args + ");";
    }

    // ---------------------------------------------------------------- expressions

    private String indent(int depth) {
        return "  ".repeat(depth + 1);
    }

    /** Makes a value 64 bits wide before it is stored, so narrow tracepoint fields never fix a variable's width. */
    private String wide(String expression) {
        return expression.startsWith("args->") ? "(" + expression + " + 0)" : expression;
    }

    private String intExpr(Scope scope, int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) return intLeaf(scope);
        return switch (random.nextInt(9)) {
            case 0, 1, 2 -> {
                String[] ops = {"+", "-", "*", "/", "%", "&", "|", "^"};
                yield "(" + intExpr(scope, depth - 1) + " " + ops[random.nextInt(ops.length)] + " " + intExpr(scope, depth - 1) + ")";
            }
            case 3 -> {
                String amount = random.nextBoolean() ? Long.toString(random.nextInt(64)) : "(" + intExpr(scope, depth - 1) + " & 63)";
                yield random.nextBoolean()
                        ? "(" + intExpr(scope, depth - 1) + " << " + amount + ")"
                        : "(" + intExpr(scope, depth - 1) + " >> " + amount + ")";
            }
            case 4, 5 -> {
                String[] ops = {"==", "!=", "<", "<=", ">", ">="};
                yield "(" + intExpr(scope, depth - 1) + " " + ops[random.nextInt(ops.length)] + " " + intExpr(scope, depth - 1) + ")";
            }
            case 6 -> random.nextBoolean()
                    ? "(" + intExpr(scope, depth - 1) + (random.nextBoolean() ? " && " : " || ") + intExpr(scope, depth - 1) + ")"
                    : "(" + strExpr(scope, depth - 1) + (random.nextBoolean() ? " == " : " != ") + strExpr(scope, depth - 1) + ")";
            case 7 -> switch (random.nextInt(3)) {
                case 0 -> new String[] {"-", "!", "~"}[random.nextInt(3)] + "(" + intExpr(scope, depth - 1) + ")";
                case 1 -> "((" + CASTS[random.nextInt(CASTS.length)] + ")" + intExpr(scope, depth - 1) + " + 0)";
                default -> scope.ints.isEmpty() || isPure ? intLeaf(scope) : incDec(scope.ints.get(random.nextInt(scope.ints.size())));
            };
            default -> "(" + intExpr(scope, depth - 1) + " ? " + intExpr(scope, depth - 1) + " : " + intExpr(scope, depth - 1) + ")";
        };
    }

    private String incDec(String variable) {
        return switch (random.nextInt(4)) {
            case 0 -> "(" + variable + "++)";
            case 1 -> "(" + variable + "--)";
            case 2 -> "(++" + variable + ")";
            default -> "(--" + variable + ")";
        };
    }

    private String intLeaf(Scope scope) {
        int choice = random.nextInt(7);
        if (choice == 0 && !scope.ints.isEmpty()) return scope.ints.get(random.nextInt(scope.ints.size()));
        if (choice == 1 && scope.isTracepoint) return "args->" + INT_FIELDS[random.nextInt(INT_FIELDS.length)];
        if (choice == 1 && scope.isKprobe) return "arg" + random.nextInt(6);
        if (choice == 1 && scope.isKretprobe) return "retval";
        if (choice == 2) return INT_BUILTINS[random.nextInt(INT_BUILTINS.length)];
        if (choice == 3 && !isSeeding) {
            var plain = maps.stream().filter(m -> m.value() == ValueKind.INT).toList();
            if (!plain.isEmpty()) return mapRef(plain.get(random.nextInt(plain.size())), scope);
        }
        long value = random.nextInt(3) == 0 ? random.nextInt(-20, 100) : pick(INTERESTING);
        // a literal below zero is written as a negation, which is how the grammar reads it anyway
        if (value == Long.MIN_VALUE) return "(-9223372036854775807 - 1)";
        return value < 0 ? "(" + value + ")" : Long.toString(value);
    }

    private String strExpr(Scope scope, int depth) {
        int choice = random.nextInt(7);
        if (choice == 0 && !scope.strings.isEmpty()) return scope.strings.get(random.nextInt(scope.strings.size()));
        if (choice == 1 && scope.isTracepoint) return "args->" + STRING_FIELDS[random.nextInt(STRING_FIELDS.length)];
        if (choice == 2) return random.nextInt(4) == 0 ? "probe" : "comm";
        if (choice == 3 && !isSeeding) {
            var strings = maps.stream().filter(m -> m.value() == ValueKind.STR).toList();
            if (!strings.isEmpty()) return mapRef(strings.get(random.nextInt(strings.size())), scope);
        }
        if (choice == 4 && depth > 0) {
            return "(" + intExpr(scope, depth - 1) + " ? " + strExpr(scope, depth - 1) + " : " + strExpr(scope, depth - 1) + ")";
        }
        // long strings are rare: every string value takes its own stack buffer, and a probe has 512 bytes
        int pool = random.nextInt(8) == 0 ? STRINGS.length : STRINGS.length - 1;
        return '"' + STRINGS[random.nextInt(pool)] + '"';
    }
}
