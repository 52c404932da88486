package dev.nabla.tensor;

/**
 * Element types. FLOAT32 is the working type; FLOAT64 serves gradient checks; INT64 holds indices
 * (class labels, argmax) and BOOL holds masks (comparisons). Integer and boolean tensors are stored
 * as doubles, which represent every index a Java array can hold exactly.
 */
public enum DType {
    FLOAT32(4, "F32"),
    FLOAT64(8, "F64"),
    INT64(8, "I64"),
    BOOL(1, "BOOL");

    private final int bytes;
    private final String safetensorsName;

    DType(int bytes, String safetensorsName) {
        this.bytes = bytes;
        this.safetensorsName = safetensorsName;
    }

    /** Size of one element in bytes, as stored in files. */
    public int bytes() {
        return bytes;
    }

    /** The dtype's name in the safetensors header ("F32", "F64", "I64", "BOOL"). */
    public String safetensorsName() {
        return safetensorsName;
    }

    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** Result type of a binary arithmetic op: the wider floating type, FLOAT32 for integer or bool operands. */
    static DType promote(DType a, DType b) {
        if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
        if (a == FLOAT32 || b == FLOAT32) return FLOAT32;
        if (a == INT64 || b == INT64) return INT64;
        return BOOL;
    }
}
