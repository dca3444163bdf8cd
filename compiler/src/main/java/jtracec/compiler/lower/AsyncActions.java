package jtracec.compiler.lower;

import java.util.List;
import java.util.Optional;
import jtracec.compiler.ast.Expr;
import jtracec.compiler.ir.Terminator;
import jtracec.compiler.ir.Value;
import jtracec.compiler.lower.FunctionBuilder.BlockBuilder;
import jtracec.spec.helper.HelperId;
import jtracec.spec.object.EventIds;
import jtracec.spec.object.Field;
import jtracec.spec.object.Signedness;
import jtracec.spec.source.SourceSpan;

/**
 * Actions user space carries out when their event arrives, after bpftrace 0.17's async actions
 * (codegen_llvm.cpp, and their handlers in bpftrace.cpp): {@code join}, {@code cat}, {@code system}.
 * Each sends one ring-buffer record whose first 8 bytes are its {@link EventIds} id.
 */
final class AsyncActions {
    private final ProbeLowering lowering;
    private final FunctionBuilder fb;
    private final ModuleLayout layout;

    AsyncActions(ProbeLowering lowering, FunctionBuilder fb, ModuleLayout layout) {
        this.lowering = lowering;
        this.fb = fb;
        this.layout = layout;
    }

    /**
     * cat(fmt, ...) and system(fmt, ...): the record is the event id, the id of a printf entry whose
     * format is the file name or command, then the arguments at that entry's offsets; user space
     * formats it as printf does, then reads the file or runs the command.
     */
    void formatted(Expr.Call call, long eventId) {
        if (call.args().isEmpty() || !(call.args().get(0) instanceof Expr.StrLit format)) {
            lowering.unsupported(call.span(), call.function() + " without a format string literal");
            return;
        }
        SourceSpan span = call.span();
        List<Expr> arguments = call.args().subList(1, call.args().size());
        Optional<List<Field>> fields = lowering.recordFields(arguments, 16);
        if (fields.isEmpty()) return;
        int size = ProbeLowering.recordSize(fields.get(), 16);
        int id = layout.addPrintf(format.value(), fields.get(), size);
        Value record = fb.slot(size, span);
        fb.store(record, 0, fb.constant(eventId, span), 8, span);
        fb.store(record, 8, fb.constant(id, span), 8, span);
        for (int i = 0; i < arguments.size(); i++) lowering.write(arguments.get(i), record, fields.get().get(i), span);
        lowering.emitEvent(record, size, span);
    }

    /**
     * print(value) of anything but a whole map (bpftrace 0.17's print_non_map): the event id, the id
     * of a printf entry whose one field is the value's, then the value at offset 16.
     */
    void printValue(Expr.Call call) {
        SourceSpan span = call.span();
        List<Expr> value = call.args().subList(0, 1);
        Optional<List<Field>> fields = lowering.recordFields(value, 16);
        if (fields.isEmpty()) return;
        int size = ProbeLowering.recordSize(fields.get(), 16);
        int id = layout.addPrintf("", fields.get(), size);
        Value record = fb.slot(size, span);
        fb.store(record, 0, fb.constant(EventIds.PRINT_VALUE, span), 8, span);
        fb.store(record, 8, fb.constant(id, span), 8, span);
        lowering.write(value.get(0), record, fields.get().get(0), span);
        lowering.emitEvent(record, size, span);
    }

    /**
     * join(arr [, delim]), as bpftrace 0.17 builds it: the record is too large for the stack, so it
     * is built in a one-element per-CPU scratch array; each of the first
     * {@value EventIds#JOIN_ARGUMENTS} elements of {@code arr} is read (a pointer), then the string
     * it points to into its {@value EventIds#JOIN_ARGUMENT_SIZE}-byte slot. A failed read leaves the
     * slot empty, where user space stops. Nothing is sent when the scratch element is missing.
     */
    void join(Expr.Call call) {
        SourceSpan span = call.span();
        Expr array = call.args().get(0);
        String delimiter = call.args().size() > 1 && call.args().get(1) instanceof Expr.StrLit lit ? lit.value() : " ";
        boolean isUser = lowering.isUserAddress(array);
        Value base = lowering.expr(array);
        int scratch = layout.joinMap();
        Value record = lowering.lookup(scratch, lowering.firstElementKey(span), span);
        BlockBuilder present = fb.newBlock();
        BlockBuilder done = fb.newBlock();
        lowering.branchOnLookup(record, present, done, span);
        fb.switchTo(present);
        fb.store(record, 0, fb.constant(EventIds.JOIN, span), 8, span);
        fb.store(record, 8, fb.constant(layout.addPrintf(delimiter, List.of(), EventIds.JOIN_RECORD_SIZE), span), 8, span);
        Value element = fb.slot(8, span);
        for (int i = 0; i < EventIds.JOIN_ARGUMENTS; i++) {
            fb.call(isUser ? HelperId.PROBE_READ_USER : HelperId.PROBE_READ_KERNEL,
                    span, element, fb.constant(8, span), fb.plus(base, 8L * i, span));
            fb.call(isUser ? HelperId.PROBE_READ_USER_STR : HelperId.PROBE_READ_KERNEL_STR, span,
                    fb.offset(record, 16 + i * EventIds.JOIN_ARGUMENT_SIZE, span), fb.constant(EventIds.JOIN_ARGUMENT_SIZE, span),
                    fb.load(element, 0, 8, Signedness.UNSIGNED, span));
        }
        lowering.emitEvent(record, EventIds.JOIN_RECORD_SIZE, span);
        fb.terminate(new Terminator.Jump(done.id, List.of(), span));
        fb.switchTo(done);
    }
}
