package dev.nabla.tensor;

/** Identity of the memory behind tensors, for aliasing checks that must see through views and re-wrapped arrays. */
public final class Memory {
    private Memory() {}

    /**
     * The backing array of t's storage: equal for t, its views and any tensor wrapped around the same array
     * (unlike {@link Tensor#storageKey()}, which tells storages apart even when they wrap one array).
     */
    public static Object key(Tensor t) {
        return t.storage.f != null ? t.storage.f : t.storage.d;
    }
}
