package jtracec.compiler.codegen;

import static jtracec.compiler.lower.TestScripts.*;

import java.util.Map;
import java.util.Optional;
import jtracec.compiler.ast.BinOp;
import jtracec.compiler.lower.TestScripts;
import jtracec.compiler.sema.TypedProgram;

/** The walking-skeleton scripts, typed by hand until the front end can produce them from text. */
public final class SkeletonScripts {
    private SkeletonScripts() {}

    public static Map<String, TypedProgram> all() {
        var scripts = new java.util.LinkedHashMap<String, TypedProgram>();
        scripts.put("hello", new TestScripts().probe(begin(),
                stmt(call("printf", str("hello, %s %d\n"), str("world"), num(42))),
                stmt(call("exit"))).typed());
        scripts.put("count_by_comm", new TestScripts().probe(sysEnterOpenat(),
                assign(map("", builtin("comm")), call("count"))).typed());
        scripts.put("scalar_count", new TestScripts().probe(kprobe("vfs_read"),
                assign(map("calls"), call("count"))).typed());
        scripts.put("sum_and_hist", new TestScripts().probe(sysExitRead(),
                assign(map("bytes"), call("sum", args("ret"))),
                assign(map("h"), call("hist", args("ret"))),
                assign(map("l", builtin("pid")), call("lhist", args("ret"), num(0), num(1000), num(100)))).typed());
        scripts.put("print_clear_exit", new TestScripts()
                .probe(kprobe("vfs_read"), assign(map("", builtin("pid")), call("count")))
                .probe(begin(), stmt(call("print", map(""))), stmt(call("clear", map(""))), stmt(call("exit"))).typed());
        scripts.put("opensnoop", new TestScripts().probe(sysEnterOpenat(),
                stmt(call("printf", str("%d %d %s %s\n"), builtin("pid"), builtin("tid"), builtin("comm"),
                        call("str", args("filename"))))).typed());
        scripts.put("builtins", new TestScripts().probe(kretprobe("vfs_read"),
                assign(map("ret", builtin("comm"), builtin("cpu")), call("max", builtin("retval"))),
                assign(map("lat"), call("avg", builtin("nsecs"))),
                assign(map("m"), call("min", builtin("uid"))),
                assign(map("s"), call("stats", builtin("retval")))).typed());
        scripts.put("kprobe_args", new TestScripts().probe(kprobe("vfs_read"),
                assign(map("size", builtin("arg0")), builtin("arg2")),
                compound(map("total"), BinOp.ADD, builtin("arg2"))).typed());
        scripts.put("control_flow", new TestScripts().probe(sysExitRead(),
                Optional.of(bin(BinOp.GT, args("ret"), num(0))),
                assign(var("x"), bin(BinOp.DIV, args("ret"), num(2))),
                ifElse(bin(BinOp.EQ, builtin("comm"), str("bash")),
                        block(assign(var("x"), bin(BinOp.MUL, var("x"), num(3)))),
                        block(assign(var("x"), bin(BinOp.MOD, var("x"), num(7))))),
                assign(var("y"), ternary(bin(BinOp.LT, var("x"), num(100)), num(1), num(2))),
                assign(var("i"), num(0)),
                whileLoop(bin(BinOp.LT, var("i"), num(5)), block(
                        assign(var("i"), bin(BinOp.ADD, var("i"), num(1))),
                        compound(var("y"), BinOp.ADD, var("i")))),
                ifThen(bin(BinOp.LOGICAL_AND, bin(BinOp.GT, var("y"), num(3)), bin(BinOp.NE, builtin("pid"), num(1))),
                        block(stmt(call("printf", str("%s %d %d\n"), builtin("comm"), var("x"), var("y"))))),
                assign(map("last", builtin("comm")), builtin("comm")),
                assign(map("seen", builtin("tid")), bin(BinOp.ADD, map("seen", builtin("tid")), num(1)))).typed());
        return scripts;
    }

}
