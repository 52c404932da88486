package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * An indexed list of modules registered as children "0", "1", ... (as PyTorch's ModuleList), for
 * models whose forward loops over layers. It has no forward of its own.
 */
public final class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> modules = new ArrayList<>();

    public ModuleList(Module... modules) {
        for (Module m : modules) add(m);
    }

    public ModuleList(List<? extends Module> modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module; returns this. */
    public ModuleList add(Module m) {
        if (m == null) throw new IllegalArgumentException("ModuleList: cannot add null");
        modules.add(child(Integer.toString(modules.size()), m));
        return this;
    }

    public Module get(int i) {
        if (i < 0) i += modules.size();
        if (i < 0 || i >= modules.size()) {
            throw new IndexOutOfBoundsException("ModuleList: index " + i + " out of range for " + modules.size() + " modules");
        }
        return modules.get(i);
    }

    public int size() {
        return modules.size();
    }

    public List<Module> asList() {
        return Collections.unmodifiableList(modules);
    }

    @Override
    public Iterator<Module> iterator() {
        return asList().iterator();
    }

    /** A ModuleList has no forward; iterate over its modules instead. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("ModuleList has no forward: iterate over its modules in the parent's forward");
    }
}
