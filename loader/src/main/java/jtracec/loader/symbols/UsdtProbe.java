package jtracec.loader.symbols;

import java.util.List;

/**
 * One USDT probe site from a {@code .note.stapsdt} ELF note (SystemTap's sdt.h): provider, name,
 * the virtual address of its nop, its semaphore's address (0 without one) and the argument specs
 * as written, e.g. {@code -8@%rbx}. Addresses are already adjusted by {@code .stapsdt.base}.
 */
public record UsdtProbe(String provider, String name, long address, long semaphore, List<String> arguments) {
    public UsdtProbe {
        arguments = List.copyOf(arguments);
    }
}
