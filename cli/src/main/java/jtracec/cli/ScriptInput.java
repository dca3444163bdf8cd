package jtracec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import jtracec.spec.source.SourceFile;

/** Where the script text comes from: {@code -e 'program'}, a file, or {@code -} for standard input. */
sealed interface ScriptInput {
    /** The name diagnostics use for `-e` programs, as bpftrace does. */
    String INLINE_NAME = "stdin";

    SourceFile read() throws ScriptUnreadableException;

    record Inline(String text) implements ScriptInput {
        public SourceFile read() {
            return new SourceFile(INLINE_NAME, text);
        }
    }

    record File(Path path) implements ScriptInput {
        public SourceFile read() throws ScriptUnreadableException {
            try {
                return new SourceFile(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                throw new ScriptUnreadableException("%s: no such file".formatted(path));
            } catch (IOException e) {
                throw new ScriptUnreadableException("%s: cannot read: %s".formatted(path, e.getMessage()));
            }
        }
    }

    record Stdin(InputStream in) implements ScriptInput {
        public SourceFile read() throws ScriptUnreadableException {
            try {
                return new SourceFile(INLINE_NAME, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ScriptUnreadableException("cannot read the program from standard input: " + e.getMessage());
            }
        }
    }

    /** The script could not be read at all; the message names the file and why. */
    final class ScriptUnreadableException extends Exception {
        ScriptUnreadableException(String message) {
            super(message);
        }
    }
}
