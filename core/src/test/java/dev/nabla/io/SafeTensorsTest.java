package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips, the Python library's byte layout, rejection of corrupt files, and atomic saves. */
class SafeTensorsTest {
    @TempDir
    Path dir;

    // ---------------------------------------------------------------- round trips

    @Test
    void roundTripsEveryDtypeWithScalarsEmptiesAndMetadata() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("w", Tensor.wrap(new float[] {1.5f, -2, 3.25f, Float.MIN_VALUE, Float.MAX_VALUE, -0f}, 2, 3));
        in.put("d", Tensor.wrap(new double[] {Math.PI, -1e-300, 1e300, Double.NaN}, DType.FLOAT64, 4));
        in.put("i", Tensor.wrap(new double[] {0, -5, 1L << 53, -(1L << 53)}, DType.INT64, 2, 2));
        in.put("m", Tensor.wrap(new double[] {1, 0, 0, 1, 1}, DType.BOOL, 5));
        in.put("s", Tensor.scalar(7.5));
        in.put("n", Tensor.scalar(42, DType.INT64));
        in.put("e", Tensor.zeros(0, 3));
        in.put("ei", Tensor.zeros(DType.INT64, 0));
        Map<String, String> meta = Map.of("format", "pt", "note", "héllo \"quoted\"\n");
        Path p = dir.resolve("all.safetensors");
        SafeTensors.save(in, meta, p);

        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals(List.of("d", "e", "ei", "i", "m", "n", "s", "w"), List.copyOf(c.tensors().keySet()));
        assertEquals(meta, c.metadata());
        for (var en : in.entrySet()) {
            Tensor got = c.tensors().get(en.getKey());
            assertEquals(en.getValue().dtype(), got.dtype(), en.getKey());
            assertArrayEquals(en.getValue().dims(), got.dims(), en.getKey());
            assertArrayEquals(en.getValue().toDoubleArray(), got.toDoubleArray(), 0.0, en.getKey());
        }
        assertEquals(0, c.tensors().get("s").rank());
        assertEquals(Map.of(), SafeTensors.read(save(Map.of("x", Tensor.ones(1)), "nometa")).metadata());
    }

    @Test
    void writesViewsAsTheirValuesAndCrossesChunkBoundaries() {
        Tensor base = Tensor.arange(12).reshape(3, 4);
        Tensor big = Tensor.randn(Rng.seeded(1), 1_500_000);
        Tensor bigD = Tensor.randn(Rng.seeded(2), 700_001).toDouble();
        Path p = save(Map.of("t", base.t(), "n", base.narrow(0, 1, 2), "big", big, "bigD", bigD), "views");
        Map<String, Tensor> back = SafeTensors.load(p);
        assertArrayEquals(base.t().toFloatArray(), back.get("t").toFloatArray());
        assertArrayEquals(new int[] {4, 3}, back.get("t").dims());
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 10, 11}, back.get("n").toFloatArray());
        assertArrayEquals(big.toFloatArray(), back.get("big").toFloatArray());
        assertArrayEquals(bigD.toDoubleArray(), back.get("bigD").toDoubleArray());
        back.remove("t"); // load gives a mutable map
    }

    // ---------------------------------------------------------------- the Python library's layout

    @Test
    void writesTheSameBytesAsThePythonLibrary() throws IOException {
        float[] v = {0, 1, 2, 3, 4, 5};
        // exactly 64 header bytes: no padding
        String h = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertArrayEquals(file(h, 64, floats(v)), Files.readAllBytes(save(Map.of("attn.0", Tensor.wrap(v, 1, 2, 3)), "a")));
        // 65 bytes, padded with 7 spaces to 72
        h = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
        assertArrayEquals(file(h, 72, floats(v)), Files.readAllBytes(save(Map.of("attn0", Tensor.wrap(v, 1, 1, 2, 3)), "b")));
        assertArrayEquals(file("{}", 8, new byte[0]), Files.readAllBytes(save(Map.of(), "c")));
        Path p = dir.resolve("d");
        SafeTensors.save(Map.of(), Map.of("framework", "pt"), p);
        assertArrayEquals(file("{\"__metadata__\":{\"framework\":\"pt\"}}", 40, new byte[0]), Files.readAllBytes(p));
    }

    @Test
    void ordersTensorsByAlignmentThenNameAsThePythonLibrary() throws IOException {
        Map<String, Tensor> in = Map.of("b", Tensor.ones(1), "a", Tensor.ones(DType.BOOL, 1), "z", Tensor.ones(DType.INT64, 1),
                "y", Tensor.ones(DType.FLOAT64, 1), "c", Tensor.ones(1));
        String header = new String(Files.readAllBytes(save(in, "order")), StandardCharsets.UTF_8);
        String expected = "{\"z\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[20,24]},"
                + "\"a\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[24,25]}}";
        assertEquals(expected, header.substring(8, 8 + expected.length()));
    }

    @Test
    void readsAHandBuiltFileWithTheNarrowTypesInAnyOrder() {
        ByteBuffer d = ByteBuffer.allocate(2 * 3 + 2 * 2 + 4 * 2 + 3 + 2 + 2 * 2 + 8).order(ByteOrder.LITTLE_ENDIAN);
        d.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3800); // F16 1, -2, 0.5
        d.putShort((short) 0x3F80).putShort((short) 0xC0A0); // BF16 1, -5
        d.putInt(-7).putInt(123456); // I32
        d.put((byte) -1).put((byte) 127).put((byte) -128); // I8
        d.put((byte) 0xFF).put((byte) 0); // U8 255, 0
        d.putShort((short) -3).putShort((short) 0xFFFF); // I16 -3, U16 65535 (two tensors)
        d.putLong(-(1L << 40)); // I64
        String h = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"z_half\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[2,1],\"data_offsets\":[6,10]},"
                + "\"i32\":{\"shape\":[2],\"dtype\":\"I32\",\"data_offsets\":[10,18]},"
                + "\"u16\":{\"dtype\":\"U16\",\"shape\":[],\"data_offsets\":[25,27]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[1,3],\"data_offsets\":[18,21]},"
                + "\"u8\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[21,23]},"
                + "\"i16\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[23,25]},"
                + "\"i64\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[27,35]}}";
        SafeTensors.Contents c = SafeTensors.read(write("hand", file(h, h.length(), d.array())));
        assertEquals(Map.of("format", "pt"), c.metadata());
        assertEquals(List.of("bf", "i16", "i32", "i64", "i8", "u16", "u8", "z_half"), List.copyOf(c.tensors().keySet()));
        check(c, "z_half", DType.FLOAT32, new int[] {3}, 1, -2, 0.5);
        check(c, "bf", DType.FLOAT32, new int[] {2, 1}, 1, -5);
        check(c, "i32", DType.INT64, new int[] {2}, -7, 123456);
        check(c, "i8", DType.INT64, new int[] {1, 3}, -1, 127, -128);
        check(c, "u8", DType.INT64, new int[] {2}, 255, 0);
        check(c, "i16", DType.INT64, new int[] {1}, -3);
        check(c, "u16", DType.INT64, new int[0], 65535);
        check(c, "i64", DType.INT64, new int[0], -(1L << 40));
    }

    // ---------------------------------------------------------------- corrupt files

    @Test
    void rejectsTruncatedAndMalformedFiles() {
        Path ok = save(Map.of("fc.weight", Tensor.ones(10, 20)), "good.safetensors");
        byte[] good = read(ok);
        fails("short", new byte[5], "short: file is 5 bytes, too short to hold the 8-byte header length");
        fails("long", file("{}", 8, new byte[0], 1000), "long: header length 1000 is larger than the 8 bytes that follow it");
        fails("huge", file("{}", 8, new byte[0], -1), "exceeds the limit of 100000000 bytes");
        fails("cut", java.util.Arrays.copyOf(good, good.length - 4),
                "cut: tensor 'fc.weight' data_offsets [0, 800] run past the end of the data (796 bytes");
        fails("json", file("{\"a\": {\"dtype\": ", 8, new byte[0]), "json: header is not valid JSON");
        fails("empty", file("", 0, new byte[0]), "empty: header is empty, not a JSON object");
        fails("blank", file("", 8, new byte[0]), "blank: header is empty, not a JSON object");
        fails("array", file("[1, 2]", 8, new byte[0]), "array: header is a JSON array, not a JSON object");
        fails("dup", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"a\":{}}", 8, new byte[4]),
                "dup: header is not valid JSON: Duplicate field 'a'");
        byte[] utf = file("{\"aX\":{}}", 8, new byte[0]);
        utf[11] = (byte) 0xFF;
        fails("utf", utf, "utf: header is not valid UTF-8");
        fails("meta", file("{\"__metadata__\":{\"epoch\":3}}", 8, new byte[0]), "meta: __metadata__ value for 'epoch' is 3, not a string");
        fails("entry", file("{\"a\":[1]}", 8, new byte[0]), "entry: tensor 'a' is described by [1], not a JSON object");
    }

    @Test
    void rejectsBadDtypesShapesAndOffsets() {
        fails("model.safetensors", header("fc.weight", "F32", "[10, 20]", "[0, 400]", 400),
                "model.safetensors: tensor 'fc.weight' data_offsets [0, 400] do not match shape [10, 20] of F32 (800 bytes)");
        fails("dtype", header("a", "Q4", "[2]", "[0, 2]", 2), "dtype: tensor 'a' has unsupported dtype 'Q4' (Nabla reads BOOL, U8,");
        fails("f8", header("a", "F8_E4M3", "[2]", "[0, 2]", 2), "tensor 'a' has unsupported dtype 'F8_E4M3'");
        fails("nodtype", file("{\"a\":{\"shape\":[],\"data_offsets\":[0,4]}}", 8, new byte[4]), "nodtype: tensor 'a' has no dtype string");
        fails("neg", header("a", "F32", "[2, -3]", "[0, 0]", 0), "neg: tensor 'a' has negative dimension -3 in shape [2,-3]");
        fails("frac", header("a", "F32", "[2.5]", "[0, 8]", 8), "frac: tensor 'a' has non-integer dimension 2.5");
        fails("noshape", file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 8, new byte[4]), "noshape: tensor 'a' has no shape array");
        fails("huge", header("a", "F32", "[65536, 65536]", "[0, 4]", 4),
                "huge: tensor 'a' data_offsets [0, 4] do not match shape [65536, 65536] of F32 (more than 2^31 elements)");
        fails("bigdim", header("a", "F32", "[4294967296]", "[0, 4]", 4), "bigdim: tensor 'a' has dimension 4294967296");
        fails("three", header("a", "F32", "[1]", "[0, 4, 8]", 8), "three: tensor 'a' has data_offsets [0,4,8], not a pair");
        fails("negoff", header("a", "F32", "[1]", "[-4, 0]", 4), "negoff: tensor 'a' has data_offsets [-4,0], not a pair of non-negative");
        fails("past", header("a", "F32", "[2]", "[0, 8]", 4), "past: tensor 'a' data_offsets [0, 8] run past the end of the data (4 bytes");
        fails("backwards", header("a", "F32", "[0]", "[4, 0]", 4), "backwards: tensor 'a' data_offsets [4, 0] end before they begin");
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}";
        fails("overlap", file(two, 8, new byte[24]), "overlap: tensors 'a' [0, 16] and 'b' [8, 24] overlap");
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}";
        fails("gap", file(gap, 8, new byte[24]), "gap: data bytes [8, 16) belong to no tensor (before 'b')");
        fails("trail", header("a", "F32", "[1]", "[0, 4]", 12), "trail: the tensors end at data byte 4 but the data section holds 12 bytes");
        fails("bool", header("a", "BOOL", "[2]", "[0, 2]", new byte[] {1, 2}), "bool: tensor 'a' of BOOL: byte 2 at element 1 is not a BOOL");
        byte[] big = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong((1L << 53) + 1).array();
        fails("i64", header("a", "I64", "[1]", "[0, 8]", big), "i64: tensor 'a' of I64: value 9007199254740993 at element 0 is beyond 2^53");
    }

    @Test
    void aMissingFileIsAnIoErrorNamingThePath() {
        Path p = dir.resolve("absent.safetensors");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("cannot read " + p) && e.getMessage().contains("NoSuchFileException"), e.getMessage());
    }

    // ---------------------------------------------------------------- atomic saves

    @Test
    void aSaveThatFailsMidWriteLeavesTheOldFileIntact() throws IOException {
        Path p = save(Map.of("old", Tensor.ones(3)), "model.safetensors");
        byte[] before = read(p);
        Map<String, Tensor> next = Map.of("a", Tensor.zeros(1000), "b", Tensor.zeros(1000));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SafeTensors.save(next, Map.of(), p, name -> {
            throw new IllegalStateException("disk full after " + name);
        }));
        assertEquals("disk full after a", e.getMessage());
        assertArrayEquals(before, read(p));
        assertEquals(List.of(p), listDir(), "the temporary file is removed");
        SafeTensors.save(next, p);
        assertEquals(List.of("a", "b"), List.copyOf(SafeTensors.load(p).keySet()));
        assertEquals(List.of(p), listDir());
    }

    @Test
    void invalidSavesAreRejectedBeforeTouchingTheFile() {
        Path p = save(Map.of("old", Tensor.ones(3)), "m.safetensors");
        byte[] before = read(p);
        Map<String, Tensor> reserved = Map.of("__metadata__", Tensor.ones(1));
        assertThrows(SafeTensorsException.class, () -> SafeTensors.save(reserved, p));
        Map<String, Tensor> withNull = new LinkedHashMap<>();
        withNull.put("x", null);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.save(withNull, p));
        assertEquals(p + ": cannot save: tensor 'x' is null", e.getMessage());
        e = assertThrows(SafeTensorsException.class, () -> SafeTensors.save(Map.of(), dir));
        assertTrue(e.getMessage().endsWith("the path is a directory"), e.getMessage());
        e = assertThrows(SafeTensorsException.class, () -> SafeTensors.save(Map.of(), dir.resolve("no/such/dir/x")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertArrayEquals(before, read(p));
    }

    @Test
    void aReadOnlyDirectoryLeavesTheOldFileIntact() throws IOException {
        Path p = save(Map.of("old", Tensor.ones(3)), "ro.safetensors");
        byte[] before = read(p);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(dir), "running as root: permissions are not enforced");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SafeTensors.save(Map.of("new", Tensor.ones(2)), p));
            assertTrue(e.getMessage().startsWith("cannot write " + p.toAbsolutePath()), e.getMessage());
            assertArrayEquals(before, read(p));
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    // ---------------------------------------------------------------- helpers

    private Path save(Map<String, Tensor> tensors, String name) {
        Path p = dir.resolve(name);
        SafeTensors.save(tensors, p);
        return p;
    }

    private Path write(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** Writes the bytes, reads them back, and expects a message "path: fault" ("name: fault" gives its start). */
    private void fails(String name, byte[] bytes, String expected) {
        Path p = write(name, bytes);
        String msg = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p)).getMessage();
        String prefix = name + ": ";
        boolean ok = expected.startsWith(prefix)
                ? msg.startsWith(p + ": " + expected.substring(prefix.length()))
                : msg.startsWith(p + ": ") && msg.contains(expected);
        assertTrue(ok, "expected '" + expected + "', got: " + msg);
    }

    /** A file with one tensor entry and {@code dataBytes} zero bytes of data. */
    private static byte[] header(String name, String dtype, String shape, String offsets, int dataBytes) {
        return header(name, dtype, shape, offsets, new byte[dataBytes]);
    }

    private static byte[] header(String name, String dtype, String shape, String offsets, byte[] data) {
        String h = "{\"" + name + "\": {\"dtype\": \"" + dtype + "\", \"shape\": " + shape + ", \"data_offsets\": " + offsets + "}}";
        return file(h, 8, data);
    }

    private static byte[] file(String json, int padTo, byte[] data) {
        return file(json, padTo, data, paddedLength(json, padTo));
    }

    /** The JSON's length if padTo equals it, else the length padded to a multiple of 8 and at least padTo. */
    private static int paddedLength(String json, int padTo) {
        int len = json.getBytes(StandardCharsets.UTF_8).length;
        return padTo == len ? len : Math.max(padTo, (len + 7) / 8 * 8);
    }

    /** Header length field {@code declared}, the JSON padded with spaces (see paddedLength), then the data. */
    private static byte[] file(String json, int padTo, byte[] data, long declared) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(declared).array());
        out.writeBytes(h);
        for (int i = h.length; i < paddedLength(json, padTo); i++) out.write(' ');
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    private static void check(SafeTensors.Contents c, String name, DType dtype, int[] shape, double... values) {
        Tensor t = c.tensors().get(name);
        assertEquals(dtype, t.dtype(), name);
        assertArrayEquals(shape, t.dims(), name);
        assertArrayEquals(values, t.toDoubleArray(), 0.0, name);
    }
}
