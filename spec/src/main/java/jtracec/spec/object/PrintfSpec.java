package jtracec.spec.object;

import java.util.List;

/**
 * A printf-like event: the program writes a record of {@code size} bytes whose first 8 bytes are
 * {@code id} and whose arguments sit at the field offsets; user space formats it with
 * {@code format} (bpftrace's printf syntax). Also used for {@code print} of non-map values.
 */
public record PrintfSpec(int id, String format, List<Field> args, int size) {
    public PrintfSpec {
        args = List.copyOf(args);
    }
}
