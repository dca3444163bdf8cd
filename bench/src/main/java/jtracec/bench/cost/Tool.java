package jtracec.bench.cost;

import java.util.List;

/** A tracer under comparison: its name in the report and the command that runs a script with it. */
record Tool(String name, List<String> command) {
    Tool {
        command = List.copyOf(command);
    }
}
