package jtracec.spec.object;

import java.util.List;

/**
 * One USDT probe site as a binary's {@code .note.stapsdt} describes it: provider, name, the virtual
 * address of its nop, and its argument operands as sdt.h wrote them ({@code -4@%edi}, {@code 8@-8(%rbp)},
 * {@code 4@$5}). Semantic analysis expands usdt probes into sites and lowering reads the operands.
 */
public record UsdtSite(String provider, String name, long address, List<String> arguments) {
    public UsdtSite {
        arguments = List.copyOf(arguments);
    }
}
