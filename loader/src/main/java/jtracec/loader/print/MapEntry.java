package jtracec.loader.print;

/** One key and its value as read from the kernel; a per-CPU value holds every possible CPU's slot, 8-byte aligned. */
public record MapEntry(byte[] key, byte[] value) {}
