package dev.nabla.models;

import dev.nabla.nn.AdaptiveAvgPool2d;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Linear;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A ResNet of {@link BasicBlock}s in torchvision's layout and state-dict keys: conv1, bn1, (maxpool), layer1 ..
 * layerK (each a Sequential of blocks: layer1.0.conv1.weight, ...), global average pool, fc. Stage 1 keeps the
 * resolution, each later stage halves it with a strided first block.
 *
 * <ul>
 *   <li>{@link #resnet18}: torchvision's resnet18 (7x7/2 stem + 3x3/2 max pool, widths 64-512, two blocks per
 *       stage), 11,689,512 parameters for 1000 classes; loads torchvision's state dict unchanged.
 *   <li>{@link #small}: for 28x28 (or 32x32, 8x8) images: a 3x3/1 stem without max pool, widths 16-32-64 and two
 *       blocks per stage (a ResNet-14 in the CIFAR family of He et al.).
 * </ul>
 * Convolutions are initialized as torchvision does (kaiming normal, fan_out, relu), batch norms to 1 and 0, fc
 * with Linear's default.
 */
public final class ResNet extends Module {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final MaxPool2d maxpool;
    private final List<Sequential> layers = new ArrayList<>();
    private final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1);
    private final Linear fc;
    private final int inChannels;
    private final String describe;

    /**
     * A ResNet with a 7x7/2 stem and max pool (imagenetStem) or a 3x3/1 stem without pool, then len(widths)
     * stages of blocks[i] basic blocks of widths[i] channels.
     */
    public ResNet(int inChannels, int classes, int[] widths, int[] blocks, boolean imagenetStem, Rng rng) {
        if (inChannels <= 0 || classes <= 0 || widths.length == 0 || widths.length != blocks.length) {
            throw new IllegalArgumentException("ResNet: needs positive inChannels and classes and one block count per width, got in="
                    + inChannels + ", classes=" + classes + ", widths=" + Arrays.toString(widths) + ", blocks=" + Arrays.toString(blocks));
        }
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] <= 0 || blocks[i] <= 0) {
                throw new IllegalArgumentException("ResNet: widths and block counts must be positive, got widths=" + Arrays.toString(widths)
                        + ", blocks=" + Arrays.toString(blocks));
            }
        }
        this.inChannels = inChannels;
        this.describe = "in=" + inChannels + ", classes=" + classes + ", widths=" + Arrays.toString(widths) + ", blocks="
                + Arrays.toString(blocks) + (imagenetStem ? ", stem=7x7/2+maxpool" : ", stem=3x3/1");
        conv1 = child("conv1", ZooInit.fanOutRelu(imagenetStem
                ? new Conv2d(inChannels, widths[0], new int[] {7}, new int[] {2}, new int[] {3}, new int[] {1}, 1, false, rng)
                : ZooInit.conv3x3(inChannels, widths[0], 1, rng), rng));
        bn1 = child("bn1", new BatchNorm2d(widths[0]));
        maxpool = imagenetStem ? new MaxPool2d(3, 2, 1) : null;
        int width = widths[0];
        for (int s = 0; s < widths.length; s++) {
            List<Module> stage = new ArrayList<>();
            for (int b = 0; b < blocks[s]; b++) {
                stage.add(new BasicBlock(width, widths[s], b == 0 && s > 0 ? 2 : 1, rng));
                width = widths[s];
            }
            layers.add(child("layer" + (s + 1), new Sequential(stage)));
        }
        fc = child("fc", new Linear(width, classes, rng));
    }

    /** torchvision's resnet18 for 3-channel images (224x224 in the original; any size >= 32 works). */
    public static ResNet resnet18(int classes, Rng rng) {
        return new ResNet(3, classes, new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 2}, true, rng);
    }

    /** The small ResNet for 28x28 images of inChannels channels: 16-32-64 channels, two blocks per stage. */
    public static ResNet small(int inChannels, int classes, Rng rng) {
        return new ResNet(inChannels, classes, new int[] {16, 32, 64}, new int[] {2, 2, 2}, false, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != inChannels) {
            throw new IllegalArgumentException("ResNet(" + describe + "): input shape " + x.shape() + " must be [N, " + inChannels + ", H, W]");
        }
        Tensor y = bn1.forward(conv1.forward(x)).relu();
        if (maxpool != null) y = maxpool.forward(y);
        for (Sequential layer : layers) y = layer.forward(y);
        return fc.forward(avgpool.forward(y).reshape(y.dim(0), -1));
    }

    @Override
    protected String describe() {
        return describe;
    }
}
