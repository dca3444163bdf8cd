package jtracec.loader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import jtracec.spec.object.EventIds;

/**
 * What user space does when a join, cat or system event arrives, as bpftrace 0.17's handlers in
 * bpftrace.cpp (and cat_file, exec_system in utils.cpp). Texts are byte text: one char per byte.
 */
final class UserSpaceActions {
    /** bpftrace 0.17's default cat_bytes_max_ (BPFTRACE_CAT_BYTES_MAX): how much of a file cat() prints. */
    static final int CAT_BYTES_MAX = 10240;
    /** exec_system reads the command's output with fgets into 128 bytes. */
    private static final int FGETS_BUFFER = 128;

    private final PrintStream errors;
    private final long catBytesMax;

    UserSpaceActions(PrintStream errors) {
        this(errors, CAT_BYTES_MAX);
    }

    /** {@code catBytesMax}: BPFTRACE_CAT_BYTES_MAX. */
    UserSpaceActions(PrintStream errors, long catBytesMax) {
        this.errors = errors;
        this.catBytesMax = catBytesMax;
    }

    /** The record's strings up to the first empty one, separated by {@code delimiter}. */
    static String join(byte[] record, String delimiter) {
        var joined = new StringBuilder();
        for (int i = 0; i < EventIds.JOIN_ARGUMENTS; i++) {
            int start = 16 + i * EventIds.JOIN_ARGUMENT_SIZE;
            if (start >= record.length || record[start] == 0) break;
            if (i > 0) joined.append(delimiter);
            int end = start;
            while (end < start + EventIds.JOIN_ARGUMENT_SIZE && end < record.length && record[end] != 0) end++;
            joined.append(new String(record, start, end - start, StandardCharsets.ISO_8859_1));
        }
        return joined.toString();
    }

    /** At most BPFTRACE_CAT_BYTES_MAX bytes of the file; nothing, and an error on stderr, when it cannot be read. */
    String cat(String fileName) {
        var path = Path.of(new String(fileName.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        var text = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(path)) {
            text.write(in.readNBytes((int) Math.min(catBytesMax, Integer.MAX_VALUE - 8)));
        } catch (IOException e) {
            errors.println("ERROR: failed to open file '" + new String(fileName.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
                    + "': " + reason(e, path));
        }
        return text.toString(StandardCharsets.ISO_8859_1);
    }

    private static String reason(IOException e, Path path) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (Files.isDirectory(path)) return "Is a directory";
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /**
     * Runs {@code command} with /bin/sh (popen), stdin and stderr shared with jtracec, and returns
     * what it wrote to stdout, read as fgets reads it: each chunk up to a newline or 127 bytes,
     * cut at its first NUL.
     */
    String system(String command) {
        var builder = new ProcessBuilder("/bin/sh", "-c", new String(command.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        byte[] output;
        try {
            Process process = builder.start();
            output = process.getInputStream().readAllBytes();
            process.waitFor();
        } catch (IOException e) {
            errors.println("ERROR: popen() failed!");
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        var text = new StringBuilder();
        int chunk = 0;
        boolean isCut = false;
        for (byte b : output) {
            if (!isCut && b == 0) isCut = true;
            if (!isCut) text.append((char) (b & 0xff));
            chunk++;
            if (b == '\n' || chunk == FGETS_BUFFER - 1) {
                chunk = 0;
                isCut = false;
            }
        }
        return text.toString();
    }
}
