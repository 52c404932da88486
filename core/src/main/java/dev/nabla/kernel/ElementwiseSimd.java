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
            case ADD, SUB, MUL, DIV, MAX, MIN, RELU_BACKWARD, SIGMOID_BACKWARD, TANH_BACKWARD, SQUARE_BACKWARD -> true;
            default -> false;
        };
    }

    // Each op has its own loop: a shared loop calling a per-op helper on vectors can leave that call
    // un-inlined, and then every vector crossing it is boxed on the heap (measured: a large share of a
    // transformer step's allocation and time).

    static void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n), L = S.length(), i = 0;
        switch (op) {
            case NEG -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).neg().intoArray(y, yo + i); }
            case ABS -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).abs().intoArray(y, yo + i); }
            case RELU -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(y, yo + i); }
            case SQUARE -> {
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.mul(v).intoArray(y, yo + i);
                }
            }
            case SQRT -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(y, yo + i); }
            case RECIPROCAL -> {
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; i < bound; i += L) one.div(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
            }
            default -> throw new IllegalArgumentException(op.name());
        }
        if (i < n) Elementwise.unaryScalar(op, x, xo + i, y, yo + i, n - i);
    }

    static void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int bound = S.loopBound(n), L = S.length(), i = 0;
        switch (op) {
            case ADD -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i); }
            case SUB -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i); }
            case MUL -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i); }
            case DIV -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i); }
            case MAX -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i); }
            case MIN -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i); }
            case RELU_BACKWARD -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < bound; i += L) {
                    VectorMask<Float> pos = FloatVector.fromArray(S, b, bo + i).compare(VectorOperators.GT, 0f);
                    zero.blend(FloatVector.fromArray(S, a, ao + i), pos).intoArray(y, yo + i);
                }
            }
            case SIGMOID_BACKWARD -> {
                for (; i < bound; i += L) {
                    FloatVector av = FloatVector.fromArray(S, a, ao + i), bv = FloatVector.fromArray(S, b, bo + i);
                    av.mul(bv).mul(bv.neg().add(1f)).intoArray(y, yo + i);
                }
            }
            case TANH_BACKWARD -> {
                for (; i < bound; i += L) {
                    FloatVector av = FloatVector.fromArray(S, a, ao + i), bv = FloatVector.fromArray(S, b, bo + i);
                    av.mul(bv.mul(bv).neg().add(1f)).intoArray(y, yo + i);
                }
            }
            case SQUARE_BACKWARD -> {
                for (; i < bound; i += L) {
                    FloatVector bv = FloatVector.fromArray(S, b, bo + i);
                    FloatVector.fromArray(S, a, ao + i).mul(bv.add(bv)).intoArray(y, yo + i);
                }
            }
            default -> throw new IllegalArgumentException(op.name());
        }
        if (i < n) Elementwise.binaryScalar(op, a, ao + i, b, bo + i, y, yo + i, n - i);
    }

    /** a op s (or s op a when scalarLeft) for the ops of {@link #supports(BinaryOp)}. */
    static void withScalar(BinaryOp op, float[] a, int ao, float s, boolean scalarLeft, float[] y, int yo, int n) {
        int bound = S.loopBound(n), L = S.length(), i = 0;
        FloatVector sv = FloatVector.broadcast(S, s);
        switch (op) {
            case ADD -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(sv).intoArray(y, yo + i); }
            case MUL -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(sv).intoArray(y, yo + i); }
            case SUB -> {
                if (scalarLeft) for (; i < bound; i += L) sv.sub(FloatVector.fromArray(S, a, ao + i)).intoArray(y, yo + i);
                else for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(sv).intoArray(y, yo + i);
            }
            case DIV -> {
                if (scalarLeft) for (; i < bound; i += L) sv.div(FloatVector.fromArray(S, a, ao + i)).intoArray(y, yo + i);
                else for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(sv).intoArray(y, yo + i);
            }
            case MAX -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(sv).intoArray(y, yo + i); }
            case MIN -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(sv).intoArray(y, yo + i); }
            default -> { } // the other ops are not symmetric in a simple way: all scalar below
        }
        if (i < n) Elementwise.withScalarScalar(op, a, ao + i, s, scalarLeft, y, yo + i, n - i);
    }
}
