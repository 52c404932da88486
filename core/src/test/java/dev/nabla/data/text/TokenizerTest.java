package dev.nabla.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.DataFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vocabulary order, the character and word tokenizers, and the JSON files of all tokenizers. */
class TokenizerTest {
    @TempDir
    Path dir;

    @Test
    void vocabularyOrdersByCountThenLexicographically() {
        Vocabulary v = Vocabulary.build(Map.of("b", 3L, "a", 3L, "c", 5L, "d", 1L, "B", 3L), 1, 0);
        assertEquals(List.of("<pad>", "<unk>", "c", "B", "a", "b", "d"), v.tokens());
        assertEquals(0, v.indexOf("<pad>"));
        assertEquals(1, v.indexOf("never seen"));
        assertEquals(2, v.indexOf("c"));
        Vocabulary frequent = Vocabulary.build(Map.of("b", 3L, "a", 3L, "c", 5L, "d", 1L), 2, 0);
        assertEquals(List.of("<pad>", "<unk>", "c", "a", "b"), frequent.tokens());
        Vocabulary small = Vocabulary.build(Map.of("b", 3L, "a", 3L, "c", 5L, "d", 1L), 1, 4);
        assertEquals(List.of("<pad>", "<unk>", "c", "a"), small.tokens());
        Vocabulary fromTokens = Vocabulary.build(List.of("x", "y", "x", "<unk>", "z", "y", "x"), 1, 0);
        assertEquals(List.of("<pad>", "<unk>", "x", "y", "z"), fromTokens.tokens());
        assertArrayEquals(new int[] {2, 4, 1}, fromTokens.encode(List.of("x", "z", "w")));
        assertEquals(List.of("x", "<unk>"), fromTokens.decode(new int[] {2, 1}));
        assertThrows(IndexOutOfBoundsException.class, () -> fromTokens.token(5));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(Map.of("a", 1L), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "a")));
    }

    @Test
    void vocabularySavesAndLoads() {
        Vocabulary v = Vocabulary.build(List.of("naïve", "café", "naïve", "\"quoted\"", "tab\there"), 1, 0);
        Path f = dir.resolve("vocab.json");
        v.save(f);
        assertEquals(v.tokens(), Vocabulary.load(f).tokens());
    }

    @Test
    void characterTokenizerRoundTrips() {
        String text = "hello, wörld 🙂\n";
        CharTokenizer t = CharTokenizer.fit(text);
        // l (3 times) and the space (twice) first, then the characters seen once in code point order
        assertEquals(List.of("<pad>", "<unk>", "l", " ", "\n", ",", "d", "e", "h", "o", "r", "w", "ö", "🙂"), t.vocabulary().tokens());
        int[] ids = t.encode(text);
        assertEquals(text.codePointCount(0, text.length()), ids.length);
        assertEquals(text, t.decode(ids));
        assertEquals(List.of("🙂", "h"), t.tokenize("🙂h"));
        // unknown characters map to <unk> and decode to U+FFFD; <pad> decodes to nothing
        assertArrayEquals(new int[] {8, 1, 9}, t.encode("hzo"));
        assertEquals("h\uFFFDo", t.decode(new int[] {0, 8, 1, 9, 0}));
    }

    @Test
    void wordTokenizerSplitsWordsAndPunctuation() {
        assertEquals(List.of("hello", ",", "world", "!", "don't", "panic", "(", "42", "times", ")", "."),
                WordTokenizer.split("Hello, World! Don't panic (42 times).", true));
        assertEquals(List.of("Hello", "World"), WordTokenizer.split("Hello World", false));
        WordTokenizer t = WordTokenizer.fit(List.of("The cat sat on the mat.", "The dog sat."));
        assertEquals(List.of("<pad>", "<unk>", "the", ".", "sat", "cat", "dog", "mat", "on"), t.vocabulary().tokens());
        int[] ids = t.encode("The cat sat on the dog.");
        assertArrayEquals(new int[] {2, 5, 4, 8, 2, 6, 3}, ids);
        assertEquals("the cat sat on the dog.", t.decode(ids));
        assertArrayEquals(new int[] {2, 1, 3}, t.encode("the bird."));
        assertEquals("the <unk>.", t.decode(t.encode("the bird.")));
        WordTokenizer cased = WordTokenizer.fit(List.of("Aa aa, (x)"), false, 1, 0);
        assertEquals("Aa aa, (x)", cased.decode(cased.encode("Aa aa, (x)")));
        assertFalse(cased.vocabulary().contains("AA"));
    }

    @Test
    void everyTokenizerSavesAndLoads() {
        String text = "To be, or not to be: that is the question. To be.";
        List<Tokenizer> all = List.of(CharTokenizer.fit(text), WordTokenizer.fit(List.of(text), false, 1, 0), BpeTokenizer.train(text, 270));
        for (Tokenizer t : all) {
            Path f = dir.resolve(t.getClass().getSimpleName() + ".json");
            t.save(f);
            Tokenizer back = TokenizerFiles.load(f);
            assertEquals(t.getClass(), back.getClass());
            assertEquals(t.vocabSize(), back.vocabSize());
            String probe = "Not to be, that is the answer!";
            assertArrayEquals(t.encode(probe), back.encode(probe), t.toString());
            assertEquals(t.decode(t.encode(probe)), back.decode(back.encode(probe)));
        }
        // saving over an existing file replaces it and leaves no temporary file behind
        all.get(0).save(dir.resolve("WordTokenizer.json"));
        assertTrue(TokenizerFiles.load(dir.resolve("WordTokenizer.json")) instanceof CharTokenizer);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String loadError(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        DataFileException e = assertThrows(DataFileException.class, () -> TokenizerFiles.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void corruptFilesAreNamedWithTheFault() throws IOException {
        assertTrue(loadError("empty.json", "").contains("empty file"));
        assertTrue(loadError("truncated.json", "{\"format\": \"nabla-tokenizer\", \"vers").contains("not valid JSON"));
        assertTrue(loadError("array.json", "[1, 2]").contains("JSON object"));
        assertTrue(loadError("other.json", "{\"format\": \"something\", \"version\": 1}").contains("\"format\""));
        assertTrue(loadError("future.json", "{\"format\": \"nabla-tokenizer\", \"version\": 7, \"type\": \"char\"}").contains("version"));
        assertTrue(loadError("type.json", "{\"format\": \"nabla-tokenizer\", \"version\": 1, \"type\": \"sentencepiece\"}")
                .contains("unknown tokenizer type 'sentencepiece'"));
        assertTrue(loadError("notokens.json", "{\"format\": \"nabla-tokenizer\", \"version\": 1, \"type\": \"char\"}")
                .contains("missing field \"tokens\""));
        assertTrue(loadError("badtoken.json", "{\"format\": \"nabla-tokenizer\", \"version\": 1, \"type\": \"word\", \"lowercase\": true,"
                + " \"tokens\": [\"<pad>\", \"<unk>\", 3]}").contains("entry 2 of \"tokens\""));
        assertTrue(loadError("nospecials.json", "{\"format\": \"nabla-tokenizer\", \"version\": 1, \"type\": \"char\", \"tokens\": [\"a\", \"b\"]}")
                .contains("<pad>"));
        assertTrue(loadError("longchar.json", "{\"format\": \"nabla-tokenizer\", \"version\": 1, \"type\": \"char\","
                + " \"tokens\": [\"<pad>\", \"<unk>\", \"ab\"]}").contains("not a single character"));
        assertTrue(loadError("badmerge.json", "{\"format\": \"nabla-tokenizer\", \"version\": 1, \"type\": \"bpe\", \"merges\": [[97, 300]]}")
                .contains("merge 0"));
        assertTrue(loadError("badpair.json", "{\"format\": \"nabla-tokenizer\", \"version\": 1, \"type\": \"bpe\", \"merges\": [[97]]}")
                .contains("not a pair of ids"));
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        assertTrue(assertThrows(DataFileException.class, () -> TokenizerFiles.load(latin1)).getMessage().contains("not valid UTF-8"));
        Path missing = dir.resolve("missing.json");
        assertTrue(assertThrows(DataFileException.class, () -> Vocabulary.load(missing)).getMessage().contains(missing + ": no such file"));
    }
}
