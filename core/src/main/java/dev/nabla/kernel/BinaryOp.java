package dev.nabla.kernel;

/**
 * Elementwise functions of two arguments. Comparisons give 1.0 or 0.0. The *_BACKWARD entries are
 * fused derivative rules: (upstream gradient, saved value) to input gradient, one pass, no temporaries.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN, EQ, NE, LT, LE, GT, GE,
    /** g * (x > 0). */
    RELU_BACKWARD,
    /** g * y * (1 - y) with y = sigmoid(x). */
    SIGMOID_BACKWARD,
    /** g * (1 - y * y) with y = tanh(x). */
    TANH_BACKWARD,
    /** g * 2x, the derivative of x * x (the same bits as (g * x) * 2: doubling is exact). */
    SQUARE_BACKWARD;

    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> StrictMath.pow(a, b);
            case MAX -> a != a || b != b ? Double.NaN : Math.max(a, b);
            case MIN -> a != a || b != b ? Double.NaN : Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case RELU_BACKWARD -> b > 0 ? a : 0;
            case SIGMOID_BACKWARD -> a * b * (1 - b);
            case TANH_BACKWARD -> a * (1 - b * b);
            case SQUARE_BACKWARD -> a * (b + b);
        };
    }

    public boolean isComparison() {
        return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
    }

    public String lower() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
