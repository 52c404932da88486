package dev.nabla.kernel;

/**
 * Elementwise functions of one argument, evaluated in double precision on the generic path.
 * Transcendental functions use StrictMath: its results are fixed by specification, whereas Math's
 * may differ between the interpreter and JIT-compiled code, which would make early and late
 * iterations of the same computation disagree in the last bit.
 */
public enum UnaryOp {
    NEG, ABS, SIGN, EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, SIN, COS, TANH, SIGMOID, RELU, SQUARE, RECIPROCAL,
    /** 1.0 where the value is NaN, else 0.0. */
    ISNAN,
    /** 1.0 where the value is +-infinity, else 0.0. */
    ISINF;

    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case EXP -> StrictMath.exp(x);
            case LOG -> StrictMath.log(x);
            case LOG1P -> StrictMath.log1p(x);
            case EXPM1 -> StrictMath.expm1(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case SIN -> StrictMath.sin(x);
            case COS -> StrictMath.cos(x);
            case TANH -> StrictMath.tanh(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> x > 0 ? x : (x == x ? 0.0 : x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1.0 / x;
            case ISNAN -> Double.isNaN(x) ? 1 : 0;
            case ISINF -> Double.isInfinite(x) ? 1 : 0;
        };
    }

    /** Numerically stable logistic function. */
    public static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + StrictMath.exp(-x));
        double e = StrictMath.exp(x);
        return e / (1.0 + e);
    }

    public String lower() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
