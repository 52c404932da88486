package dev.nabla.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-level BPE: hand-checked merges on small corpora, tie-breaking, round trips on seen and unseen text. */
class BpeTokenizerTest {
    private static String token(BpeTokenizer t, int id) {
        return new String(t.tokenBytes(id), StandardCharsets.UTF_8);
    }

    @Test
    void piecesCoverTheText() {
        assertEquals(List.of("Hello", ",", " world", "  ", " 42", "!!", "\n"), BpeTokenizer.pieces("Hello, world   42!!\n"));
    }

    /**
     * "low low low lower lowest" cuts into low x1, " low" x2, " lower" x1, " lowest" x1. Pair counts:
     * (l,o) 5 and (o,w) 5 tie, 'l' < 'o' so "lo" first; then (lo,w) 5 -> "low"; (' ',low) 4 -> " low";
     * (" low",e) 2 -> " lowe"; every remaining pair occurs once, so training stops at 4 merges.
     */
    @Test
    void learnsTheHandCountedMerges() {
        BpeTokenizer t = BpeTokenizer.train("low low low lower lowest", 1000);
        assertArrayEquals(new int[][] {{'l', 'o'}, {256, 'w'}, {' ', 257}, {258, 'e'}}, t.merges());
        assertEquals(List.of("lo", "low", " low", " lowe"), List.of(token(t, 256), token(t, 257), token(t, 258), token(t, 259)));
        assertEquals(260, t.vocabSize());
        assertEquals(List.of("low", "e", "s", "t", " low", " lowe", "r"), t.tokenize("lowest low lower"));
        assertArrayEquals(new int[] {257, 'e', 's', 't', 258, 259, 'r'}, t.encode("lowest low lower"));
        // a vocabulary size stops training early
        BpeTokenizer two = BpeTokenizer.train("low low low lower lowest", 258);
        assertArrayEquals(new int[][] {{'l', 'o'}, {256, 'w'}}, two.merges());
        assertEquals(List.of("low", "e", "s", "t"), two.tokenize("lowest"));
    }

    /**
     * "ab ab ba ba": pieces "ab", " ab", " ba" x2. (a,b), (' ',b) and (b,a) occur twice each: ' ' (0x20)
     * sorts first, so " b"; then (a,b) and (" b",a) tie at 2 and " b" sorts before "a", so " ba"; then
     * (a,b) -> "ab"; the rest occur once.
     */
    @Test
    void tiesGoToTheLexicographicallySmallerPair() {
        BpeTokenizer t = BpeTokenizer.train("ab ab ba ba", 1000);
        assertEquals(" b", token(t, 256));
        assertEquals(" ba", token(t, 257));
        assertEquals("ab", token(t, 258));
        assertEquals(3, t.merges().length);
        assertArrayEquals(BpeTokenizer.train("ab ab ba ba", 1000).merges(), t.merges());
    }

    @Test
    void roundTripsSeenAndUnseenText() {
        String corpus = TextCorpusTest.gpl();
        BpeTokenizer t = BpeTokenizer.train(corpus, 512);
        assertEquals(512, t.vocabSize());
        int[] ids = t.encode(corpus);
        assertEquals(corpus, t.decode(ids));
        int bytes = corpus.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(ids.length < bytes / 2, "512 tokens compress the GPL text " + bytes + " bytes -> " + ids.length + " tokens");
        for (String unseen : List.of("Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich 🙂",
                "日本語のテキスト", "tabs\tand\r\nnewlines  and   spaces ", "", "x")) {
            assertEquals(unseen, t.decode(t.encode(unseen)), unseen);
        }
        // learned tokens are real words of the license
        assertTrue(t.tokenize(" the License").contains(" License"), t.tokenize(" the License").toString());
        // a token that cuts a character shows its bytes
        BpeTokenizer bytesOnly = new BpeTokenizer(new int[0][]);
        assertEquals(List.of("<0xC3>", "<0xB6>"), bytesOnly.tokenize("ö"));
        assertThrows(IllegalArgumentException.class, () -> BpeTokenizer.train("abc", 100));
        assertThrows(IllegalArgumentException.class, () -> new BpeTokenizer(new int[][] {{1, 256}}));
    }
}
