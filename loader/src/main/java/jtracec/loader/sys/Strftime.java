package jtracec.loader.sys;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;

/** The local time formatted by the C library's strftime(3), as bpftrace's time() prints it (same locale, same zone rules). */
public final class Strftime {
    /** bpftrace formats into a STRING_SIZE (64-byte) buffer and prints nothing when it does not fit. */
    private static final int BUFFER_SIZE = 64;

    public String now(String format) {
        try (var seconds = new Memory(8); var broken = new Memory(64)) {
            broken.clear();
            seconds.setLong(0, LibC.INSTANCE.time(null));
            LibC.INSTANCE.localtime_r(seconds, broken);
            var buffer = new byte[BUFFER_SIZE];
            int length = (int) LibC.INSTANCE.strftime(buffer, buffer.length, format, broken);
            return new String(buffer, 0, length, StandardCharsets.UTF_8);
        }
    }
}
