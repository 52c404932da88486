package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a CSV file with a header row into a {@link CsvTable}. The label column is chosen by name
 * or index (default: the last column). Columns declared categorical hold strings mapped to
 * indices (sorted order, or a mapping given by {@link #categories} so a test file matches its
 * training file); every other column must hold numbers. Fields may be quoted ("a, b", "" for a
 * quote) but may not span lines. Errors name {@code file:line:column} and the column's name.
 *
 * <pre>{@code
 * CsvTable t = new CsvReader().label("species").categorical("color").read(Path.of("iris.csv"));
 * }</pre>
 */
public final class CsvReader {
    /** How label values become targets. */
    public enum LabelKind {
        /** Class indices if every value is a non-negative integer, category names otherwise. */
        AUTO,
        /** Non-negative integers used as class indices (INT64). */
        CLASS_INDEX,
        /** Strings mapped to class indices (INT64), the mapping returned. */
        CATEGORY,
        /** Numbers used as FLOAT32 regression targets. */
        REGRESSION
    }

    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?:inf|infinity)|nan", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLASS_INDEX = Pattern.compile("\\+?\\d{1,9}");

    private String labelName;
    private int labelIndex = -1;
    private final Set<String> categorical = new LinkedHashSet<>();
    private final Set<String> ignored = new LinkedHashSet<>();
    private final Map<String, List<String>> known = new HashMap<>();
    private char delimiter = ',';
    private LabelKind labelKind = LabelKind.AUTO;

    /** The label column by name. */
    public CsvReader label(String name) {
        this.labelName = name;
        return this;
    }

    /** The label column by 0-based index; negative counts from the end (-1 is the last column). */
    public CsvReader label(int index) {
        this.labelName = null;
        this.labelIndex = index;
        return this;
    }

    public CsvReader labelKind(LabelKind kind) {
        this.labelKind = kind;
        return this;
    }

    /** Columns holding category names, mapped to indices. */
    public CsvReader categorical(String... columns) {
        categorical.addAll(Arrays.asList(columns));
        return this;
    }

    /** Columns to skip (ids, free text). */
    public CsvReader ignore(String... columns) {
        ignored.addAll(Arrays.asList(columns));
        return this;
    }

    public CsvReader delimiter(char delimiter) {
        this.delimiter = delimiter;
        return this;
    }

    /**
     * Fixed value-to-index mappings for some columns (e.g. {@code trainTable.categories()}); a value
     * outside a given mapping is an error. Columns given here count as categorical.
     */
    public CsvReader categories(Map<String, List<String>> mappings) {
        mappings.forEach((k, v) -> known.put(k, List.copyOf(v)));
        return this;
    }

    public CsvTable read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such CSV file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read CSV file: " + e.getMessage(), e);
        }
    }

    /** Reads CSV text; {@code name} stands for the file in messages. */
    public CsvTable read(Reader reader, String name) {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] header = null;
        int lineNo = 0;
        try {
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank()) continue;
                String[] f = fields(line, name, lineNo);
                if (header == null) {
                    header = f;
                    continue;
                }
                if (f.length != header.length) {
                    throw new DataFileException(name + ":" + lineNo + ": " + f.length + " fields, the header has " + header.length);
                }
                rows.add(f);
                lineNumbers.add(lineNo);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read CSV: " + e.getMessage(), e);
        }
        if (header == null) throw new DataFileException(name + ": empty CSV file (no header row)");
        if (rows.isEmpty()) throw new DataFileException(name + ": no data rows after the header");
        return convert(name, header, rows, lineNumbers);
    }

    private CsvTable convert(String name, String[] header, List<String[]> rows, List<Integer> lines) {
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
            if (header[c].isEmpty()) throw new DataFileException(name + ":1:" + (c + 1) + ": empty column name in the header");
            if (col.put(header[c], c) != null) throw new DataFileException(name + ":1: column name '" + header[c] + "' appears twice");
        }
        int label;
        if (labelName != null) {
            Integer li = col.get(labelName);
            if (li == null) throw new DataFileException(name + ": no label column '" + labelName + "'; columns are " + col.keySet());
            label = li;
        } else {
            label = labelIndex < 0 ? header.length + labelIndex : labelIndex;
            if (label < 0 || label >= header.length) {
                throw new DataFileException(name + ": label column index " + labelIndex + " out of range for " + header.length + " columns");
            }
        }
        Set<String> cats = new LinkedHashSet<>(categorical);
        cats.addAll(known.keySet());
        for (String s : cats) {
            if (!col.containsKey(s)) throw new DataFileException(name + ": no categorical column '" + s + "'; columns are " + col.keySet());
        }
        for (String s : ignored) {
            if (!col.containsKey(s)) throw new DataFileException(name + ": no column '" + s + "' to ignore; columns are " + col.keySet());
            if (col.get(s) == label) throw new DataFileException(name + ": column '" + s + "' is both the label and ignored");
        }
        int n = rows.size();
        List<Integer> featureCols = new ArrayList<>();
        for (int c = 0; c < header.length; c++) if (c != label && !ignored.contains(header[c])) featureCols.add(c);
        int f = featureCols.size();
        Map<String, List<String>> mappings = new LinkedHashMap<>();
        float[] x = new float[n * f];
        for (int j = 0; j < f; j++) {
            int c = featureCols.get(j);
            if (cats.contains(header[c])) {
                Map<String, Integer> m = mapping(name, header[c], c, rows, lines, mappings);
                for (int i = 0; i < n; i++) x[i * f + j] = m.get(rows.get(i)[c]);
            } else {
                for (int i = 0; i < n; i++) x[i * f + j] = (float) number(rows.get(i)[c], name, lines.get(i), c, header[c]);
            }
        }
        Tensor y = labels(name, header, label, cats.contains(header[label]), rows, lines, mappings);
        List<String> names = new ArrayList<>();
        for (int c : featureCols) names.add(header[c]);
        return new CsvTable(new TensorDataset(Tensor.wrap(x, n, f), y), List.copyOf(names), header[label],
                Collections.unmodifiableMap(mappings));
    }

    private Tensor labels(String name, String[] header, int c, boolean declaredCategorical, List<String[]> rows, List<Integer> lines,
            Map<String, List<String>> mappings) {
        int n = rows.size();
        LabelKind kind = labelKind;
        if (declaredCategorical) {
            if (kind != LabelKind.AUTO && kind != LabelKind.CATEGORY) {
                throw new IllegalArgumentException("CsvReader: label column '" + header[c] + "' is declared categorical but the label kind is " + kind);
            }
            kind = LabelKind.CATEGORY;
        }
        if (kind == LabelKind.AUTO) {
            boolean allIndices = true, allNumbers = true;
            for (String[] r : rows) {
                String v = r[c];
                if (!CLASS_INDEX.matcher(v).matches()) allIndices = false;
                if (!NUMBER.matcher(v).matches() && !SPECIAL.matcher(v).matches()) allNumbers = false;
            }
            if (allIndices) kind = LabelKind.CLASS_INDEX;
            else if (!allNumbers) kind = LabelKind.CATEGORY;
            else {
                throw new DataFileException(name + ": label column '" + header[c] + "' holds numbers that are not all class indices"
                        + " (non-negative integers): choose labelKind(REGRESSION) or labelKind(CATEGORY)");
            }
        }
        switch (kind) {
            case CATEGORY -> {
                Map<String, Integer> m = mapping(name, header[c], c, rows, lines, mappings);
                double[] y = new double[n];
                for (int i = 0; i < n; i++) y[i] = m.get(rows.get(i)[c]);
                return Tensor.wrap(y, DType.INT64, n);
            }
            case CLASS_INDEX -> {
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    String v = rows.get(i)[c];
                    if (!CLASS_INDEX.matcher(v).matches()) {
                        throw new DataFileException(name + ":" + lines.get(i) + ":" + (c + 1) + ": label '" + v + "' in column '" + header[c]
                                + "' is not a class index (a non-negative integer)");
                    }
                    y[i] = Integer.parseInt(v.startsWith("+") ? v.substring(1) : v);
                }
                return Tensor.wrap(y, DType.INT64, n);
            }
            default -> {
                float[] y = new float[n];
                for (int i = 0; i < n; i++) y[i] = (float) number(rows.get(i)[c], name, lines.get(i), c, header[c]);
                return Tensor.wrap(y, n);
            }
        }
    }

    /** Value-to-index map of a categorical column: the given one, or its sorted distinct values. */
    private Map<String, Integer> mapping(String name, String column, int c, List<String[]> rows, List<Integer> lines,
            Map<String, List<String>> out) {
        List<String> values = known.get(column);
        if (values == null) {
            TreeSet<String> distinct = new TreeSet<>();
            for (String[] r : rows) distinct.add(r[c]);
            values = List.copyOf(distinct);
        }
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < values.size(); i++) m.put(values.get(i), i);
        for (int i = 0; i < rows.size(); i++) {
            String v = rows.get(i)[c];
            if (!m.containsKey(v)) {
                throw new DataFileException(name + ":" + lines.get(i) + ":" + (c + 1) + ": value '" + v + "' of column '" + column
                        + "' is not among its given categories " + values);
            }
        }
        out.put(column, values);
        return m;
    }

    private static double number(String v, String name, int line, int c, String column) {
        if (v.isEmpty()) {
            throw new DataFileException(name + ":" + line + ":" + (c + 1) + ": empty value in column '" + column + "' (missing values are not supported)");
        }
        if (NUMBER.matcher(v).matches()) return Double.parseDouble(v);
        if (SPECIAL.matcher(v).matches()) {
            String s = v.toLowerCase();
            return s.equals("nan") ? Double.NaN : s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw new DataFileException(name + ":" + line + ":" + (c + 1) + ": cannot parse '" + v + "' as a number in column '" + column
                + "' (declare the column categorical if it holds categories)");
    }

    /** Splits one line into trimmed fields, honoring double quotes. */
    private String[] fields(String line, String name, int lineNo) {
        List<String> out = new ArrayList<>();
        int i = 0, n = line.length();
        while (true) {
            while (i < n && line.charAt(i) == ' ' && delimiter != ' ') i++;
            if (i < n && line.charAt(i) == '"') {
                int col = out.size() + 1;
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new DataFileException(name + ":" + lineNo + ":" + col + ": unterminated quoted field (fields may not span lines)");
                    }
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else break;
                    } else sb.append(ch);
                }
                while (i < n && Character.isWhitespace(line.charAt(i)) && line.charAt(i) != delimiter) i++;
                if (i < n && line.charAt(i) != delimiter) {
                    throw new DataFileException(name + ":" + lineNo + ":" + col + ": unexpected '" + line.charAt(i) + "' after a closing quote");
                }
                out.add(sb.toString());
            } else {
                int start = i;
                while (i < n && line.charAt(i) != delimiter) i++;
                out.add(line.substring(start, i).strip());
            }
            if (i >= n) break;
            i++; // the delimiter
        }
        return out.toArray(String[]::new);
    }
}
