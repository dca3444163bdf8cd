package jtracec.compiler.validation;

import java.util.LinkedHashMap;
import java.util.Map;
import jtracec.compiler.sema.ConcreteProbe;
import jtracec.spec.interp.Task;
import jtracec.spec.object.AttachPoint;

/**
 * A probe firing described by values, before it is laid out for one attach point: which probe
 * fires ({@code site}, an index into the program list), the task, tracepoint field values by
 * name (fields the tracepoint lacks are ignored, missing ones are zero), and for kprobes the
 * argument registers and the return register.
 */
record Stimulus(int site, Task task, Map<String, Scalar> fields, long[] arguments, long returnValue) {
    Stimulus {
        fields = new LinkedHashMap<>(fields);
        arguments = arguments.clone();
    }

    Firing firing(ConcreteProbe point) {
        byte[] context = switch (point.point()) {
            case AttachPoint.Tracepoint t -> {
                var format = point.tracepoint().orElseThrow();
                var present = new LinkedHashMap<String, Scalar>();
                fields.forEach((name, value) -> {
                    if (format.field(name).isPresent()) present.put(name, value);
                });
                yield ContextLayout.tracepoint(format, present);
            }
            case AttachPoint.Kprobe k -> ContextLayout.ptRegs(arguments, returnValue);
            case AttachPoint.Uprobe u -> ContextLayout.ptRegs(arguments, returnValue);
            default -> new byte[8];
        };
        return new Firing(site, task, context);
    }
}
