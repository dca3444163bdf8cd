package jtracec.loader.attach;

import java.util.List;
import jtracec.loader.AttachTargetNotFoundException;
import jtracec.loader.symbols.ElfFile;
import jtracec.loader.symbols.FunctionPattern;
import jtracec.spec.object.AttachPoint;

/**
 * The file offsets one uprobe attaches at, resolved as bpftrace 0.17 does
 * (AttachedProbe::resolve_offset_uprobe): a function by symbol or demangled name, every function a
 * wildcard matches, {@code function+offset} inside the function, or an address that must fall inside
 * a known function. A function the compiler inlined everywhere has no address, and the error says so.
 */
final class UprobeTargets {
    private final ElfFile elf;

    UprobeTargets(ElfFile elf) {
        this.elf = elf;
    }

    List<Long> fileOffsets(AttachPoint.Uprobe uprobe) {
        if (uprobe.symbol().isEmpty()) return List.of(addressOffset(uprobe));
        var pattern = new FunctionPattern(uprobe.symbol());
        var functions = elf.functionsMatching(pattern);
        if (functions.isEmpty()) throw notFound(pattern);
        if (uprobe.end() == AttachPoint.ProbeEnd.RETURN && uprobe.offset() != 0) {
            throw new AttachTargetNotFoundException("uretprobes cannot be attached at a function offset (%s+%d)".formatted(uprobe.symbol(), uprobe.offset()),
                    "attach the uretprobe to the function itself");
        }
        return functions.stream().map(function -> {
            if (uprobe.offset() != 0 && uprobe.offset() >= function.size()) {
                throw new AttachTargetNotFoundException("offset %d is outside the function bounds ('%s' size is %d)".formatted(uprobe.offset(), function.name(), function.size()),
                        "give an offset below the function's size");
            }
            return fileOffset(function.address() + uprobe.offset());
        }).toList();
    }

    private long addressOffset(AttachPoint.Uprobe uprobe) {
        long address = uprobe.offset();
        var function = elf.functionAt(address).orElseThrow(() -> new AttachTargetNotFoundException(
                "could not resolve address %s:0x%x: it is in no function of the symbol table".formatted(elf.path(), address),
                "give an address inside a function, e.g. one from: nm %s".formatted(elf.path())));
        if (uprobe.end() == AttachPoint.ProbeEnd.RETURN && address != function.address()) {
            throw new AttachTargetNotFoundException("uretprobes cannot be attached at a function offset (address resolved to: %s+%d)"
                    .formatted(function.name(), address - function.address()), "attach the uretprobe to the function's first address");
        }
        return fileOffset(address);
    }

    private long fileOffset(long address) {
        return elf.fileOffset(address).orElseThrow(() -> new AttachTargetNotFoundException(
                "address 0x%x is not in a loadable segment of %s".formatted(address, elf.path()), "check the symbol or offset"));
    }

    private AttachTargetNotFoundException notFound(FunctionPattern pattern) {
        var inlined = elf.inlinedFunctionsMatching(pattern);
        if (!inlined.isEmpty()) {
            return new AttachTargetNotFoundException("function %s has no symbol in %s: the compiler inlined it into its callers, so there is no address to probe"
                    .formatted(inlined.size() == 1 ? inlined.get(0) : pattern.text() + " (" + String.join(", ", inlined) + ")", elf.path()),
                    "probe a caller instead, or build it with #[inline(never)] (Rust) or __attribute__((noinline)) (C, C++)");
        }
        String what = pattern.isWildcard() ? "no function matches %s in %s" : "function %s not found in %s";
        return new AttachTargetNotFoundException(what.formatted(pattern.text(), elf.path()),
                "list its functions with: jtracec -l 'uprobe:%s:*'".formatted(elf.path()));
    }
}
