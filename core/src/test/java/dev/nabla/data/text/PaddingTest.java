package dev.nabla.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.data.text.Padding.Padded;
import dev.nabla.data.text.Padding.Side;
import dev.nabla.tensor.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keras pad_sequences semantics: padding and truncating 'pre' or 'post', value, maxlen. */
class PaddingTest {
    private static final List<int[]> SEQS = List.of(new int[] {1, 2, 3}, new int[] {4, 5}, new int[] {6, 7, 8, 9, 10}, new int[0]);

    private static void assertPadded(Padded p, int[] ids, int[] mask, int[] lengths) {
        assertArrayEquals(ids, p.ids().toIntArray());
        assertArrayEquals(mask, p.mask().toIntArray());
        assertArrayEquals(lengths, p.lengths().toIntArray());
    }

    @Test
    void kerasDefaultsPadAndTruncateAtTheFront() {
        Padded p = Padding.pad(SEQS);
        assertEquals(DType.INT64, p.ids().dtype());
        assertEquals(DType.BOOL, p.mask().dtype());
        assertArrayEquals(new int[] {4, 5}, p.ids().dims());
        assertPadded(p, new int[] {0, 0, 1, 2, 3, 0, 0, 0, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0, 0},
                new int[] {0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0}, new int[] {3, 2, 5, 0});
    }

    @Test
    void allFourCombinations() {
        // maxLen 3: [6..10] is cut; "pre" truncation keeps the end, "post" the start
        assertPadded(Padding.pad(SEQS, 3, Side.PRE, Side.PRE, 0),
                new int[] {1, 2, 3, 0, 4, 5, 8, 9, 10, 0, 0, 0}, new int[] {1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0}, new int[] {3, 2, 3, 0});
        assertPadded(Padding.pad(SEQS, 3, Side.POST, Side.PRE, 0),
                new int[] {1, 2, 3, 4, 5, 0, 8, 9, 10, 0, 0, 0}, new int[] {1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0}, new int[] {3, 2, 3, 0});
        assertPadded(Padding.pad(SEQS, 3, Side.PRE, Side.POST, -1),
                new int[] {1, 2, 3, -1, 4, 5, 6, 7, 8, -1, -1, -1}, new int[] {1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0}, new int[] {3, 2, 3, 0});
        assertPadded(Padding.pad(SEQS, 3, Side.POST, Side.POST, 9),
                new int[] {1, 2, 3, 4, 5, 9, 6, 7, 8, 9, 9, 9}, new int[] {1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0}, new int[] {3, 2, 3, 0});
        assertArrayEquals(new int[] {4, 0}, Padding.pad(SEQS, 0, Side.PRE, Side.PRE, 0).ids().dims());
        assertArrayEquals(new int[] {0, 0}, Padding.pad(List.of()).ids().dims());
        assertThrows(IllegalArgumentException.class, () -> Padding.pad(SEQS, -2, Side.PRE, Side.PRE, 0));
    }
}
