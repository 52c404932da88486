package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX reading: round trips of every type, plain and gzip, and rejection of malformed files. */
class IdxTest {
    @TempDir
    Path dir;

    static byte[] idx(int typeByte, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) typeByte).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(raw);
        }
        return bo.toByteArray();
    }

    Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    DataFileException rejected(Path f) {
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
        return e;
    }

    @Test
    void readsUnsignedBytesPlainAndGzipped() throws IOException {
        byte[] pixels = {0, 1, (byte) 127, (byte) 128, (byte) 254, (byte) 255};
        byte[] raw = idx(0x08, new int[] {1, 2, 3}, pixels);
        for (Path f : new Path[] {file("a-idx3-ubyte", raw), file("a-idx3-ubyte.gz", gzip(raw)), file("gz-without-suffix", gzip(raw))}) {
            IdxArray a = Idx.read(f);
            assertEquals(Idx.Type.UBYTE, a.type());
            assertArrayEquals(new int[] {1, 2, 3}, a.dims());
            assertArrayEquals(new long[] {0, 1, 127, 128, 254, 255}, a.toLongs());
            Tensor x = a.toFloat32(1 / 255.0, 1, 6);
            assertArrayEquals(new int[] {1, 6}, x.dims());
            // exactly PyTorch's ToTensor: byte / 255f
            assertArrayEquals(new float[] {0, 1 / 255f, 127 / 255f, 128 / 255f, 254 / 255f, 1}, x.toFloatArray(), 0f);
            Tensor t = a.toInt64();
            assertEquals(DType.INT64, t.dtype());
            assertArrayEquals(new int[] {1, 2, 3}, t.dims());
        }
    }

    @Test
    void roundTripsEveryTypeThroughTheWriter() {
        double[] v = {-3, 0, 1, 2.5, 100, -128};
        for (Idx.Type type : Idx.Type.values()) {
            Path f = dir.resolve("t-" + type + (type.ordinal() % 2 == 0 ? ".gz" : ""));
            Idx.write(f, type, new int[] {2, 3}, v);
            IdxArray a = Idx.read(f);
            assertEquals(type, a.type());
            float[] got = a.toFloats(1);
            double[] want = switch (type) {
                case UBYTE -> new double[] {253, 0, 1, 2, 100, 128};
                case BYTE, SHORT, INT -> new double[] {-3, 0, 1, 2, 100, -128};
                default -> v;
            };
            for (int i = 0; i < v.length; i++) assertEquals(want[i], got[i], 0, type + " element " + i);
        }
        IdxArray floats = Idx.read(dir.resolve("t-FLOAT" + (Idx.Type.FLOAT.ordinal() % 2 == 0 ? ".gz" : "")));
        assertThrows(IllegalStateException.class, floats::toLongs);
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        byte[] raw = idx(0x08, new int[] {3, 4}, new byte[12]);
        DataFileException e = rejected(file("short", Arrays.copyOf(raw, raw.length - 5)));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("need 12 data bytes") && e.getMessage().contains("has 7"),
                e.getMessage());
        e = rejected(file("short.gz", gzip(Arrays.copyOf(raw, raw.length - 5))));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("has 7"), e.getMessage());
        // the compressed stream itself cut short
        byte[] gz = gzip(raw);
        e = rejected(file("cut.gz", Arrays.copyOf(gz, gz.length - 10)));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), e.getMessage());
        // cut inside the header
        e = rejected(file("header", Arrays.copyOf(raw, 6)));
        assertTrue(e.getMessage().contains("truncated in the header"), e.getMessage());
        e = rejected(file("tiny", new byte[] {0, 0}));
        assertTrue(e.getMessage().contains("header needs at least 4"), e.getMessage());
        e = rejected(file("empty", new byte[0]));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsExtraBytesAfterTheData() throws IOException {
        byte[] raw = idx(0x08, new int[] {2}, new byte[] {1, 2, 3});
        DataFileException e = rejected(file("long", raw));
        assertTrue(e.getMessage().contains("1 unexpected bytes after the data"), e.getMessage());
        e = rejected(file("long.gz", gzip(raw)));
        assertTrue(e.getMessage().contains("1 unexpected bytes after the data"), e.getMessage());
    }

    @Test
    void rejectsBadMagicTypeAndDimensions() throws IOException {
        byte[] good = idx(0x08, new int[] {2}, new byte[] {1, 2});
        byte[] magic = good.clone();
        magic[0] = 0x12;
        DataFileException e = rejected(file("magic", magic));
        assertTrue(e.getMessage().contains("bad magic number 0x12000801"), e.getMessage());
        byte[] type = good.clone();
        type[2] = 0x0A;
        e = rejected(file("type", type));
        assertTrue(e.getMessage().contains("unknown IDX data type byte 0x0a"), e.getMessage());
        e = rejected(file("rank0", new byte[] {0, 0, 8, 0}));
        assertTrue(e.getMessage().contains("0 dimensions"), e.getMessage());
        e = rejected(file("negative", idx(0x08, new int[] {2, -1}, new byte[0])));
        assertTrue(e.getMessage().contains("dimension 1 is negative"), e.getMessage());
        e = rejected(file("huge.gz", gzip(idx(0x0E, new int[] {65536, 65536}, new byte[16]))));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        // a header claiming a lot of data in a small gzip file fails as truncated, without allocating it all
        e = rejected(file("claims.gz", gzip(idx(0x08, new int[] {60000, 28, 28}, new byte[100]))));
        assertTrue(e.getMessage().contains("need 47040000 data bytes") && e.getMessage().contains("has 100"), e.getMessage());
        // corrupt compressed data
        byte[] gz = gzip(good);
        for (int i = 12; i < gz.length - 8; i++) gz[i] ^= (byte) 0x5A;
        e = rejected(file("corrupt.gz", gz));
        assertTrue(e.getMessage().contains("gzip") || e.getMessage().contains("truncated") || e.getMessage().contains("magic"), e.getMessage());
        e = rejected(dir.resolve("missing"));
        assertTrue(e.getMessage().contains("no such IDX file"), e.getMessage());
    }
}
