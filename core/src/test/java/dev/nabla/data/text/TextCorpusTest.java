package dev.nabla.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Batch;
import dev.nabla.data.DataFileException;
import dev.nabla.data.text.TextCorpus.Part;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TextCorpus on the GPL-3 text: the split, seeded random batches, BPTT-ordered batches, bad files. */
class TextCorpusTest {
    @TempDir
    Path dir;

    static Path gplFile() {
        try {
            return Path.of(TextCorpusTest.class.getResource("/data/gpl-3.txt").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String gpl() {
        try {
            return Files.readString(gplFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void embeddedTextIsTheTestCopyOfGpl3() {
        String text = TextCorpus.embeddedText();
        assertEquals(gpl(), text);
        assertEquals(35149, text.length());
        assertTrue(text.contains("GNU GENERAL PUBLIC LICENSE"));
        TextCorpus c = TextCorpus.embedded();
        assertEquals("embedded:gpl-3", c.name());
        assertTrue(c.vocabSize() > 60 && c.vocabSize() < 100, "character vocabulary of " + c.vocabSize());
    }

    @Test
    void splitsByPositionWithTheLastTenthHeldOut() {
        TextCorpus c = TextCorpus.read(gplFile());
        int n = c.ids().length;
        assertEquals(35149, n);
        assertEquals(3514, c.size(Part.VALIDATION));
        assertEquals(n - 3514, c.size(Part.TRAIN));
        int[] joined = new int[n];
        System.arraycopy(c.ids(Part.TRAIN), 0, joined, 0, c.size(Part.TRAIN));
        System.arraycopy(c.ids(Part.VALIDATION), 0, joined, c.size(Part.TRAIN), c.size(Part.VALIDATION));
        assertArrayEquals(c.ids(), joined);
        String text = c.text();
        assertEquals(text.substring(n - 3514), c.tokenizer().decode(c.ids(Part.VALIDATION)));
    }

    @Test
    void randomBatchesAreSeededNextTokenWindowsOfTheirPart() {
        TextCorpus c = TextCorpus.read(gplFile());
        Batch a = c.randomBatch(Part.TRAIN, 8, 32, Rng.seeded(5));
        Batch b = c.randomBatch(Part.TRAIN, 8, 32, Rng.seeded(5));
        Batch other = c.randomBatch(Part.TRAIN, 8, 32, Rng.seeded(6));
        assertArrayEquals(new int[] {8, 32}, a.x().dims());
        assertEquals(DType.INT64, a.x().dtype());
        assertEquals(DType.INT64, a.y().dtype());
        assertArrayEquals(a.x().toIntArray(), b.x().toIntArray());
        assertArrayEquals(a.y().toIntArray(), b.y().toIntArray());
        assertFalse(Arrays.equals(a.x().toIntArray(), other.x().toIntArray()));
        String train = c.tokenizer().decode(c.ids(Part.TRAIN));
        String val = c.tokenizer().decode(c.ids(Part.VALIDATION));
        for (Part part : Part.values()) {
            Batch batch = c.randomBatch(part, 16, 20, Rng.seeded(9));
            int[] x = batch.x().toIntArray();
            int[] y = batch.y().toIntArray();
            for (int r = 0; r < 16; r++) {
                int[] xr = Arrays.copyOfRange(x, r * 20, r * 20 + 20);
                int[] yr = Arrays.copyOfRange(y, r * 20, r * 20 + 20);
                assertArrayEquals(Arrays.copyOfRange(xr, 1, 20), Arrays.copyOfRange(yr, 0, 19), "targets are the inputs shifted by one");
                String window = c.tokenizer().decode(xr) + c.tokenizer().decode(new int[] {yr[19]});
                assertTrue((part == Part.TRAIN ? train : val).contains(window), part + " window '" + window + "'");
            }
        }
    }

    @Test
    void sequentialBatchesWalkRowsInOrderWithoutOverlap() {
        TextCorpus c = TextCorpus.of("abcdefghijklmnopqrstuvwxyz", "letters", null, 0.0);
        // 26 letters, 3 rows of 8 (two left over): abcdefgh / ijklmnop / qrstuvwx, 7 targets per row
        List<Batch> batches = c.sequentialBatches(Part.TRAIN, 3, 3);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {3, 3}, batches.get(0).x().dims());
        assertArrayEquals(new int[] {3, 1}, batches.get(2).x().dims());
        StringBuilder[] xs = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
        StringBuilder[] ys = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
        for (Batch b : batches) {
            int len = b.x().dim(1);
            int[] x = b.x().toIntArray();
            int[] y = b.y().toIntArray();
            for (int r = 0; r < 3; r++) {
                xs[r].append(c.tokenizer().decode(Arrays.copyOfRange(x, r * len, r * len + len)));
                ys[r].append(c.tokenizer().decode(Arrays.copyOfRange(y, r * len, r * len + len)));
            }
        }
        assertEquals(List.of("abcdefg", "ijklmno", "qrstuvw"), Arrays.stream(xs).map(StringBuilder::toString).toList());
        assertEquals(List.of("bcdefgh", "jklmnop", "rstuvwx"), Arrays.stream(ys).map(StringBuilder::toString).toList());

        TextCorpus gpl = TextCorpus.read(gplFile());
        List<Batch> val = gpl.sequentialBatches(Part.VALIDATION, 4, 64);
        int rowLen = 3514 / 4;
        assertEquals((rowLen - 1 + 63) / 64, val.size());
        int total = 0;
        for (Batch b : val) total += b.x().numel();
        assertEquals(4 * (rowLen - 1), total);
    }

    @Test
    void takesAnyTokenizer() {
        BpeTokenizer bpe = BpeTokenizer.train(gpl(), 300);
        TextCorpus c = TextCorpus.read(gplFile(), bpe, 0.2);
        assertEquals(300, c.vocabSize());
        assertEquals(gpl(), bpe.decode(c.ids()));
        assertEquals((int) Math.floor(0.2 * c.ids().length), c.size(Part.VALIDATION));
        Batch b = c.randomBatch(Part.VALIDATION, 2, 10, Rng.seeded(1));
        assertTrue(Arrays.stream(b.x().toIntArray()).allMatch(i -> i >= 0 && i < 300));
    }

    @Test
    void badFilesAreNamed() throws IOException {
        Path missing = dir.resolve("missing.txt");
        var e1 = assertThrows(DataFileException.class, () -> TextCorpus.read(missing));
        assertEquals(missing + ": no such text file", e1.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertEquals(empty + ": empty text file", assertThrows(DataFileException.class, () -> TextCorpus.read(empty)).getMessage());
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '!'});
        var e3 = assertThrows(DataFileException.class, () -> TextCorpus.read(latin1));
        assertEquals(latin1 + ": not valid UTF-8 text (malformed byte sequence at byte offset 3)", e3.getMessage());
        Path bom = Files.write(dir.resolve("bom.txt"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i', '!', '!'});
        assertEquals("hi!!", TextCorpus.read(bom).text());
        TextCorpus tiny = TextCorpus.read(bom, null, 0.25);
        var e4 = assertThrows(IllegalArgumentException.class, () -> tiny.randomBatch(Part.VALIDATION, 1, 4, Rng.seeded(1)));
        assertTrue(e4.getMessage().contains("VALIDATION") && e4.getMessage().contains(bom.toString()), e4.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TextCorpus.read(bom, null, 1.0));
    }
}
