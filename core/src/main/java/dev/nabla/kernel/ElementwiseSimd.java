package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API versions of the hot elementwise loops; loaded only when {@link Simd#ENABLED}. */
final class ElementwiseSimd {
    private ElementwiseSimd() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static int lanes() {
        return S.length();
    }

    static boolean supports(UnaryOp op) {
        return switch (op) {
            // EXP, TANH and SIGMOID stay scalar: the Vector API's transcendental lanewise ops give different
            // last bits before and after JIT compilation, which would break run-to-run reproducibility
            case NEG, ABS, RELU, SQUARE, SQRT, RECIPROCAL -> true;
            default -> false;
        };
    }

    static boolean supports(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAX, MIN, RELU_BACKWARD, SIGMOID_BACKWARD, TANH_BACKWARD -> true;
            default -> false;
        };
    }

    private static FloatVector apply(UnaryOp op, FloatVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case ABS -> v.abs();
            case RELU -> v.max(0f);
            case SQUARE -> v.mul(v);
            case SQRT -> v.sqrt();
            case RECIPROCAL -> FloatVector.broadcast(S, 1f).div(v);
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    private static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
            case RELU_BACKWARD -> {
                VectorMask<Float> pos = b.compare(VectorOperators.GT, 0f);
                yield FloatVector.zero(S).blend(a, pos);
            }
            case SIGMOID_BACKWARD -> a.mul(b).mul(b.neg().add(1f));
            case TANH_BACKWARD -> a.mul(b.mul(b).neg().add(1f));
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    static void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            apply(op, FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        }
        if (i < n) Elementwise.unaryScalar(op, x, xo + i, y, yo + i, n - i);
    }

    static void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            apply(op, FloatVector.fromArray(S, a, ao + i), FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        if (i < n) Elementwise.binaryScalar(op, a, ao + i, b, bo + i, y, yo + i, n - i);
    }

    static void withScalar(BinaryOp op, float[] a, int ao, float s, boolean scalarLeft, float[] y, int yo, int n) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector av = FloatVector.fromArray(S, a, ao + i);
            (scalarLeft ? apply(op, sv, av) : apply(op, av, sv)).intoArray(y, yo + i);
        }
        if (i < n) Elementwise.withScalarScalar(op, a, ao + i, s, scalarLeft, y, yo + i, n - i);
    }
}
