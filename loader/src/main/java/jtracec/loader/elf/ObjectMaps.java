package jtracec.loader.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jtracec.loader.symbols.ElfFormatException;
import jtracec.spec.kernel.BtfType;
import jtracec.spec.kernel.KernelTypes;
import jtracec.spec.kernel.MapType;
import jtracec.spec.object.MapSpec;

/**
 * The maps an object defines, in the order its programs will refer to them: BTF-defined maps in
 * {@code .maps}, legacy {@code struct bpf_map_def}s in {@code maps}, then one single-entry array
 * per global-data section ({@code .data}, {@code .rodata*}, {@code .bss}), as libbpf creates them.
 * A relocation finds its map by the section and offset its symbol points at.
 */
final class ObjectMaps {
    private record Place(int section, long offset) {}

    private final List<MapSpec> maps = new ArrayList<>();
    private final Map<Place, Integer> bySymbol = new HashMap<>();
    private final Map<Integer, Integer> globalData = new HashMap<>();

    static ObjectMaps read(ElfSections elf, List<ElfSections.Symbol> symbols, Optional<KernelTypes> btf) throws ElfFormatException {
        var maps = new ObjectMaps();
        for (var section : elf.sections()) {
            if (section.name().equals(".maps")) {
                try {
                    maps.btfDefined(section, symbols, btf, elf.path().getFileName().toString());
                } catch (IllegalStateException e) {
                    throw new ElfFormatException("%s: the BTF of .maps is malformed: %s".formatted(elf.path(), e.getMessage()));
                }
            }
            else if (section.name().equals("maps")) maps.legacy(elf, section, symbols);
        }
        for (var section : elf.sections()) {
            if (isGlobalData(section)) {
                maps.globalData.put(section.index(), maps.maps.size());
                maps.maps.add(new MapSpec(section.name(), MapType.ARRAY, 4, (int) Math.max(1, section.size()), 1, Optional.empty()));
            }
        }
        return maps;
    }

    private static boolean isGlobalData(ElfSections.Section section) {
        String name = section.name();
        boolean isData = name.equals(".data") || name.startsWith(".data.") || name.equals(".bss") || name.startsWith(".bss.")
                || name.equals(".rodata") || name.startsWith(".rodata.");
        return isData && (section.type() == ElfSections.SHT_PROGBITS || section.type() == ElfSections.SHT_NOBITS);
    }

    List<MapSpec> all() {
        return List.copyOf(maps);
    }

    /** The map defined at {@code offset} of a {@code .maps} or {@code maps} section. */
    Optional<Integer> definedAt(int section, long offset) {
        return Optional.ofNullable(bySymbol.get(new Place(section, offset)));
    }

    /** The array map that holds a global-data section. */
    Optional<Integer> globalData(int section) {
        return Optional.ofNullable(globalData.get(section));
    }

