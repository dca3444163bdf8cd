package jtracec.loader.print;

/**
 * Network addresses as bpftrace 0.17 prints them: {@code ntop()} values through glibc's
 * {@code inet_ntop} (BPFtrace::resolve_inet in src/bpftrace.cpp), {@code macaddr()} values as
 * {@code %02X:%02X:...} (BPFtrace::resolve_mac_address).
 */
final class AddressText {
    static final long AF_INET = 2;
    static final long AF_INET6 = 10;

    private AddressText() {}

    /** An inet value: the family as a u64 at {@code offset}, the address bytes after it; "" for another family, as bpftrace. */
    static String inet(byte[] bytes, int offset) {
        long family = Values.u64(bytes, offset);
        if (family == AF_INET) return ipv4(bytes, offset + 8);
        if (family == AF_INET6) return ipv6(bytes, offset + 8);
        return "";
    }

    static String ipv4(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) + "." + (bytes[offset + 1] & 0xff) + "." + (bytes[offset + 2] & 0xff) + "." + (bytes[offset + 3] & 0xff);
    }

    /**
     * glibc's inet_ntop6 (resolv/inet_ntop.c): lower-case hex groups, the first longest run of at
     * least two zero groups as "::", and a trailing IPv4 address for ::a.b.c.d and ::ffff:a.b.c.d.
     */
    static String ipv6(byte[] bytes, int offset) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) words[i] = (bytes[offset + 2 * i] & 0xff) << 8 | (bytes[offset + 2 * i + 1] & 0xff);
        int bestBase = -1, bestLength = 0, base = -1, length = 0;
        for (int i = 0; i < 8; i++) {
            if (words[i] == 0) {
                if (base == -1) base = i;
                length++;
                if (length > bestLength) {
                    bestBase = base;
                    bestLength = length;
                }
            } else {
                base = -1;
                length = 0;
            }
        }
        if (bestLength < 2) bestBase = -1;
        var text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLength) {
                if (i == bestBase) text.append(':');
                continue;
            }
            if (i != 0) text.append(':');
            if (i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xffff))) {
                text.append(ipv4(bytes, offset + 12));
                return text.toString();
            }
            text.append(Integer.toHexString(words[i]));
        }
        if (bestBase != -1 && bestBase + bestLength == 8) text.append(':');
        return text.toString();
    }

    static String mac(byte[] bytes, int offset) {
        var text = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (i > 0) text.append(':');
            text.append("%02X".formatted(bytes[offset + i] & 0xff));
        }
        return text.toString();
    }
}
