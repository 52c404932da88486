package dev.nabla.cli;

import dev.nabla.data.augment.Augmentation;
import dev.nabla.data.augment.CutMix;
import dev.nabla.data.augment.Cutout;
import dev.nabla.data.augment.GaussianNoise;
import dev.nabla.data.augment.Mixup;
import dev.nabla.data.augment.RandomAffine;
import dev.nabla.data.augment.RandomCrop;
import dev.nabla.data.augment.RandomErasing;
import dev.nabla.data.augment.RandomHorizontalFlip;
import dev.nabla.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The augmentation options of {@code nabla train} (a picocli mixin): on-the-fly changes of the training batches
 * only (validation and test data are left alone), each drawn from its own generator split off the run's seed.
 * Image augmentations treat the flat input rows as square single-channel images (28x28 Fashion-MNIST, 8x8 digits).
 */
final class AugmentOptions {
    static final String KINDS = "crop, flip, affine, noise, erase, cutout";

    @Option(names = "--augment", split = ",", paramLabel = "KIND",
            description = "training-batch augmentations, applied in the order given: crop (zero-pad side/14 and crop), flip (horizontal, p 0.5), "
                    + "affine (rotate up to 10 degrees, shift up to 10%), noise (Gaussian, std 0.05), erase (random erasing, p 0.5), "
                    + "cutout (a side/4 square)")
    List<String> kinds = new ArrayList<>();
    @Option(names = "--mixup", paramLabel = "ALPHA", description = "mixup with lambda ~ Beta(ALPHA, ALPHA) (soft targets)")
    Double mixup;
    @Option(names = "--cutmix", paramLabel = "ALPHA",
            description = "CutMix with lambda ~ Beta(ALPHA, ALPHA); with --mixup too, each batch gets one of the two at random")
    Double cutmix;

    boolean active() {
        return !kinds.isEmpty() || mixup != null || cutmix != null;
    }

    /** A short description for metrics.json, e.g. "crop,flip mixup=0.2". */
    String describe() {
        StringBuilder sb = new StringBuilder(String.join(",", kinds));
        if (mixup != null) sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "mixup=%s", mixup));
        if (cutmix != null) sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "cutmix=%s", cutmix));
        return sb.toString();
    }

    /** The augmentation of flat rows of inputs values (square images where an image augmentation is asked for). */
    Augmentation build(int inputs, int classes, Rng rng) {
        List<Augmentation> steps = new ArrayList<>();
        int side = -1;
        for (String raw : kinds) {
            String kind = raw.trim().toLowerCase(Locale.ROOT);
            if (!kind.equals("noise") && side < 0) side = squareSide(inputs, kind);
            steps.add(switch (kind) {
                case "crop" -> Augmentation.inputs(new RandomCrop(Math.max(1, side / 14), rng.split()));
                case "flip" -> Augmentation.inputs(new RandomHorizontalFlip(rng.split()));
                case "affine" -> Augmentation.inputs(new RandomAffine(10, 0.1, true, rng.split()));
                case "noise" -> Augmentation.inputs(new GaussianNoise(0.05, rng.split()));
                case "erase" -> Augmentation.inputs(new RandomErasing(rng.split()));
                case "cutout" -> Augmentation.inputs(new Cutout(Math.max(1, side / 4), rng.split()));
                default -> throw new IllegalArgumentException("--augment: unknown kind '" + raw + "' (known: " + KINDS + ")");
            });
        }
        if (mixup != null && !(mixup > 0)) throw new IllegalArgumentException("--mixup ALPHA must be > 0, got " + mixup);
        if (cutmix != null && !(cutmix > 0)) throw new IllegalArgumentException("--cutmix ALPHA must be > 0, got " + cutmix);
        if (cutmix != null && side < 0) side = squareSide(inputs, "cutmix");
        Augmentation mix = null;
        if (mixup != null && cutmix != null) {
            Mixup m = new Mixup(mixup, classes, rng.split());
            CutMix c = new CutMix(cutmix, classes, rng.split());
            Rng choose = rng.split();
            mix = b -> choose.nextDouble() < 0.5 ? m.apply(b) : c.apply(b);
        } else if (mixup != null) {
            mix = new Mixup(mixup, classes, rng.split());
        } else if (cutmix != null) {
            mix = new CutMix(cutmix, classes, rng.split());
        }
        if (mix != null) steps.add(mix);
        Augmentation chain = Augmentation.chain(steps);
        return side > 0 ? chain.onFlatImages(1, side, side) : chain;
    }

    private static int squareSide(int inputs, String kind) {
        int side = (int) Math.round(Math.sqrt(inputs));
        if (side * side != inputs) {
            throw new IllegalArgumentException("--augment " + kind + " needs square single-channel images, this data has " + inputs + " inputs");
        }
        return side;
    }
}
