package jtracec.loader.target;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import jtracec.loader.btf.BtfReader;
import jtracec.spec.json.JsonValue;
import jtracec.spec.kernel.KernelFeature;
import jtracec.spec.kernel.KernelTypes;
import jtracec.spec.kernel.Target;
import jtracec.spec.object.UsdtSite;
import jtracec.spec.kernel.TracepointField;
import jtracec.spec.kernel.TracepointFormat;

/**
 * A kernel's facts recorded by {@link #write} on one machine and read back on another, so
 * {@code jtracec --verify --target FILE} needs no BPF and no tracefs. Features the file does not
 * name (a newer jtracec reading an older snapshot) count as unsupported.
 */
public final class SnapshotTarget implements Target {
    static final String FORMAT = "jtracec-target-snapshot/1";

    private final String describe;
    private final int possibleCpus;
    private final Map<KernelFeature, Boolean> features;
    private final Map<String, TracepointFormat> tracepoints;
    private final Set<String> kernelFunctions;
    private final Optional<byte[]> kernelBtf;
    private volatile Optional<KernelTypes> kernelTypes;

    private SnapshotTarget(String describe, int possibleCpus, Map<KernelFeature, Boolean> features,
                           Map<String, TracepointFormat> tracepoints, Set<String> kernelFunctions, Optional<byte[]> kernelBtf) {
        this.kernelBtf = kernelBtf;
        this.describe = describe;
        this.possibleCpus = possibleCpus;
        this.features = features;
        this.tracepoints = tracepoints;
        this.kernelFunctions = kernelFunctions;
    }

    /** Records everything {@code live} knows: every feature, tracepoint format and kernel function. */
    public static void write(LiveTarget live, Path file) throws IOException {
        var features = new LinkedHashMap<String, JsonValue>();
        for (var feature : KernelFeature.values()) features.put(feature.name(), new JsonValue.JsonBoolean(live.supports(feature)));
        var tracepoints = new ArrayList<JsonValue>();
        for (var name : live.tracepoints()) {
            int colon = name.indexOf(':');
            live.tracepoint(name.substring(0, colon), name.substring(colon + 1)).ifPresent(format -> tracepoints.add(json(format)));
        }
        var functions = new ArrayList<>(live.kernelFunctions());
        functions.sort(null);
        var root = new LinkedHashMap<String, JsonValue>();
        root.put("format", new JsonValue.JsonString(FORMAT));
        root.put("describe", new JsonValue.JsonString(live.describe()));
        root.put("possibleCpus", new JsonValue.JsonNumber(live.possibleCpus()));
        root.put("features", new JsonValue.JsonObject(features));
        root.put("tracepoints", new JsonValue.JsonArray(tracepoints));
        root.put("kernelFunctions", new JsonValue.JsonArray(functions.stream().<JsonValue>map(JsonValue.JsonString::new).toList()));
        // the kernel's BTF, gzipped and base64-encoded: struct layouts and kfunc signatures for sema
        var btf = live.kernelBtf();
        if (btf.isPresent()) root.put("btf", new JsonValue.JsonString(Base64.getEncoder().encodeToString(gzip(btf.get()))));
        var out = new StringBuilder();
        new JsonValue.JsonObject(root).write(out);
        Files.writeString(file, out.append('\n'));
    }

    private static JsonValue json(TracepointFormat format) {
        var fields = format.fields().stream().<JsonValue>map(field -> new JsonValue.JsonArray(List.of(
                new JsonValue.JsonString(field.name()), new JsonValue.JsonString(field.cType()), new JsonValue.JsonNumber(field.offset()),
                new JsonValue.JsonNumber(field.size()), new JsonValue.JsonBoolean(field.isSigned())))).toList();
        var members = new LinkedHashMap<String, JsonValue>();
        members.put("category", new JsonValue.JsonString(format.category()));
        members.put("name", new JsonValue.JsonString(format.name()));
        members.put("id", new JsonValue.JsonNumber(format.id()));
        members.put("fields", new JsonValue.JsonArray(fields));
        return new JsonValue.JsonObject(members);
    }

    /** Reads a snapshot; a file that is not one fails with {@link SnapshotFormatException}. */
    public static SnapshotTarget read(Path file) throws IOException {
        try {
            var root = JsonValue.parse(Files.readString(file)).asObject();
            if (!root.get("format").asString().equals(FORMAT)) {
                throw new SnapshotFormatException("%s is a %s file, expected %s".formatted(file, root.get("format").asString(), FORMAT));
            }
            var features = new EnumMap<KernelFeature, Boolean>(KernelFeature.class);
            for (var member : root.get("features").asObject().members().entrySet()) {
                try {
                    features.put(KernelFeature.valueOf(member.getKey()), member.getValue().asBoolean());
                } catch (IllegalArgumentException e) {
                    // a feature this jtracec does not know: nothing asks for it
                }
            }
            var tracepoints = new LinkedHashMap<String, TracepointFormat>();
            for (var element : root.get("tracepoints").asArray()) {
                var object = element.asObject();
                var fields = new ArrayList<TracepointField>();
                for (var field : object.get("fields").asArray()) {
                    var parts = field.asArray();
                    fields.add(new TracepointField(parts.get(0).asString(), parts.get(1).asString(), (int) parts.get(2).asLong(),
                            (int) parts.get(3).asLong(), parts.get(4).asBoolean()));
                }
                var format = new TracepointFormat(object.get("category").asString(), object.get("name").asString(), (int) object.get("id").asLong(), fields);
                tracepoints.put(format.category() + ":" + format.name(), format);
            }
            var functions = new HashSet<String>();
            for (var name : root.get("kernelFunctions").asArray()) functions.add(name.asString());
            var btf = root.members().containsKey("btf")
                    ? Optional.of(gunzip(Base64.getDecoder().decode(root.get("btf").asString()))) : Optional.<byte[]>empty();
            return new SnapshotTarget("snapshot %s of %s".formatted(file.getFileName(), root.get("describe").asString()),
                    (int) root.get("possibleCpus").asLong(), features, tracepoints, Set.copyOf(functions), btf);
        } catch (JsonValue.JsonException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new SnapshotFormatException("%s is not a target snapshot: %s".formatted(file, e.getMessage()));
        }
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public boolean supports(KernelFeature feature) {
        return features.getOrDefault(feature, false);
    }

    @Override
    public Optional<TracepointFormat> tracepoint(String category, String name) {
        return Optional.ofNullable(tracepoints.get(category + ":" + name));
    }

    @Override
    public List<String> tracepoints() {
        return List.copyOf(tracepoints.keySet());
    }


    @Override
    public Set<String> kernelFunctions() {
        return kernelFunctions;
    }

    @Override
    public Optional<KernelTypes> kernelTypes() {
        var result = kernelTypes;
        if (result == null) {
            try {
                result = kernelTypes = kernelBtf.isEmpty() ? Optional.empty() : Optional.of(BtfReader.decode(kernelBtf.get()));
            } catch (IOException e) {
                result = kernelTypes = Optional.empty();
            }
        }
        return result;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new GZIPOutputStream(out)) {
            zip.write(raw);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] packed) throws IOException {
        try (var zip = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            return zip.readAllBytes();
        }
    }

    /** Read from the file on this machine: a binary is not part of the kernel, so a snapshot does not hold it. */
    @Override
    public Optional<List<UsdtSite>> usdtSites(String binary) {
        return UsdtNotes.read(binary);
    }

    @Override
    public int possibleCpus() {
        return possibleCpus;
    }
}
