/**
 * Learning-rate schedules over an optimizer's parameter groups, as torch.optim.lr_scheduler (2.x
 * behaviour): {@link dev.nabla.optim.schedule.StepLR}, {@link dev.nabla.optim.schedule.MultiStepLR},
 * {@link dev.nabla.optim.schedule.ConstantLR}, {@link dev.nabla.optim.schedule.LinearLR} (warm-up),
 * {@link dev.nabla.optim.schedule.ExponentialLR}, {@link dev.nabla.optim.schedule.PolynomialLR},
 * {@link dev.nabla.optim.schedule.LambdaLR}, {@link dev.nabla.optim.schedule.CosineAnnealingLR},
 * {@link dev.nabla.optim.schedule.CosineAnnealingWarmRestarts}, {@link dev.nabla.optim.schedule.CyclicLR},
 * {@link dev.nabla.optim.schedule.OneCycleLR}, {@link dev.nabla.optim.schedule.SequentialLR},
 * {@link dev.nabla.optim.schedule.ChainedScheduler} and {@link dev.nabla.optim.schedule.ReduceLROnPlateau};
 * plus the LR range test {@link dev.nabla.optim.schedule.LrFinder}.
 *
 * <p>Call {@code step()} after {@code optimizer.step()}. Schedules compute PyTorch's chainable
 * (recursive) forms, so several can drive one optimizer, and restart through the closed forms inside
 * SequentialLR, as PyTorch does. Momentum cycling (CyclicLR, OneCycleLR) sets the groups' momentum:
 * SGD's and RMSprop's momentum or the Adam family's beta1. Instead of PyTorch's {@code last_epoch}
 * argument, resume with {@code stateDict()} / {@code loadStateDict()}.
 */
package dev.nabla.optim.schedule;
