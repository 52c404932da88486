package dev.nabla.data.text;

import java.nio.file.Path;
import java.util.List;

/**
 * Text to token ids and back. Implementations: {@link CharTokenizer}, {@link WordTokenizer} and
 * {@link BpeTokenizer}; a saved one is read back with {@link TokenizerFiles#load(Path)}.
 */
public interface Tokenizer {
    /** The token ids of {@code text}. */
    int[] encode(String text);

    /** The tokens of {@code text} as strings, one per id of {@link #encode}. */
    List<String> tokenize(String text);

    /** The text of a sequence of ids (for a tokenizer that keeps all text, {@code decode(encode(s)).equals(s)}). */
    String decode(int[] ids);

    /** Number of distinct ids: every id is in [0, vocabSize). */
    int vocabSize();

    /** Writes this tokenizer as JSON, atomically. */
    void save(Path file);
}
