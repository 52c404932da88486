package dev.nabla.nn;

import dev.nabla.tensor.InPlaceOps;
import dev.nabla.tensor.Tensor;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Parameter-free elementwise (or per-dimension) layers, as PyTorch's: {@code new Activation.ReLU()},
 * {@code new Activation.GELU(true)}, {@code Activation.of("leaky_relu")}. Each applies the function of
 * the same name in {@link F}. The learnable {@link PReLU} is a separate class.
 */
public class Activation extends Module {
    private final String settings;
    private final UnaryOperator<Tensor> fn;

    protected Activation(String settings, UnaryOperator<Tensor> fn) {
        this.settings = settings;
        this.fn = fn;
    }

    @Override
    public Tensor forward(Tensor x) {
        return fn.apply(x);
    }

    @Override
    protected String describe() {
        return settings;
    }

    /** Names accepted by {@link #of}. */
    public static final String KNOWN = "relu, leaky_relu, relu6, elu, selu, celu, gelu, gelu_tanh, silu (swish), mish, "
            + "softplus, softsign, hardtanh, hardsigmoid, hardswish, sigmoid, tanh, tanhshrink, logsigmoid, identity";

    /** The activation with the given (case-insensitive) name, with PyTorch's default settings. */
    public static Activation of(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "relu" -> new ReLU();
            case "leaky_relu", "leakyrelu" -> new LeakyReLU();
            case "relu6" -> new ReLU6();
            case "elu" -> new ELU();
            case "selu" -> new SELU();
            case "celu" -> new CELU();
            case "gelu" -> new GELU();
            case "gelu_tanh" -> new GELU(true);
            case "silu", "swish" -> new SiLU();
            case "mish" -> new Mish();
            case "softplus" -> new Softplus();
            case "softsign" -> new Softsign();
            case "hardtanh" -> new Hardtanh();
            case "hardsigmoid" -> new Hardsigmoid();
            case "hardswish" -> new Hardswish();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "tanhshrink" -> new Tanhshrink();
            case "logsigmoid" -> new LogSigmoid();
            case "identity", "linear", "none" -> new Identity();
            default -> throw new IllegalArgumentException("unknown activation '" + name + "' (known: " + KNOWN + ")");
        };
    }

    /** Passes its input through unchanged. */
    public static final class Identity extends Activation {
        public Identity() {
            super("", x -> x);
        }
    }

    public static final class ReLU extends Activation {
        public ReLU() {
            this(false);
        }

        /**
         * With {@code inplace}, the input is overwritten with the result and returned, as PyTorch's
         * {@code ReLU(inplace=True)}; gradients are the same (see {@link InPlaceOps#relu} for when it is allowed).
         * It saves the output array and lets the backward pass write the gradient over its incoming one.
         */
        public ReLU(boolean inplace) {
            super(inplace ? "inplace=True" : "", inplace ? InPlaceOps::relu : Tensor::relu);
        }
    }

    public static final class LeakyReLU extends Activation {
        public LeakyReLU() {
            this(0.01);
        }

        public LeakyReLU(double negativeSlope) {
            super("negative_slope=" + negativeSlope, x -> F.leakyRelu(x, negativeSlope));
        }
    }

    public static final class ReLU6 extends Activation {
        public ReLU6() {
            super("", F::relu6);
        }
    }

    public static final class ELU extends Activation {
        public ELU() {
            this(1.0);
        }

        public ELU(double alpha) {
            super("alpha=" + alpha, x -> F.elu(x, alpha));
        }
    }

    public static final class SELU extends Activation {
        public SELU() {
            super("", F::selu);
        }
    }

    public static final class CELU extends Activation {
        public CELU() {
            this(1.0);
        }

        public CELU(double alpha) {
            super("alpha=" + alpha, x -> F.celu(x, alpha));
        }
    }

    /** GELU, exact (erf) by default or with the tanh approximation. */
    public static final class GELU extends Activation {
        public GELU() {
            this(false);
        }

        public GELU(boolean tanhApproximation) {
            super(tanhApproximation ? "approximate=tanh" : "", x -> F.gelu(x, tanhApproximation));
        }
    }

    /** x * sigmoid(x), also called swish. */
    public static final class SiLU extends Activation {
        public SiLU() {
            super("", F::silu);
        }
    }

    public static final class Mish extends Activation {
        public Mish() {
            super("", F::mish);
        }
    }

    public static final class Softplus extends Activation {
        public Softplus() {
            this(1, 20);
        }

        public Softplus(double beta, double threshold) {
            super("beta=" + beta + ", threshold=" + threshold, x -> F.softplus(x, beta, threshold));
        }
    }

    public static final class Softsign extends Activation {
        public Softsign() {
            super("", F::softsign);
        }
    }

    public static final class Hardtanh extends Activation {
        public Hardtanh() {
            this(-1, 1);
        }

        public Hardtanh(double min, double max) {
            super("min_val=" + min + ", max_val=" + max, x -> F.hardtanh(x, min, max));
        }
    }

    public static final class Hardsigmoid extends Activation {
        public Hardsigmoid() {
            super("", F::hardsigmoid);
        }
    }

    public static final class Hardswish extends Activation {
        public Hardswish() {
            super("", F::hardswish);
        }
    }

    public static final class Sigmoid extends Activation {
        public Sigmoid() {
            super("", Tensor::sigmoid);
        }
    }

    public static final class Tanh extends Activation {
        public Tanh() {
            super("", Tensor::tanh);
        }
    }

    public static final class Tanhshrink extends Activation {
        public Tanhshrink() {
            super("", F::tanhshrink);
        }
    }

    public static final class LogSigmoid extends Activation {
        public LogSigmoid() {
            super("", F::logSigmoid);
        }
    }

    public static final class Softshrink extends Activation {
        public Softshrink() {
            this(0.5);
        }

        public Softshrink(double lambda) {
            super("lambda=" + lambda, x -> F.softshrink(x, lambda));
        }
    }

    public static final class Hardshrink extends Activation {
        public Hardshrink() {
            this(0.5);
        }

        public Hardshrink(double lambda) {
            super("lambda=" + lambda, x -> F.hardshrink(x, lambda));
        }
    }

    /** Softmax along a dimension. */
    public static final class Softmax extends Activation {
        public Softmax(int dim) {
            super("dim=" + dim, x -> x.softmax(dim));
        }
    }

    /** Log-softmax along a dimension. */
    public static final class LogSoftmax extends Activation {
        public LogSoftmax(int dim) {
            super("dim=" + dim, x -> x.logSoftmax(dim));
        }
    }

    /** Gated linear unit along a dimension (default -1). */
    public static final class GLU extends Activation {
        public GLU() {
            this(-1);
        }

        public GLU(int dim) {
            super("dim=" + dim, x -> F.glu(x, dim));
        }
    }
}
