package dev.nabla.data.augment;

import dev.nabla.data.Batch;
import dev.nabla.data.Transform;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A random change to a training batch, applied on the fly by a {@code DataLoader} ({@code
 * DataLoader.of(train).batchSize(128).shuffle(rng).map(aug).build()}). Each augmentation draws from its own
 * explicit seeded {@code Rng}, so a run is repeatable for a seed: the loader builds batches in order (on one
 * prefetch thread when prefetching), and the augmentations consume their generators in that order. Use them on
 * the training split only.
 *
 * <p>Image augmentations ({@link RandomCrop}, {@link RandomHorizontalFlip}, {@link RandomAffine},
 * {@link GaussianNoise}, {@link RandomErasing}, {@link Cutout}) are {@link Transform}s of [N, C, H, W] inputs
 * lifted with {@link #inputs}; {@link Mixup} and {@link CutMix} also change the targets into soft label
 * distributions [N, classes], which {@code Loss.crossEntropy} accepts as probability targets.
 */
@FunctionalInterface
public interface Augmentation extends Function<Batch, Batch> {
    @Override
    Batch apply(Batch batch);

    /** Applies t to the inputs and keeps the targets. */
    static Augmentation inputs(Transform t) {
        Objects.requireNonNull(t, "t");
        return b -> new Batch(t.apply(b.x()), b.y());
    }

    /** The steps applied in order. */
    static Augmentation chain(List<? extends Augmentation> steps) {
        List<Augmentation> copy = List.copyOf(steps);
        return b -> {
            Batch out = b;
            for (Augmentation a : copy) out = a.apply(out);
            return out;
        };
    }

    static Augmentation chain(Augmentation... steps) {
        return chain(List.of(steps));
    }

    /**
     * This augmentation on flat image rows [N, c*h*w] (as the IDX readers give them): the rows are viewed as
     * [N, c, h, w], augmented, and flattened back.
     */
    default Augmentation onFlatImages(int c, int h, int w) {
        if (c <= 0 || h <= 0 || w <= 0) throw new IllegalArgumentException("onFlatImages: sizes must be positive, got " + c + "x" + h + "x" + w);
        Augmentation self = this;
        return b -> {
            if (b.x().rank() != 2 || b.x().dim(1) != c * h * w) {
                throw new IllegalArgumentException("onFlatImages: inputs " + b.x().shape() + " must be [N, " + (c * h * w) + "] rows of "
                        + c + "x" + h + "x" + w + " images");
            }
            int n = b.x().dim(0);
            Batch out = self.apply(new Batch(b.x().reshape(n, c, h, w), b.y()));
            return new Batch(out.x().reshape(n, c * h * w), out.y());
        };
    }
}
