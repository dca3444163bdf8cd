package jtracec.compiler.sema;

import java.util.Optional;

/**
 * The bytes of an IP address literal, for {@code pton()}, as bpftrace 0.17 reads it: an address
 * with a '.' is IPv4 (4 bytes), else one with a ':' is IPv6 (16 bytes), each as inet_pton(3) accepts it.
 */
public final class AddressLiteral {
    private AddressLiteral() {}

    public static Optional<byte[]> parse(String text) {
        if (text.contains(".")) return ipv4(text);
        if (text.contains(":")) return ipv6(text);
        return Optional.empty();
    }

    /** inet_pton's IPv4 form: exactly four decimal parts of 0..255, no leading zeros. */
    private static Optional<byte[]> ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) return Optional.empty();
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) return Optional.empty();
            bytes[i] = (byte) value;
        }
        return Optional.of(bytes);
    }

    /**
     * RFC 4291 §2.2 text: eight hex groups, or fewer around one "::"; the words are big-endian.
     * No trailing IPv4 form: with its '.', bpftrace takes such an address for IPv4.
     */
    private static Optional<byte[]> ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) return Optional.empty();
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        var headWords = words(head);
        var tailWords = words(tail);
        if (headWords.isEmpty() || tailWords.isEmpty()) return Optional.empty();
        int count = headWords.get().length + tailWords.get().length;
        if (gap >= 0 ? count > 7 : count != 8) return Optional.empty();
        byte[] bytes = new byte[16];
        int[] h = headWords.get(), t = tailWords.get();
        for (int i = 0; i < h.length; i++) put(bytes, i, h[i]);
        for (int i = 0; i < t.length; i++) put(bytes, 8 - t.length + i, t[i]);
        return Optional.of(bytes);
    }

    private static void put(byte[] bytes, int word, int value) {
        bytes[2 * word] = (byte) (value >> 8);
        bytes[2 * word + 1] = (byte) value;
    }

    private static Optional<int[]> words(String part) {
        if (part.isEmpty()) return Optional.of(new int[0]);
        String[] groups = part.split(":", -1);
        int[] words = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) return Optional.empty();
            words[i] = Integer.parseInt(group, 16);
        }
        return Optional.of(words);
    }
}
