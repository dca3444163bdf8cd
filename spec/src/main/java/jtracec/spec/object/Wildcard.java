package jtracec.spec.object;

import java.util.regex.Pattern;

/**
 * A bpftrace attach-point wildcard ({@code sys_enter_*}, {@code vfs_?ead}): {@code *} matches any
 * run of characters, {@code ?} any one, everything else itself; the whole text must match. Used
 * to expand attach points and to filter probe listings alike.
 */
public final class Wildcard {
    private final Pattern pattern;

    public Wildcard(String text) {
        var regex = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.pattern = Pattern.compile(regex.toString());
    }

    /** True when {@code text} has a wildcard character, so it names a set rather than one thing. */
    public static boolean isPattern(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    public boolean matches(String text) {
        return pattern.matcher(text).matches();
    }
}
