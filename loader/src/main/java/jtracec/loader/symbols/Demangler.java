package jtracec.loader.symbols;

import java.util.Optional;

/**
 * Symbol names as their source language writes them: Rust v0 ({@code _R}), Rust legacy
 * ({@code _ZN...17h<hash>E}) and Itanium C++ ({@code _Z}). A name in none of these manglings,
 * or in a form the demanglers do not know, has no demangled form.
 */
public final class Demangler {
    private Demangler() {}

    public static Optional<String> demangle(String symbol) {
        if (symbol.startsWith("_R")) return RustV0Demangler.demangle(symbol);
        if (!symbol.startsWith("_Z")) return Optional.empty();
        // a legacy Rust name is also a valid Itanium name, which would keep the hash as a path part
        return RustLegacyDemangler.demangle(symbol).or(() -> ItaniumDemangler.demangle(symbol));
    }
}
