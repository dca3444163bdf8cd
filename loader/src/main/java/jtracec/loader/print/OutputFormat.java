package jtracec.loader.print;

/**
 * bpftrace's two output formats (-f text, -f json): TextOutput and JsonOutput in src/output.cpp.
 * JSON is one object per line (NDJSON) with a "type" and a "data" member.
 */
public enum OutputFormat {
    TEXT, JSON;

    public String attachedProbes(int count) {
        return switch (this) {
            case TEXT -> count == 1 ? "Attaching 1 probe...\n" : "Attaching %d probes...\n".formatted(count);
            case JSON -> "{\"type\": \"attached_probes\", \"data\": {\"probes\": %d}}\n".formatted(count);
        };
    }

    /** printf() output: as is in text, one "printf" message per call in JSON. */
    public String printf(String text) {
        return message("printf", text);
    }

    /** time() output. */
    public String time(String text) {
        return message("time", text);
    }

    /** join() output: a line in text (TextOutput::message with a newline), a "join" message in JSON. */
    public String join(String text) {
        return this == TEXT ? text + "\n" : message("join", text);
    }

    /** cat() output: the file's bytes as they are. */
    public String cat(String text) {
        return message("cat", text);
    }

    /** system() output: the command's standard output as it is ("syscall" in JSON, as 0.17 names it). */
    public String system(String text) {
        return message("syscall", text);
    }

    public String lostEvents(long count) {
        return switch (this) {
            case TEXT -> "Lost %d events\n".formatted(count);
            case JSON -> "{\"type\": \"lost_events\", \"data\": {\"events\": %d}}\n".formatted(count);
        };
    }

    private String message(String type, String text) {
        return switch (this) {
            case TEXT -> text;
            case JSON -> "{\"type\": \"%s\", \"data\": \"%s\"}\n".formatted(type, escape(text));
        };
    }

    /**
     * JsonOutput::json_escape on byte text: quote, backslash, \n \r \t, other control characters as
     * \\u00XX. Its {@code char} is signed, so bytes above 0x7f count as control characters too and
     * print as the hex of a negative int ("\\uffffffc3"); kept, since the output must match.
     */
    static String escape(String text) {
        var out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c <= 0x1f || c >= 0x80) out.append("\\u%04x".formatted((int) (byte) c));
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }
}
