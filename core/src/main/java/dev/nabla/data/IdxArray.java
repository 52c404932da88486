package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The contents of an IDX file: its element type, its dimensions and the raw big-endian data
 * bytes, with conversions to tensors.
 */
public record IdxArray(Path file, Idx.Type type, int[] dims, byte[] data) {
    /** Number of elements. */
    public int count() {
        int n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** The values times {@code scale}, as floats in file order. */
    public float[] toFloats(double scale) {
        int n = count();
        float[] out = new float[n];
        switch (type) {
            case UBYTE -> {
                float[] lut = new float[256];
                for (int i = 0; i < 256; i++) lut[i] = scale == 1 ? i : (float) (i * scale);
                if (scale != 0 && scale != 1 && Math.abs(1 / scale - Math.rint(1 / scale)) < 1e-9) {
                    float div = (float) Math.rint(1 / scale); // x / 255f exactly, as PyTorch's ToTensor
                    for (int i = 0; i < 256; i++) lut[i] = i / div;
                }
                for (int i = 0; i < n; i++) out[i] = lut[data[i] & 0xFF];
            }
            case BYTE -> { for (int i = 0; i < n; i++) out[i] = (float) (data[i] * scale); }
            default -> {
                ByteBuffer b = ByteBuffer.wrap(data); // big-endian
                for (int i = 0; i < n; i++) {
                    double v = switch (type) {
                        case SHORT -> b.getShort(2 * i);
                        case INT -> b.getInt(4 * i);
                        case FLOAT -> b.getFloat(4 * i);
                        default -> b.getDouble(8 * i);
                    };
                    out[i] = (float) (v * scale);
                }
            }
        }
        return out;
    }

    /** The values as longs (integer types only). */
    public long[] toLongs() {
        int n = count();
        long[] out = new long[n];
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case UBYTE -> data[i] & 0xFF;
                case BYTE -> data[i];
                case SHORT -> b.getShort(2 * i);
                case INT -> b.getInt(4 * i);
                default -> throw new IllegalStateException(file + ": IDX " + type + " data are not integers");
            };
        }
        return out;
    }

    /** FLOAT32 tensor of the values times {@code scale}, in the given shape (default: the file's dims). */
    public Tensor toFloat32(double scale, int... shape) {
        int[] s = shape.length == 0 ? dims.clone() : shape;
        return Tensor.wrap(toFloats(scale), s);
    }

    /** INT64 tensor of the values (integer types only), shaped as the file's dims. */
    public Tensor toInt64() {
        long[] v = toLongs();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return Tensor.wrap(d, DType.INT64, dims.clone());
    }

    @Override
    public String toString() {
        return "IdxArray[" + file + ", " + type + " " + Arrays.toString(dims) + "]";
    }
}
