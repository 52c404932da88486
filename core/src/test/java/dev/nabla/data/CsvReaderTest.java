package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV reading: label selection, categorical mappings, quoting, and errors that name file:line:column. */
class CsvReaderTest {
    @TempDir
    Path dir;

    static CsvTable read(CsvReader r, String text) {
        return r.read(new StringReader(text), "t.csv");
    }

    static DataFileException fails(CsvReader r, String text) {
        return assertThrows(DataFileException.class, () -> read(r, text));
    }

    @Test
    void readsTheSmallIrisSampleWithNamedCategoricalLabel() throws Exception {
        Path f = Path.of(CsvReaderTest.class.getResource("/data/iris-sample.csv").toURI());
        CsvTable t = new CsvReader().label("species").read(f);
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), t.featureNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), t.labelClasses());
        assertEquals(9, t.data().size());
        assertArrayEquals(new int[] {9, 4}, t.data().x().dims());
        assertEquals(DType.INT64, t.data().y().dtype());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2}, t.data().y().toIntArray());
        assertEquals(5.1f, t.data().x().get(0, 0), 0);
        assertEquals(1.8f, t.data().x().get(8, 3), 0);
        assertEquals(3, t.data().numClasses());
    }

    @Test
    void categoricalFeaturesAreMappedAndTheMappingCanBeReused() {
        String train = "id,color,size,y\n1,red,1.5,0\n2,blue,2,1\n3,green,-3e-1,1\n4,red,4,2\n";
        CsvTable t = read(new CsvReader().categorical("color").ignore("id"), train);
        assertEquals(List.of("color", "size"), t.featureNames());
        assertEquals(Map.of("color", List.of("blue", "green", "red")), t.categories());
        assertArrayEquals(new float[] {2, 1.5f, 0, 2, 1, -0.3f, 2, 4}, t.data().x().toFloatArray(), 1e-7f);
        assertArrayEquals(new int[] {0, 1, 1, 2}, t.data().y().toIntArray(), "integer labels are class indices as they stand");
        assertEquals(List.of(), t.labelClasses());
        // a test file read with the training mapping: same indices, unknown values rejected
        CsvTable test = read(new CsvReader().categories(t.categories()).ignore("id"), "id,color,size,y\n9,red,1,0\n");
        assertEquals(2f, test.data().x().get(0, 0), 0);
        DataFileException e = fails(new CsvReader().categories(t.categories()).ignore("id"), "id,color,size,y\n9,pink,1,0\n");
        assertTrue(e.getMessage().startsWith("t.csv:2:2: value 'pink' of column 'color'"), e.getMessage());
    }

    @Test
    void labelByIndexRegressionAndQuoting() {
        String text = "\uFEFFtarget,\"a, quoted\",b\n\n0.5,\"1\",2\n-1.25, 3 ,\"4\"\n";
        CsvTable t = read(new CsvReader().label(0).labelKind(CsvReader.LabelKind.REGRESSION), text);
        assertEquals("target", t.labelName());
        assertEquals(List.of("a, quoted", "b"), t.featureNames());
        assertEquals(DType.FLOAT32, t.data().y().dtype());
        assertArrayEquals(new float[] {0.5f, -1.25f}, t.data().y().toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.data().x().toFloatArray());
        CsvTable q = read(new CsvReader().categorical("name"), "name,v,y\n\"say \"\"hi\"\"\",1,a\nplain,2,b\n");
        assertEquals(List.of("plain", "say \"hi\""), q.categories().get("name"));
        assertEquals(List.of("a", "b"), q.labelClasses());
        CsvTable semi = read(new CsvReader().delimiter(';').label(-2), "a;b;c\n1;2;3\n");
        assertEquals("b", semi.labelName());
        assertArrayEquals(new float[] {1, 3}, semi.data().x().toFloatArray());
        CsvTable special = read(new CsvReader(), "a,y\nNaN,0\n-inf,1\n");
        assertTrue(Float.isNaN(special.data().x().toFloatArray()[0]));
        assertEquals(Float.NEGATIVE_INFINITY, special.data().x().toFloatArray()[1]);
    }

    @Test
    void badNumbersNameFileLineAndColumn() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.csv"), "a,b,y\n1,2,0\n3,x7,1\n");
        DataFileException e = assertThrows(DataFileException.class, () -> new CsvReader().read(f));
        assertTrue(e.getMessage().startsWith(f + ":3:2: cannot parse 'x7' as a number in column 'b'"), e.getMessage());
        // Java-only number forms are not numbers in a CSV
        e = fails(new CsvReader(), "a,y\n1.5f,0\n");
        assertTrue(e.getMessage().startsWith("t.csv:2:1: cannot parse '1.5f'"), e.getMessage());
        e = fails(new CsvReader(), "a,b,y\n1,,0\n");
        assertTrue(e.getMessage().startsWith("t.csv:2:2: empty value in column 'b'"), e.getMessage());
        e = fails(new CsvReader().labelKind(CsvReader.LabelKind.CLASS_INDEX), "a,y\n1,0\n2,-1\n");
        assertTrue(e.getMessage().startsWith("t.csv:3:2: label '-1'"), e.getMessage());
        e = fails(new CsvReader().labelKind(CsvReader.LabelKind.REGRESSION), "a,y\n1,0\n2,z\n");
        assertTrue(e.getMessage().startsWith("t.csv:3:2: cannot parse 'z'"), e.getMessage());
    }

    @Test
    void malformedFilesAreRejected() {
        DataFileException e = fails(new CsvReader(), "a,b,y\n1,2,0\n1,2\n");
        assertTrue(e.getMessage().startsWith("t.csv:3: 2 fields, the header has 3"), e.getMessage());
        e = fails(new CsvReader(), "a,y\n\"1,0\n");
        assertTrue(e.getMessage().contains("t.csv:2:1: unterminated quoted field"), e.getMessage());
        e = fails(new CsvReader(), "a,y\n\"1\"x,0\n");
        assertTrue(e.getMessage().contains("after a closing quote"), e.getMessage());
        e = fails(new CsvReader(), "");
        assertTrue(e.getMessage().contains("no header"), e.getMessage());
        e = fails(new CsvReader(), "a,y\n");
        assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
        e = fails(new CsvReader(), "a,a\n1,2\n");
        assertTrue(e.getMessage().contains("'a' appears twice"), e.getMessage());
        e = fails(new CsvReader().label("z"), "a,y\n1,2\n");
        assertTrue(e.getMessage().contains("no label column 'z'; columns are [a, y]"), e.getMessage());
        e = fails(new CsvReader().categorical("q"), "a,y\n1,2\n");
        assertTrue(e.getMessage().contains("no categorical column 'q'"), e.getMessage());
        e = fails(new CsvReader(), "a,y\n1,0.5\n2,1\n");
        assertTrue(e.getMessage().contains("REGRESSION"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> new CsvReader().read(dir.resolve("nope.csv")));
        assertTrue(e.getMessage().contains("nope.csv: no such CSV file"), e.getMessage());
    }
}
