package io.sparkglm.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.LabelValidator;
import io.sparkglm.spark.SparkTestSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad value is reported with its file, its 1-based line (header included) and its column. */
class BlockLoaderErrorsTest {
  /** Labels in {0, 1}, as for the binomial family. */
  private static final LabelValidator BINARY = new LabelValidator() {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isValidLabel(double y) {
      return y == 0.0 || y == 1.0;
    }

    @Override
    public String labelDomain() {
      return "{0, 1}";
    }
  };

  @TempDir
  Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  private String failure(DataSpec spec) {
    LoadedData data = BlockLoader.load(spark, spec, BINARY);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BlockLoader.runAction(() -> data.blocks().count()));
    return e.getMessage();
  }

  private DataSpec csv(String body, String name) throws IOException {
    Path file = Files.writeString(dir.resolve(name), "y,x1,wt,x3,off\n" + body);
    return DataSpec.of(file.toString()).withLabelCol("y").withWeightCol("wt").withOffsetCol("off");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "1,2,1,abc,0       | line 4, column 'x3': value 'abc' is not a number",
      "1,2,1,3,          | line 4, column 'off': value '' is not a number",
      "NaN,2,1,3,0       | line 4, column 'y': value 'NaN' is not finite",
      "1,Infinity,1,3,0  | line 4, column 'x1': value 'Infinity' is not finite",
      "2,1,1,3,0         | line 4, column 'y': label 2.0 is not valid; expected {0, 1}",
      "1,1,-0.5,3,0      | line 4, column 'wt': weight -0.5 is negative",
      "1,1,NaN,3,0       | line 4, column 'wt': value 'NaN' is not finite",
      "1,1,1,3           | line 4, column 'off': missing: line has 4 fields, the header has 5",
      "1,1,1,3,0,9       | line 4, field 6: line has 6 fields, the header has 5"})
  void csvErrors(String badLine, String expected) throws IOException {
    String message = failure(csv("0,1,1,2,0\n1,0.5,0,2,0\n" + badLine + "\n0,1,1,1,1\n", "data.csv"));
    assertTrue(message.startsWith(dir.resolve("data.csv") + " " + expected.strip()), message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "1 2:1 abc      | line 3, token 3 'abc': expected index:value",
      "1 0:1          | line 3, token 2 '0:1': index '0' is not an integer >= 1",
      "1 x:1          | line 3, token 2 'x:1': index 'x' is not an integer >= 1",
      "1 3:1 2:1      | line 3, token 3 '2:1': index 2 does not increase (previous index 3)",
      "1 3:1 3:2      | line 3, token 3 '3:2': index 3 does not increase (previous index 3)",
      "1 2:abc        | line 3, token 2 '2:abc': value 'abc' is not a number",
      "1 2:inf        | line 3, token 2 '2:inf': value 'inf' is not a number",
      "1 2:Infinity   | line 3, token 2 '2:Infinity': value 'Infinity' is not finite",
      "1 9:1          | line 3, token 2 '9:1': index 9 exceeds numFeatures 4",
      "0.5 1:1        | line 3, token 1 (label): label 0.5 is not valid; expected {0, 1}",
      "one 1:1        | line 3, token 1 (label): value 'one' is not a number"})
  void libsvmErrors(String badLine, String expected) throws IOException {
    Path file = Files.writeString(dir.resolve("data.libsvm"), "0 1:1 4:2\n1\n" + badLine + "\n0 2:1\n");
    String message = failure(DataSpec.of(file.toString()).withNumFeatures(4));
    assertTrue(message.startsWith(file + " " + expected.strip()), message);
  }

  @Test
  void inferredNumFeaturesStillReportsBadTokens() throws IOException {
    Path file = Files.writeString(dir.resolve("infer.svm"), "0 1:1\n1 2:1 2:3\n");
    String message = failure(DataSpec.of(file.toString()));
    assertTrue(message.startsWith(file + " line 2, token 3 '2:3': index 2 does not increase"), message);
  }

  @Test
  void lineNumbersCountCrLfAndSurviveManyPartitions() throws IOException {
    StringBuilder sb = new StringBuilder("y,x1,wt,x3,off\r\n");
    for (int i = 0; i < 200; i++) {
      sb.append(i == 150 ? "1,1,1,oops,0" : "1,1,1,1,0").append("\r\n");
    }
    Path file = Files.writeString(dir.resolve("crlf.csv"), sb);
    DataSpec spec = DataSpec.of(file.toString()).withLabelCol("y").withWeightCol("wt").withOffsetCol("off")
        .withPartitions(5);
    assertTrue(failure(spec).startsWith(file + " line 152, column 'x3': value 'oops'"));
  }

  @Test
  void gzipFilesAreCountedDecompressed() throws IOException {
    Path file = dir.resolve("data.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("y,x1,wt,x3,off\n1,1,1,1,0\n0,1,1,1,0\n1,1,1,1,zz\n".getBytes(StandardCharsets.UTF_8));
    }
    DataSpec spec = DataSpec.of(file.toString()).withLabelCol("y").withWeightCol("wt").withOffsetCol("off");
    assertTrue(failure(spec).startsWith(file + " line 4, column 'off': value 'zz'"), failure(spec));
  }

  @Test
  void secondPartFileIsNamedWithItsOwnLineNumbers() throws IOException {
    Path parts = Files.createDirectories(dir.resolve("parts"));
    Files.writeString(parts.resolve("part-0.csv"), "a,label\n1,0\n2,1\n");
    Files.writeString(parts.resolve("part-1.csv"), "a,label\n1,1\n2,7\n");
    String message = failure(DataSpec.of(parts.toString(), DataFormat.CSV));
    assertTrue(message.startsWith(parts.resolve("part-1.csv") + " line 3, column 'label': label 7.0"), message);
  }

  @Test
  void partFileWithAnotherHeaderIsRejected() throws IOException {
    Path parts = Files.createDirectories(dir.resolve("parts"));
    Files.writeString(parts.resolve("part-0.csv"), "a,label\n1,0\n");
    Files.writeString(parts.resolve("part-1.csv"), "label,a\n1,1\n");
    String message = failure(DataSpec.of(parts.toString(), DataFormat.CSV));
    assertTrue(message.startsWith(parts.resolve("part-1.csv") + " line 1, header: header 'label,a' differs"),
        message);
  }

  @Test
  void missingCsvColumnListsTheHeader() throws IOException {
    DataSpec spec = csv("1,1,1,1,0\n", "cols.csv").withWeightCol("weight");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BlockLoader.load(spark, spec, BINARY));
    assertTrue(e.getMessage().contains("weight column 'weight' is not in the header [y, x1, wt, x3, off]"),
        e.getMessage());
  }

  @Test
  void csvNumFeaturesMustMatchTheHeader() throws IOException {
    DataSpec spec = csv("1,1,1,1,0\n", "p.csv").withNumFeatures(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BlockLoader.load(spark, spec, BINARY));
    assertTrue(e.getMessage().contains("numFeatures 3 does not match the 2 feature columns"), e.getMessage());
  }

  @Test
  void missingPathIsReported() {
    String path = dir.resolve("nope.csv").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BlockLoader.load(spark, DataSpec.of(path), BINARY));
    assertEquals("no input files at " + path, e.getMessage());
  }

  @Test
  void libsvmRejectsWeightAndOffsetColumns() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataSpec.of("data.libsvm").withWeightCol("w"));
    assertTrue(e.getMessage().contains("weightCol 'w'") && e.getMessage().contains("LIBSVM"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DataSpec.of("data.libsvm").withOffsetCol("o"));
  }

  @Test
  void translateWithoutDataErrorReturnsTheFailure() {
    IllegalStateException other = new IllegalStateException("boom");
    assertSame(other, BlockLoader.translate(other));
    assertSame(other, assertThrows(IllegalStateException.class, () -> BlockLoader.runAction(() -> {
      throw other;
    })));
    Exception checked = new Exception("checked");
    assertSame(checked, BlockLoader.translate(checked).getCause());
  }

  @Test
  void translateFindsTheDataErrorInTheCauseChain() {
    RuntimeException wrapped = new RuntimeException("job failed",
        DataFormatException.inRow("t.parquet", "partition 1 row 2", "column 'w'", "value is null"));
    RuntimeException e = BlockLoader.translate(wrapped);
    assertEquals("t.parquet partition 1 row 2, column 'w': value is null", e.getMessage());
  }

  @Test
  void requireNonEmptyNamesTheSource() {
    BlockLoader.requireNonEmpty(1, "x.csv");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BlockLoader.requireNonEmpty(0, "x.csv"));
    assertTrue(e.getMessage().startsWith("no training rows in x.csv"));
  }
}
