/**
 * Optimizers, following torch.optim's update rules (PyTorch 2.x where it differs from 1.13).
 *
 * <p>Each optimizer is a short subclass of {@link dev.nabla.optim.Optimizer} with an immutable,
 * validated config record ({@code AdamConfig.DEFAULT.withLr(1e-3)}) and one fused loop over the float
 * arrays of a parameter, its gradient and its state. The base class runs the loop per parameter under
 * {@code Grad.off()}, keeps parameter groups with live lr and momentum (what schedules drive), L1/L2
 * terms per group, per-parameter state keyed by parameter name, and {@code stateDict()} /
 * {@code loadStateDict()} for checkpoints.
 *
 * <ul>
 *   <li>torch.optim: {@link dev.nabla.optim.Sgd} (momentum, dampening, Nesterov), {@link dev.nabla.optim.Adagrad},
 *       {@link dev.nabla.optim.Adadelta}, {@link dev.nabla.optim.RmsProp} (momentum, centered),
 *       {@link dev.nabla.optim.Rprop}, {@link dev.nabla.optim.Adam} (and AMSGrad), {@link dev.nabla.optim.AdamW},
 *       {@link dev.nabla.optim.Adamax}, {@link dev.nabla.optim.NAdam}, {@link dev.nabla.optim.RAdam};</li>
 *   <li>beyond it: {@link dev.nabla.optim.Lamb}, {@link dev.nabla.optim.AdaMod}, {@link dev.nabla.optim.Eve}
 *       and the {@link dev.nabla.optim.Backstitch} wrapper;</li>
 *   <li>{@link dev.nabla.optim.Clip}: clipping by global norm or by value.</li>
 * </ul>
 *
 * <p>Weight decay: {@code weightDecay} is PyTorch's meaning for each optimizer: an L2 term added to the
 * gradient, except AdamW, LAMB, AdaMod (decoupled) and NAdam/RAdam with {@code decoupledWeightDecay}.
 * A group's {@code l1} adds {@code l1*sign(p)} to the gradient in every optimizer.
 *
 * <p>Known differences from torch: no {@code maximize}, {@code foreach}, {@code capturable},
 * {@code differentiable} or sparse gradients; step counters and NAdam's mu product are doubles (torch
 * keeps float32 tensors); first moments use {@code b*m + (1-b)*g} where 2.x uses {@code lerp} (the same
 * to a rounding). Reference trajectories: tools/reference/optim_fixtures.py.
 */
package dev.nabla.optim;
