package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Sinusoidal positional encoding (Vaswani et al. 2017): adds PE[pos, 2i] = sin(pos / 10000^(2i/d)),
 * PE[pos, 2i+1] = cos(pos / 10000^(2i/d)) to the input, then dropout (as the PyTorch tutorial's
 * PositionalEncoding). The table is the buffer {@code pe} [maxLen, dModel]. Inputs are [L, N, dModel], or
 * [N, L, dModel] with batchFirst.
 */
public final class PositionalEncoding extends Module {
    private final int dModel;
    private final boolean batchFirst;
    private final Tensor pe;
    private final Dropout dropout;

    public PositionalEncoding(int dModel, int maxLen, double dropout, boolean batchFirst, Rng rng) {
        if (dModel <= 0 || maxLen <= 0) {
            throw new IllegalArgumentException("PositionalEncoding: d_model " + dModel + " and max_len " + maxLen + " must be positive");
        }
        this.dModel = dModel;
        this.batchFirst = batchFirst;
        this.dropout = child("dropout", new Dropout(dropout, rng));
        this.pe = buffer("pe", table(maxLen, dModel));
    }

    /** The [maxLen, dModel] table of sines (even columns) and cosines (odd columns). */
    public static Tensor table(int maxLen, int dModel) {
        float[] d = new float[maxLen * dModel];
        for (int pos = 0; pos < maxLen; pos++) {
            for (int i = 0; i < dModel; i += 2) {
                double angle = pos * Math.exp(-Math.log(10000.0) * i / dModel);
                d[pos * dModel + i] = (float) Math.sin(angle);
                if (i + 1 < dModel) d[pos * dModel + i + 1] = (float) Math.cos(angle);
            }
        }
        return Tensor.wrap(d, maxLen, dModel);
    }

    @Override
    public Tensor forward(Tensor x) {
        int lenDim = batchFirst ? 1 : 0;
        if (x.rank() != 3 || x.dim(2) != dModel || x.dim(lenDim) > pe.dim(0)) {
            throw new IllegalArgumentException("PositionalEncoding(d_model=" + dModel + ", max_len=" + pe.dim(0) + "): input " + x.shape()
                    + " must be " + (batchFirst ? "[N, L, d_model]" : "[L, N, d_model]") + " with L <= max_len");
        }
        Tensor p = pe.narrow(0, 0, x.dim(lenDim));
        return dropout.forward(x.add(batchFirst ? p : p.unsqueeze(1)));
    }

    @Override
    protected String describe() {
        return "d_model=" + dModel + ", max_len=" + pe.dim(0) + (batchFirst ? ", batch_first=true" : "");
    }
}
