package dev.nabla.data;

import java.util.List;
import java.util.Map;

/**
 * A CSV file read as a dataset: inputs FLOAT32 [N, F] with the feature columns in file order,
 * targets INT64 [N] (class indices) or FLOAT32 [N] (regression). {@code categories} maps each
 * categorical column (the label included when its values were mapped) to its values in index
 * order: value {@code categories.get(col).get(i)} was stored as i.
 */
public record CsvTable(TensorDataset data, List<String> featureNames, String labelName, Map<String, List<String>> categories) {
    /** The label's class names in index order, or an empty list when labels were numbers in the file. */
    public List<String> labelClasses() {
        return categories.getOrDefault(labelName, List.of());
    }
}