    /**
     * clang writes {@code __uint(type, N)} as a member of type {@code int (*)[N]} and
     * {@code __type(key, T)} as {@code T *}; the map is a global variable of that struct.
     */
    private void btfDefined(ElfSections.Section section, List<ElfSections.Symbol> symbols, Optional<KernelTypes> btf, String file)
            throws ElfFormatException {
        if (btf.isEmpty()) throw new ElfFormatException("%s defines maps in .maps but has no .BTF section to describe them".formatted(file));
        var types = btf.get();
        var sectionVariables = new ArrayList<BtfType.SectionVariable>();
        for (int id = 1; id < types.size(); id++) {
            if (types.type(id) instanceof BtfType.DataSection data && data.name().equals(".maps")) sectionVariables.addAll(data.variables());
        }
        for (var variable : sectionVariables) {
            if (!(types.type(variable.type()) instanceof BtfType.Variable var)) continue;
            if (!(types.type(types.resolve(var.type())) instanceof BtfType.Struct definition)) {
                throw new ElfFormatException("map '%s' in .maps is not a struct".formatted(var.name()));
            }
            long type = -1, maxEntries = 0, keySize = -1, valueSize = -1;
            for (var member : definition.members()) {
                switch (member.name()) {
                    case "type" -> type = encodedNumber(types, member, var.name());
                    case "max_entries" -> maxEntries = encodedNumber(types, member, var.name());
                    case "key_size" -> keySize = encodedNumber(types, member, var.name());
                    case "value_size" -> valueSize = encodedNumber(types, member, var.name());
                    case "key" -> keySize = pointeeSize(types, member, var.name());
                    case "value" -> valueSize = pointeeSize(types, member, var.name());
                    case "map_flags", "numa_node", "pinning", "map_extra" -> { }
                    case "values" -> throw new ElfFormatException("map '%s': maps of maps and program arrays are not supported yet".formatted(var.name()));
                    default -> throw new ElfFormatException("map '%s' has a member '%s' libbpf does not know".formatted(var.name(), member.name()));
                }
            }
            if (type < 0) throw new ElfFormatException("map '%s' does not say its type: add __uint(type, BPF_MAP_TYPE_...)".formatted(var.name()));
            // the symbol, not the DATASEC entry, says where the map is: clang may leave DATASEC offsets
            // for libbpf to fill in (btf_fixup_datasec() in tools/lib/bpf/libbpf.c)
            String mapName = var.name();
            long offset = symbols.stream().filter(s -> s.section() == section.index() && s.name().equals(mapName))
                    .mapToLong(ElfSections.Symbol::value).findFirst()
                    .orElseThrow(() -> new ElfFormatException("map '%s' is described in BTF but has no symbol in .maps".formatted(mapName)));
            add(section.index(), offset, var.name(), type, Math.max(0, keySize), Math.max(0, valueSize), maxEntries);
        }
        for (var symbol : symbols) {
            if (symbol.section() == section.index() && symbol.kind() == ElfSections.STT_OBJECT
                    && definedAt(section.index(), symbol.value()).isEmpty()) {
                throw new ElfFormatException("map '%s' in .maps has no BTF description".formatted(symbol.name()));
            }
        }
    }

    private static long encodedNumber(KernelTypes types, BtfType.Member member, String map) throws ElfFormatException {
        if (types.type(member.type()) instanceof BtfType.Pointer pointer && types.type(pointer.target()) instanceof BtfType.Array array) {
            return Integer.toUnsignedLong(array.length());
        }
        throw new ElfFormatException("map '%s': member '%s' is not written with __uint()".formatted(map, member.name()));
    }

    private static long pointeeSize(KernelTypes types, BtfType.Member member, String map) throws ElfFormatException {
        if (types.type(member.type()) instanceof BtfType.Pointer pointer) return types.sizeOf(pointer.target());
        throw new ElfFormatException("map '%s': member '%s' is not written with __type()".formatted(map, member.name()));
    }

    /** {@code struct bpf_map_def { u32 type, key_size, value_size, max_entries, map_flags; }} per symbol. */
    private void legacy(ElfSections elf, ElfSections.Section section, List<ElfSections.Symbol> symbols) throws ElfFormatException {
        var bytes = ByteBuffer.wrap(elf.contents(section)).order(ByteOrder.LITTLE_ENDIAN);
        for (var symbol : symbols) {
            if (symbol.section() != section.index() || symbol.kind() == ElfSections.STT_SECTION) continue;
            if (symbol.value() < 0 || symbol.value() + 16 > bytes.limit()) {
                throw new ElfFormatException("map '%s' runs past the end of the maps section".formatted(symbol.name()));
            }
            int at = (int) symbol.value();
            add(section.index(), symbol.value(), symbol.name(), Integer.toUnsignedLong(bytes.getInt(at)), Integer.toUnsignedLong(bytes.getInt(at + 4)),
                    Integer.toUnsignedLong(bytes.getInt(at + 8)), Integer.toUnsignedLong(bytes.getInt(at + 12)));
        }
    }

    private void add(int section, long offset, String name, long type, long keySize, long valueSize, long maxEntries) throws ElfFormatException {
        MapType mapType = Arrays.stream(MapType.values()).filter(candidate -> candidate.kernelValue() == type).findFirst()
                .orElseThrow(() -> new ElfFormatException("map '%s' has map type %d, which jtracec does not model yet (supported: %s)"
                        .formatted(name, type, Arrays.toString(MapType.values()).toLowerCase(Locale.ROOT))));
        if (keySize > Integer.MAX_VALUE || valueSize > Integer.MAX_VALUE || maxEntries > Integer.MAX_VALUE) {
            throw new ElfFormatException("map '%s' is too large".formatted(name));
        }
        bySymbol.put(new Place(section, offset), maps.size());
        maps.add(new MapSpec(name, mapType, (int) keySize, (int) valueSize, (int) maxEntries, Optional.empty()));
    }
}
