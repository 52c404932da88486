package dev.nabla.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format:
 * an 8-byte little-endian header length N, N bytes of UTF-8 JSON describing each tensor
 * ({@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, "__metadata__": {...}}}),
 * then the raw little-endian data. Files written here are laid out as the Python library lays them
 * out (largest alignment first, then by name; header padded with spaces to a multiple of 8), so
 * PyTorch and Hugging Face read them, and their files load here.
 *
 * <p>Reading validates the whole header before any data is read: every fault (truncation, bad JSON,
 * unknown dtype, offsets out of range, overlapping or not matching the shape) is a
 * {@link SafeTensorsException} naming the file and the fault. F32, F64, I64 and BOOL are read as
 * FLOAT32, FLOAT64, INT64 and BOOL; F16 and BF16 are widened to FLOAT32, the other integer types to INT64.
 *
 * <p>Saving is atomic: the file is written beside the target under a temporary name, forced to disk,
 * and moved over the target in one step, so a failure at any point leaves the previous file intact.
 */
public final class SafeTensors {
    /** The largest header accepted, as in the Python library. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";
    private static final int CHUNK_BYTES = 1 << 22;
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SafeTensors() {}

    /** The tensors of a file (sorted by name) and its {@code __metadata__} strings (empty if absent). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** One tensor as the header describes it. */
    private record Entry(String name, FileDType type, int[] shape, long begin, long end) {
        String offsets() {
            return "[" + begin + ", " + end + "]";
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads every tensor and the metadata of a safetensors file. */
    public static Contents read(Path path) {
        String where = path.toString();
        try (FileChannel ch = FileChannel.open(path)) {
            long size = ch.size();
            if (size < 8) throw fault(where, "file is " + size + " bytes, too short to hold the 8-byte header length");
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, where);
            long n = lenBuf.getLong(0);
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw fault(where, "header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            if (n > size - 8) {
                throw fault(where, "header length " + n + " is larger than the " + (size - 8)
                        + " bytes that follow it (truncated or not a safetensors file)");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
            readFully(ch, headerBuf, 8, where);
            long dataStart = 8 + n;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(headerBuf.array(), size - dataStart, metadata, where);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, Math.max(8, size - dataStart)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : entries) tensors.put(e.name(), readTensor(ch, dataStart, e, chunk, where));
            return new Contents(tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + where + ": " + describe(e), e);
        }
    }

    /** The tensors of a safetensors file, sorted by name, in a new mutable map. */
    public static Map<String, Tensor> load(Path path) {
        return new LinkedHashMap<>(read(path).tensors());
    }

    /** Parses and validates the header; returns the entries sorted by name and fills {@code metadata}. */
    private static List<Entry> parseHeader(byte[] bytes, long dataLength, Map<String, String> metadata, String where) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fault(where, "header is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw fault(where, "header is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at character " + e.getLocation().getCharOffset()), e);
        }
        if (root == null || root.isMissingNode()) throw fault(where, "header is empty, not a JSON object");
        if (!root.isObject()) throw fault(where, "header is a JSON " + root.getNodeType().name().toLowerCase() + ", not a JSON object");
        Map<String, Entry> byName = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals(METADATA_KEY)) {
                if (!value.isObject()) throw fault(where, METADATA_KEY + " is not a JSON object");
                for (Map.Entry<String, JsonNode> m : value.properties()) {
                    if (!m.getValue().isTextual()) {
                        throw fault(where, METADATA_KEY + " value for '" + m.getKey() + "' is " + m.getValue() + ", not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().textValue());
                }
            } else {
                byName.put(name, parseEntry(name, value, dataLength, where));
            }
        }
        checkLayout(new ArrayList<>(byName.values()), dataLength, where);
        return new ArrayList<>(byName.values());
    }

