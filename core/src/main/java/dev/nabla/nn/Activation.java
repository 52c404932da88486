package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.function.UnaryOperator;

/** A parameter-free elementwise layer: {@code new Activation.ReLU()}, {@code Activation.of("tanh")}. */
public class Activation extends Module {
    private final String name;
    private final UnaryOperator<Tensor> fn;

    protected Activation(String name, UnaryOperator<Tensor> fn) {
        this.name = name;
        this.fn = fn;
    }

    @Override
    public Tensor forward(Tensor x) {
        return fn.apply(x);
    }

    @Override
    public String toString() {
        return name + "()\n";
    }

    /** The activation with the given (case-insensitive) name: relu, tanh, sigmoid, identity. */
    public static Activation of(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "relu" -> new ReLU();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "identity", "linear", "none" -> new Activation("Identity", x -> x);
            default -> throw new IllegalArgumentException("unknown activation '" + name + "' (known: relu, tanh, sigmoid, identity)");
        };
    }

    public static final class ReLU extends Activation {
        public ReLU() {
            super("ReLU", Tensor::relu);
        }
    }

    public static final class Tanh extends Activation {
        public Tanh() {
            super("Tanh", Tensor::tanh);
        }
    }

    public static final class Sigmoid extends Activation {
        public Sigmoid() {
            super("Sigmoid", Tensor::sigmoid);
        }
    }
}
