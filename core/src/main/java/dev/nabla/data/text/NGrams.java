package dev.nabla.data.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terms a vectorizer counts, as scikit-learn's analyzers make them: word n-grams over the
 * tokens of {@code (?u)\b\w\w+\b} (words of two or more word characters) joined by one space;
 * character n-grams of the text with runs of white space squeezed to one space ("char"); or
 * character n-grams of each white-space separated word padded with one space on each side ("char_wb").
 */
public final class NGrams {
    private static final Pattern WORD = Pattern.compile("\\b\\w\\w+\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPACES = Pattern.compile("\\s\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPLIT = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private NGrams() {}

    /** What a term is made of. */
    public enum Analyzer {
        WORD, CHAR, CHAR_WB
    }

    /** The terms of a document, n from minN to maxN, in scikit-learn's order. */
    public static List<String> terms(String doc, Analyzer analyzer, int minN, int maxN, boolean lowercase) {
        if (minN < 1 || maxN < minN) throw new IllegalArgumentException("n-gram range (" + minN + ", " + maxN + ") must have 1 <= min <= max");
        String text = lowercase ? doc.toLowerCase(Locale.ROOT) : doc;
        return switch (analyzer) {
            case WORD -> wordNGrams(words(text), minN, maxN);
            case CHAR -> charNGrams(SPACES.matcher(text).replaceAll(" "), minN, maxN);
            case CHAR_WB -> charWbNGrams(text, minN, maxN);
        };
    }

    /** The tokens of scikit-learn's default token pattern. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    static List<String> wordNGrams(List<String> tokens, int minN, int maxN) {
        List<String> out = new ArrayList<>();
        int n0 = minN;
        if (n0 == 1) {
            out.addAll(tokens);
            n0 = 2;
        }
        for (int n = n0; n <= Math.min(maxN, tokens.size()); n++) {
            for (int i = 0; i + n <= tokens.size(); i++) out.add(String.join(" ", tokens.subList(i, i + n)));
        }
        return out;
    }

    static List<String> charNGrams(String text, int minN, int maxN) {
        int[] cps = text.codePoints().toArray();
        List<String> out = new ArrayList<>();
        for (int n = minN; n <= Math.min(maxN, cps.length); n++) {
            for (int i = 0; i + n <= cps.length; i++) out.add(new String(cps, i, n));
        }
        return out;
    }

    static List<String> charWbNGrams(String text, int minN, int maxN) {
        List<String> out = new ArrayList<>();
        for (String word : SPLIT.split(text.strip())) {
            if (word.isEmpty()) continue;
            int[] w = (" " + word + " ").codePoints().toArray();
            for (int n = minN; n <= maxN; n++) {
                int offset = 0;
                out.add(new String(w, 0, Math.min(n, w.length)));
                while (offset + n < w.length) {
                    offset++;
                    out.add(new String(w, offset, Math.min(n, w.length - offset)));
                }
                if (offset == 0) break; // a word shorter than n counts once
            }
        }
        return out;
    }
}