    private static Entry parseEntry(String name, JsonNode info, long dataLength, String where) {
        String t = "tensor '" + name + "'";
        if (!info.isObject()) throw fault(where, t + " is described by " + info + ", not a JSON object");
        JsonNode dtypeNode = info.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) throw fault(where, t + " has no dtype string");
        FileDType type = FileDType.parse(dtypeNode.textValue());
        if (type == null) {
            throw fault(where, t + " has unsupported dtype '" + dtypeNode.textValue() + "' (Nabla reads "
                    + FileDType.supportedNames() + ")");
        }
        JsonNode shapeNode = info.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) throw fault(where, t + " has no shape array");
        int[] shape = new int[shapeNode.size()];
        long numel = 1; // capped at MAX_ELEMENTS + 1
        boolean empty = false;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber()) throw fault(where, t + " has non-integer dimension " + d + " in shape " + shapeNode);
            if (d.bigIntegerValue().signum() < 0) throw fault(where, t + " has negative dimension " + d + " in shape " + shapeNode);
            if (!d.canConvertToInt()) throw fault(where, t + " has dimension " + d + " in shape " + shapeNode + ", beyond 2^31 - 1");
            shape[i] = d.intValue();
            empty |= shape[i] == 0;
            numel = Math.min(numel * shape[i], (long) MAX_ELEMENTS + 1);
        }
        if (empty) numel = 0;
        JsonNode offs = info.get("data_offsets");
        if (offs == null || !offs.isArray() || offs.size() != 2 || !offs.get(0).isIntegralNumber() || !offs.get(1).isIntegralNumber()
                || offs.get(0).bigIntegerValue().signum() < 0 || offs.get(1).bigIntegerValue().signum() < 0) {
            throw fault(where, t + " has data_offsets " + offs + ", not a pair of non-negative integers");
        }
        if (!offs.get(0).canConvertToLong() || !offs.get(1).canConvertToLong()) {
            throw fault(where, t + " data_offsets " + offs + " run past the end of the data (" + dataLength + " bytes)");
        }
        Entry e = new Entry(name, type, shape, offs.get(0).longValue(), offs.get(1).longValue());
        if (e.end() < e.begin()) throw fault(where, t + " data_offsets " + e.offsets() + " end before they begin");
        if (e.end() > dataLength) {
            throw fault(where, t + " data_offsets " + e.offsets() + " run past the end of the data (" + dataLength
                    + " bytes; file truncated?)");
        }
        boolean tooBig = numel > MAX_ELEMENTS;
        if (tooBig || e.end() - e.begin() != numel * type.size) {
            throw fault(where, t + " data_offsets " + e.offsets() + " do not match shape " + Arrays.toString(shape) + " of "
                    + type + " (" + (tooBig ? "more than 2^31 elements" : numel * type.size + " bytes") + ")");
        }
        return e;
    }

    /** The tensors must tile the data section exactly, as the Python library requires. */
    private static void checkLayout(List<Entry> entries, long dataLength, String where) {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long pos = 0;
        Entry prev = null;
        for (Entry e : entries) {
            if (e.begin() < pos) {
                throw fault(where, "tensors '" + prev.name() + "' " + prev.offsets() + " and '" + e.name() + "' "
                        + e.offsets() + " overlap");
            }
            if (e.begin() > pos) {
                throw fault(where, "data bytes [" + pos + ", " + e.begin() + ") belong to no tensor (before '" + e.name() + "')");
            }
            pos = e.end();
            prev = e;
        }
        if (pos != dataLength) {
            throw fault(where, "the tensors end at data byte " + pos + " but the data section holds " + dataLength
                    + " bytes (trailing bytes after the last tensor)");
        }
    }

    private static Tensor readTensor(FileChannel ch, long dataStart, Entry e, ByteBuffer chunk, String where) throws IOException {
        int numel = (int) ((e.end() - e.begin()) / e.type().size);
        boolean floats = e.type().target == DType.FLOAT32;
        Object dst = floats ? new float[numel] : new double[numel];
        int perChunk = chunk.capacity() / e.type().size;
        long pos = dataStart + e.begin();
        for (int done = 0; done < numel; ) {
            int count = Math.min(perChunk, numel - done);
            chunk.clear().limit(count * e.type().size);
            readFully(ch, chunk, pos, where);
            chunk.position(0);
            String bad = e.type().decode(chunk, count, dst, done);
            if (bad != null) throw fault(where, "tensor '" + e.name() + "' of " + e.type() + ": " + bad);
            pos += (long) count * e.type().size;
            done += count;
        }
        return floats ? Tensor.wrap((float[]) dst, e.shape()) : Tensor.wrap((double[]) dst, e.type().target, e.shape());
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, String where) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) throw fault(where, "file ended at byte " + pos + " while reading (changed during the read?)");
            pos += r;
        }
        buf.flip();
    }

    // ---------------------------------------------------------------- writing

    /** Writes the tensors (no metadata) to {@code path}, atomically replacing any existing file. */
    public static void save(Map<String, Tensor> tensors, Path path) {
        save(tensors, Map.of(), path);
    }

    /** Writes the tensors and string metadata to {@code path}, atomically replacing any existing file. */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path path) {
        save(tensors, metadata, path, name -> {});
    }

    /** As {@link #save(Map, Map, Path)}, calling {@code afterTensor} once each tensor is written (tests inject failures). */
    static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path path, Consumer<String> afterTensor) {
        String where = path.toString();
        List<Map.Entry<String, Tensor>> order = validateForSave(tensors, metadata, where);
        byte[] header = header(order, metadata);
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (Files.isDirectory(target)) throw fault(where, "cannot save: the path is a directory");
        if (dir == null || !Files.isDirectory(dir)) throw fault(where, "cannot save: directory " + dir + " does not exist");
        AtomicFile.write(target, ch -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length).flip();
            writeFully(ch, buf);
            writeFully(ch, ByteBuffer.wrap(header));
            for (Map.Entry<String, Tensor> en : order) {
                writeTensor(ch, en.getValue(), buf);
                afterTensor.accept(en.getKey());
            }
        });
    }

    private static List<Map.Entry<String, Tensor>> validateForSave(Map<String, Tensor> tensors, Map<String, String> metadata, String where) {
        if (tensors == null) throw fault(where, "cannot save: the tensor map is null");
        if (metadata == null) throw fault(where, "cannot save: the metadata map is null");
        List<Map.Entry<String, Tensor>> order = new ArrayList<>();
        for (Map.Entry<String, Tensor> en : tensors.entrySet()) {
            if (en.getKey() == null) throw fault(where, "cannot save: a tensor name is null");
            if (en.getKey().equals(METADATA_KEY)) throw fault(where, "cannot save: '" + METADATA_KEY + "' is reserved, not a tensor name");
            if (en.getValue() == null) throw fault(where, "cannot save: tensor '" + en.getKey() + "' is null");
            order.add(Map.entry(en.getKey(), en.getValue()));
        }
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            if (m.getKey() == null || m.getValue() == null) {
                throw fault(where, "cannot save: metadata entry " + m.getKey() + " = " + m.getValue() + " holds a null");
            }
        }
        // as the Python library: descending alignment (I64, F64, F32, BOOL), then by name
        order.sort(Comparator.<Map.Entry<String, Tensor>, FileDType>comparing(en -> FileDType.of(en.getValue().dtype()))
                .reversed().thenComparing(Map.Entry::getKey));
        return order;
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes. */
    private static byte[] header(List<Map.Entry<String, Tensor>> order, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = root.putObject(METADATA_KEY);
            new TreeMap<>(metadata).forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> en : order) {
            Tensor t = en.getValue();
            ObjectNode info = root.putObject(en.getKey());
            info.put("dtype", FileDType.of(t.dtype()).name());
            ArrayNode shape = info.putArray("shape");
            for (int d : t.dims()) shape.add(d);
            long bytes = (long) t.numel() * FileDType.of(t.dtype()).size;
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot encode the safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void writeTensor(FileChannel ch, Tensor t, ByteBuffer buf) throws IOException {
        FileDType type = FileDType.of(t.dtype());
        Tensor c = t.detach().contiguous();
        Object src;
        int at;
        if (type == FileDType.F32) {
            src = c.floatData();
            at = c.dataOffset();
        } else {
            src = c.toDoubleArray();
            at = 0;
        }
        int numel = c.numel();
        int perChunk = buf.capacity() / type.size;
        for (int done = 0; done < numel; ) {
            int count = Math.min(perChunk, numel - done);
            buf.clear();
            type.encode(src, at + done, count, buf);
            buf.limit(count * type.size);
            writeFully(ch, buf);
            done += count;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    // ---------------------------------------------------------------- helpers

    private static SafeTensorsException fault(String where, String what) {
        return new SafeTensorsException(where + ": " + what);
    }

    private static SafeTensorsException fault(String where, String what, Throwable cause) {
        return new SafeTensorsException(where + ": " + what, cause);
    }

    static String describe(IOException e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : " " + msg);
    }
}
