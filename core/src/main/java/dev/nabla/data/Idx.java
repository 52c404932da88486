package dev.nabla.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reader (and writer) of IDX files, the format of MNIST and its family: two zero bytes, a type
 * byte, the number of dimensions, each dimension as a big-endian int32, then the data, big-endian.
 * Files may be gzip-compressed (recognized by their first bytes, whatever their name). Everything is
 * validated before use: the magic, the type byte, the dimensions against the data length (missing
 * or extra bytes); a bad file raises {@link DataFileException} naming the file and the fault.
 */
public final class Idx {
    private Idx() {}

    /** IDX element types and their type bytes. */
    public enum Type {
        UBYTE(0x08, 1), BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

        private final int code;
        private final int size;

        Type(int code, int size) {
            this.code = code;
            this.size = size;
        }

        public int code() {
            return code;
        }

        /** Bytes per element. */
        public int size() {
            return size;
        }

        static Type of(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }
    }

    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    /** Reads and validates an IDX file, plain or gzip-compressed. */
    public static IdxArray read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file + ": no such IDX file" + (Files.exists(file) ? " (not a regular file)" : ""));
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                    return parse(in, file, -1, " (after gzip decompression)");
                } catch (EOFException e) {
                    throw new DataFileException(file + ": truncated gzip data (the compressed stream ends early)", e);
                } catch (ZipException e) {
                    throw new DataFileException(file + ": corrupt gzip data: " + e.getMessage(), e);
                }
            }
            return parse(raw, file, Files.size(file), "");
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such IDX file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read IDX file: " + e.getMessage(), e);
        }
    }

    private static IdxArray parse(InputStream in, Path file, long fileLength, String gz) throws IOException {
        byte[] h = in.readNBytes(4);
        if (h.length < 4) {
            throw new DataFileException(file + ": truncated: " + h.length + " bytes" + gz + ", an IDX header needs at least 4");
        }
        if (h[0] != 0 || h[1] != 0) {
            throw new DataFileException(String.format("%s: bad magic number 0x%02x%02x%02x%02x%s: an IDX file starts with two zero bytes",
                    file, h[0], h[1], h[2], h[3], gz));
        }
        Type type = Type.of(h[2] & 0xFF);
        if (type == null) {
            throw new DataFileException(String.format("%s: unknown IDX data type byte 0x%02x (expected 0x08 ubyte, 0x09 byte, 0x0b short,"
                    + " 0x0c int, 0x0d float or 0x0e double)", file, h[2] & 0xFF));
        }
        int rank = h[3] & 0xFF;
        if (rank == 0) throw new DataFileException(file + ": IDX header declares 0 dimensions");
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new DataFileException(file + ": truncated in the header: " + rank + " dimensions need " + 4 * rank
                    + " bytes after the magic, found " + dimBytes.length + gz);
        }
        ByteBuffer bb = ByteBuffer.wrap(dimBytes);
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = bb.getInt();
            if (dims[i] < 0) throw new DataFileException(file + ": IDX dimension " + i + " is negative (" + dims[i] + ")");
            count *= dims[i];
            if (count > MAX_BYTES) break;
        }
        long bytes = count * type.size();
        String declared = Arrays.toString(dims) + " of " + type.name().toLowerCase();
        if (count > MAX_BYTES || bytes > MAX_BYTES) {
            throw new DataFileException(file + ": IDX dimensions " + declared + " are too large (" + bytes + " bytes; at most "
                    + MAX_BYTES + " are supported)");
        }
        int headerLength = 4 + 4 * rank;
        if (fileLength >= 0) {
            long have = fileLength - headerLength;
            if (have < bytes) {
                throw new DataFileException(file + ": truncated: dimensions " + declared + " need " + bytes + " data bytes, the file has "
                        + have + " after its " + headerLength + "-byte header");
            }
            if (have > bytes) {
                throw new DataFileException(file + ": " + (have - bytes) + " unexpected bytes after the data (dimensions " + declared
                        + " need " + bytes + " data bytes)");
            }
            byte[] data = new byte[(int) bytes];
            int got = in.readNBytes(data, 0, data.length);
            if (got < data.length) throw new DataFileException(file + ": truncated while reading (file shrank?)");
            return new IdxArray(file, type, dims, data);
        }
        // compressed: the length is unknown until the end, so read without trusting the header for the allocation
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw new DataFileException(file + ": truncated: dimensions " + declared + " need " + bytes + " data bytes, the file has "
                    + data.length + " after its " + headerLength + "-byte header" + gz);
        }
        long extra = 0;
        byte[] skip = new byte[8192];
        for (int k; (k = in.read(skip)) > 0; ) extra += k;
        if (extra > 0) {
            throw new DataFileException(file + ": " + extra + " unexpected bytes after the data" + gz + " (dimensions " + declared
                    + " need " + bytes + " data bytes)");
        }
        return new IdxArray(file, type, dims, data);
    }

    /** Writes an IDX file (gzip-compressed when the name ends in .gz); values are converted to the type. */
    public static void write(Path file, Type type, int[] dims, double[] values) {
        long count = 1;
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("Idx.write: negative dimension in " + Arrays.toString(dims));
            count *= d;
        }
        if (dims.length == 0 || dims.length > 255) throw new IllegalArgumentException("Idx.write: need 1 to 255 dimensions, got " + dims.length);
        if (count != values.length) {
            throw new IllegalArgumentException("Idx.write: dimensions " + Arrays.toString(dims) + " hold " + count + " values, got " + values.length);
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length * type.size());
        b.put((byte) 0).put((byte) 0).put((byte) type.code()).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        for (double v : values) {
            switch (type) {
                case UBYTE, BYTE -> b.put((byte) (long) v);
                case SHORT -> b.putShort((short) (long) v);
                case INT -> b.putInt((int) (long) v);
                case FLOAT -> b.putFloat((float) v);
                case DOUBLE -> b.putDouble(v);
            }
        }
        try (OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write IDX file: " + e.getMessage(), e);
        }
    }
}
