package dev.nabla.io;

import dev.nabla.tensor.DType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types a safetensors file may declare, with their size in bytes and the Nabla dtype
 * each is read into: floating types become FLOAT32 (F64 stays FLOAT64), integer types INT64, BOOL
 * stays BOOL. Declared in the safetensors library's order (increasing alignment), which the writer
 * uses to lay tensors out: largest alignment first.
 */
enum FileDType {
    BOOL(1, DType.BOOL),
    U8(1, DType.INT64),
    I8(1, DType.INT64),
    I16(2, DType.INT64),
    U16(2, DType.INT64),
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    I32(4, DType.INT64),
    U32(4, DType.INT64),
    F32(4, DType.FLOAT32),
    F64(8, DType.FLOAT64),
    I64(8, DType.INT64),
    U64(8, DType.INT64);

    /** INT64 tensors hold their values in doubles, which represent integers up to 2^53 exactly. */
    static final long MAX_EXACT_INTEGER = 1L << 53;

    final int size;
    final DType target;

    FileDType(int size, DType target) {
        this.size = size;
        this.target = target;
    }

    /** The file type for a header's dtype string, or null if Nabla cannot read it. */
    static FileDType parse(String name) {
        for (FileDType t : values()) {
            if (t.name().equals(name)) return t;
        }
        return null;
    }

    static String supportedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** The type a Nabla tensor of the given dtype is written as. */
    static FileDType of(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
            case INT64 -> I64;
            case BOOL -> BOOL;
        };
    }

    /**
     * Decodes {@code count} little-endian elements from {@code src} (position 0) into {@code dst} at
     * {@code at}: a float[] when {@link #target} is FLOAT32, else a double[]. Returns null, or a
     * description of the first value that cannot be represented.
     */
    String decode(ByteBuffer src, int count, Object dst, int at) {
        switch (this) {
            case F32 -> src.asFloatBuffer().get((float[]) dst, at, count);
            case F64 -> src.asDoubleBuffer().get((double[]) dst, at, count);
            case F16 -> {
                float[] f = (float[]) dst;
                for (int i = 0; i < count; i++) f[at + i] = Float.float16ToFloat(src.getShort(2 * i));
            }
            case BF16 -> {
                float[] f = (float[]) dst;
                for (int i = 0; i < count; i++) f[at + i] = Float.intBitsToFloat((src.getShort(2 * i) & 0xffff) << 16);
            }
            case BOOL -> {
                double[] d = (double[]) dst;
                for (int i = 0; i < count; i++) {
                    byte b = src.get(i);
                    if (b != 0 && b != 1) return "byte " + (b & 0xff) + " at element " + (at + i) + " is not a BOOL (0 or 1)";
                    d[at + i] = b;
                }
            }
            case U8, I8, I16, U16, I32, U32 -> {
                double[] d = (double[]) dst;
                for (int i = 0; i < count; i++) d[at + i] = smallInt(src, i);
            }
            case I64, U64 -> {
                double[] d = (double[]) dst;
                for (int i = 0; i < count; i++) {
                    long v = src.getLong(8 * i);
                    boolean ok = this == I64 ? Math.abs(v) <= MAX_EXACT_INTEGER : v >= 0 && v <= MAX_EXACT_INTEGER;
                    if (!ok) {
                        String shown = this == I64 ? Long.toString(v) : Long.toUnsignedString(v);
                        return "value " + shown + " at element " + (at + i) + " is beyond 2^53, which INT64 tensors "
                                + "(stored as doubles) cannot hold exactly";
                    }
                    d[at + i] = v;
                }
            }
        }
        return null;
    }

    private long smallInt(ByteBuffer src, int i) {
        return switch (this) {
            case U8 -> src.get(i) & 0xff;
            case I8 -> src.get(i);
            case I16 -> src.getShort(2 * i);
            case U16 -> src.getShort(2 * i) & 0xffff;
            case I32 -> src.getInt(4 * i);
            case U32 -> src.getInt(4 * i) & 0xffffffffL;
            default -> throw new AssertionError(this);
        };
    }

    /**
     * Encodes {@code count} elements of {@code src} from {@code at} into {@code dst} (little-endian,
     * from position 0): a float[] for F32, else a double[]. Only the four written types are supported.
     */
    void encode(Object src, int at, int count, ByteBuffer dst) {
        switch (this) {
            case F32 -> dst.asFloatBuffer().put((float[]) src, at, count);
            case F64 -> dst.asDoubleBuffer().put((double[]) src, at, count);
            case I64 -> {
                double[] d = (double[]) src;
                for (int i = 0; i < count; i++) dst.putLong(8 * i, (long) d[at + i]);
            }
            case BOOL -> {
                double[] d = (double[]) src;
                for (int i = 0; i < count; i++) dst.put(i, d[at + i] != 0 ? (byte) 1 : (byte) 0);
            }
            default -> throw new AssertionError("Nabla does not write " + this);
        }
    }
}
