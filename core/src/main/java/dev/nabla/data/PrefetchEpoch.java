package dev.nabla.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An epoch whose batches one background thread builds, in order, into a bounded queue. The
 * consumer takes them in the same order; a failure is queued in the batch's place and rethrown
 * (the same exception object) when the consumer reaches it.
 */
final class PrefetchEpoch<B> implements DataLoader.Epoch<B> {
    /** Builds batch k of the epoch with the given order. */
    interface Builder<B> {
        B build(int[] order, int k);
    }

    private static final Object END = new Object();

    private record Failure(Throwable error) {}

    private final BlockingQueue<Object> queue;
    private final Thread producer;
    private volatile boolean closed;
    private Object pending;
    private boolean finished;

    PrefetchEpoch(Builder<? extends B> builder, int[] order, int batches, int depth) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.producer = Thread.ofPlatform().daemon().name("nabla-prefetch").unstarted(() -> {
            try {
                for (int k = 0; k < batches && !closed; k++) {
                    Object batch;
                    try {
                        batch = builder.build(order, k);
                    } catch (Throwable t) {
                        batch = new Failure(t);
                    }
                    queue.put(batch);
                    if (batch instanceof Failure) return;
                }
                queue.put(END);
            } catch (InterruptedException e) {
                // closed by the consumer: just end
            }
        });
        producer.start();
    }

    @Override
    public boolean hasNext() {
        if (finished) return false;
        if (pending == null) {
            try {
                pending = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("DataLoader: interrupted while waiting for the next batch", e);
            }
        }
        if (pending == END) {
            finish();
            return false;
        }
        if (pending instanceof Failure(Throwable t)) {
            finish();
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error err) throw err;
            throw new IllegalStateException("DataLoader: building a batch failed: " + t, t);
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    @Override
    public B next() {
        if (!hasNext()) throw new NoSuchElementException("DataLoader: epoch has no more batches");
        Object b = pending;
        pending = null;
        return (B) b;
    }

    private void finish() {
        finished = true;
        pending = null;
        join();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        finished = true;
        pending = null;
        producer.interrupt();
        queue.clear();
        join();
        queue.clear();
    }

    private void join() {
        boolean interrupted = false;
        while (true) {
            try {
                producer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Whether the background thread has ended (for tests). */
    boolean producerDone() {
        return !producer.isAlive();
    }
}
