package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.ml.GlmRegressionModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 (6): a corrupted or foreign model directory is one clear error naming the directory and what is wrong,
 * from {@code GlmRegressionModel.load} (an {@link IllegalArgumentException}) and from {@code sparkglm predict} and
 * {@code sparkglm summary} (exit status 2, one line), never a stack trace. Each case corrupts a copy of one model
 * saved by {@code train --save-model} (the files are edited without their Hadoop {@code .crc}, so what is read is
 * the corrupted content, not a checksum error).
 */
class CorruptModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  static Path shared;
  private static Path good;
  private static String data;

  @TempDir
  Path tmp;

  @BeforeAll
  static void saveAModel() throws Exception {
    SparkTestSession.get();
    data = Path.of(CorruptModelTest.class.getResource("/reference/data/gauss_tiny.csv").toURI()).toString();
    good = shared.resolve("model");
    Object[] r = run("train", "--data", data, "--family", "gaussian", "--out", shared.resolve("fit").toString(),
        "--save-model", good.toString());
    assertEquals(0, r[0], (String) r[1]);
  }

  /** Runs the command, returning {exit code, stderr, stdout}. */
  private static Object[] run(String... args) {
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = SparkGlm.run(args);
      return new Object[] {code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
    }
  }

  /** A copy of the good model, changed by {@code corrupt}. */
  private Path corrupted(String name, IoConsumer corrupt) throws IOException {
    Path dir = tmp.resolve(name);
    try (Stream<Path> s = Files.walk(good)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.copy(p, dir.resolve(good.relativize(p).toString()));
      }
    }
    corrupt.accept(dir);
    return dir;
  }

  private interface IoConsumer {
    void accept(Path dir) throws IOException;
  }

  /** The metadata part file (its .crc deleted, so that an edit is read as it is). */
  private static Path metadataFile(Path model) throws IOException {
    try (Stream<Path> s = Files.list(model.resolve("metadata"))) {
      for (Path p : s.toList()) {
        if (p.getFileName().toString().endsWith(".crc")) {
          Files.delete(p);
        }
      }
    }
    try (Stream<Path> s = Files.list(model.resolve("metadata"))) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
    }
  }

  private static void editParams(Path model, Consumer<ObjectNode> edit) throws IOException {
    Path file = metadataFile(model);
    ObjectNode meta = (ObjectNode) JSON.readTree(Files.readString(file).strip());
    edit.accept((ObjectNode) meta.get("paramMap"));
    Files.writeString(file, JSON.writeValueAsString(meta) + "\n");
  }

  private static void editSummary(Path model, Consumer<ObjectNode> edit) throws IOException {
    Path file = model.resolve(ModelFiles.SUMMARY);
    ObjectNode s = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(s);
    Files.writeString(file, JSON.writeValueAsString(s));
  }

  private static void replaceData(Path model, Dataset<Row> rows) throws IOException {
    OutputDirectory.deleteRecursively(model.resolve("data"));
    rows.coalesce(1).write().parquet(model.resolve("data").toString());
  }

  private static void assertLoadFails(Path model, String what) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GlmRegressionModel.load(model.toString()));
    assertTrue(e.getMessage().startsWith("cannot load a GlmRegressionModel from " + model + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(what), e.getMessage());
  }

  /** {@code sparkglm predict} (and {@code summary} when {@code summaryToo}) exit with 2 and one line naming both. */
  private void assertCommandsFail(Path model, String what, boolean summaryToo) {
    Path out = tmp.resolve(model.getFileName() + "-pred.csv");
    List<String[]> commands = new java.util.ArrayList<>();
    commands.add(new String[] {"predict", "--model", model.toString(), "--data", data, "--out", out.toString()});
    if (summaryToo) {
      commands.add(new String[] {"summary", "--model", model.toString()});
    }
    for (String[] args : commands) {
      Object[] r = run(args);
      String err = ((String) r[1]).strip();
      assertEquals(2, r[0], args[0] + ": " + err);
      assertFalse(err.contains("\n"), args[0] + ": one line: " + err);
      assertTrue(err.startsWith("sparkglm: ") && err.contains(model.toString()) && err.contains(what),
          args[0] + ": " + err);
      assertFalse(err.contains("NullPointerException") || err.contains("\tat "), err);
      assertEquals("", r[2], args[0] + " printed nothing");
    }
    assertFalse(Files.exists(out), "predict wrote nothing");
  }

  @Test
  void theGoodModelLoadsPredictsAndSummarizes() throws Exception {
    Path model = corrupted("good", dir -> { });
    assertEquals(3, GlmRegressionModel.load(model.toString()).numFeatures());
    assertEquals(0, run("predict", "--model", model.toString(), "--data", data, "--out",
        tmp.resolve("p.csv").toString())[0]);
    Object[] r = run("summary", "--model", model.toString());
    assertEquals(0, r[0], (String) r[1]);
    assertTrue(((String) r[2]).contains("Residual deviance"), (String) r[2]);
  }

  @Test
  void anAbsentDirectory() throws Exception {
    Path model = tmp.resolve("absent");
    assertLoadFails(model, "it does not exist");
    assertCommandsFail(model, "it does not exist", true);
  }

  @Test
  void noMetadata() throws Exception {
    Path model = corrupted("no-metadata", dir -> OutputDirectory.deleteRecursively(dir.resolve("metadata")));
    assertLoadFails(model, "it has no metadata/");
    assertCommandsFail(model, "it has no metadata/", true);
  }

  @Test
  void metadataOfAnotherClassAnMllibLogisticRegressionModel() throws Exception {
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features",
        SQLDataTypes.VectorType());
    Dataset<Row> rows = SparkTestSession.get().createDataFrame(List.of(RowFactory.create(0.0, Vectors.dense(0.0)),
        RowFactory.create(1.0, Vectors.dense(1.0)), RowFactory.create(1.0, Vectors.dense(2.0))), schema);
    Path model = tmp.resolve("mllib-lr");
    new LogisticRegression().setMaxIter(5).fit(rows).write().save(model.toString());
    String what = "its metadata is of class org.apache.spark.ml.classification.LogisticRegressionModel, not "
        + "io.sparkglm.spark.ml.GlmRegressionModel";
    assertLoadFails(model, what);
    assertCommandsFail(model, what, true);
  }

  @Test
  void truncatedMetadataJson() throws Exception {
    Path model = corrupted("truncated-metadata", dir -> {
      Path f = metadataFile(dir);
      String json = Files.readString(f);
      Files.writeString(f, json.substring(0, json.length() / 2));
    });
    assertLoadFails(model, "metadata/ is not spark.ml metadata JSON");
    assertCommandsFail(model, "metadata/ is not spark.ml metadata JSON", true);
  }

  @Test
  void garbageMetadata() throws Exception {
    Path model = corrupted("garbage-metadata", dir -> Files.writeString(metadataFile(dir), "\u00ac\u00ed garbage {"));
    assertLoadFails(model, "metadata/ is not spark.ml metadata JSON");
    assertCommandsFail(model, "metadata/ is not spark.ml metadata JSON", true);
  }

  @Test
  void metadataWithAParamValueThisModelCannotUse() throws Exception {
    Path model = corrupted("bad-family", dir -> editParams(dir, p -> p.put("family", "nosuch")));
    assertLoadFails(model, "metadata/ has params this model cannot take");
    assertLoadFails(model, "nosuch");
    assertCommandsFail(model, "nosuch", false);
    model = corrupted("unknown-param", dir -> editParams(dir, p -> p.put("noSuchParam", 1)));
    assertLoadFails(model, "noSuchParam");
  }

  @Test
  void featureColsOfAnotherLengthThanTheCoefficients() throws Exception {
    Path model = corrupted("feature-cols", dir -> editParams(dir, p -> p.putArray("featureCols").add("a").add("b")));
    String what = "featureCols names 2 columns but data/ has 3 coefficients";
    assertLoadFails(model, what);
    assertCommandsFail(model, what, false);
  }

  @Test
  void summaryFeatureNamesOfAnotherLengthThanTheModel() throws Exception {
    Path model = corrupted("summary-two-features", dir -> editSummary(dir, s -> {
      ((ArrayNode) s.get("featureNames")).remove(2);
      ((ArrayNode) s.get("coefficients")).remove(2);
    }));
    assertEquals(3, GlmRegressionModel.load(model.toString()).numFeatures(), "the spark.ml model itself is fine");
    assertCommandsFail(model, "summary.json names 2 features but data/ has 3 coefficients", false);
    model = corrupted("summary-inconsistent", dir -> editSummary(dir, s -> ((ArrayNode) s.get("featureNames"))
        .remove(2)));
    assertCommandsFail(model, "summary.json has 2 featureNames but 3 coefficients", true);
  }

  @Test
  void noData() throws Exception {
    Path model = corrupted("no-data", dir -> OutputDirectory.deleteRecursively(dir.resolve("data")));
    assertLoadFails(model, "it has no data/");
    assertCommandsFail(model, "it has no data/", true);
  }

  @Test
  void dataOfAnotherSchema() throws Exception {
    Path model = corrupted("data-schema", dir -> replaceData(dir, SparkTestSession.get()
        .createDataFrame(List.of(RowFactory.create(1, "x")), new StructType().add("a", DataTypes.IntegerType)
            .add("b", DataTypes.StringType))));
    String what = "data/ has columns struct<a:int,b:string>; expected intercept double and coefficients vector";
    assertLoadFails(model, what);
    assertCommandsFail(model, what, false);
  }

  @Test
  void dataWithoutARow() throws Exception {
    StructType schema = new StructType().add("intercept", DataTypes.DoubleType, false)
        .add("coefficients", SQLDataTypes.VectorType(), false);
    Path model = corrupted("data-empty", dir -> replaceData(dir, SparkTestSession.get()
        .createDataFrame(List.<Row>of(), schema)));
    assertLoadFails(model, "data/ must hold one row with an intercept and coefficients, has none");
    assertCommandsFail(model, "has none", false);
  }

  @Test
  void aCoefficientThatIsNotFinite() throws Exception {
    StructType schema = new StructType().add("intercept", DataTypes.DoubleType, false)
        .add("coefficients", SQLDataTypes.VectorType(), false);
    Path model = corrupted("data-nan", dir -> replaceData(dir, SparkTestSession.get()
        .createDataFrame(List.of(RowFactory.create(0.5, Vectors.dense(1.0, Double.NaN, 2.0))), schema)));
    assertLoadFails(model, "coefficient 1 is NaN");
    assertCommandsFail(model, "coefficient 1 is NaN", false);
  }

  @Test
  void dataThatIsNotParquet() throws Exception {
    Path model = corrupted("data-garbage", dir -> {
      OutputDirectory.deleteRecursively(dir.resolve("data"));
      Files.createDirectory(dir.resolve("data"));
      Files.writeString(dir.resolve("data/part-00000.snappy.parquet"), "not parquet at all");
    });
    assertLoadFails(model, "data/ is not readable Parquet");
    assertCommandsFail(model, "data/ is not readable Parquet", false);
  }

  @Test
  void noSummaryJson() throws Exception {
    Path model = corrupted("no-summary", dir -> Files.delete(dir.resolve(ModelFiles.SUMMARY)));
    assertEquals(3, GlmRegressionModel.load(model.toString()).numFeatures(), "the spark.ml model itself is fine");
    assertCommandsFail(model, "no summary.json", true);
  }

  @Test
  void malformedSummaryJson() throws Exception {
    Path model = corrupted("summary-truncated", dir -> {
      String s = Files.readString(dir.resolve(ModelFiles.SUMMARY));
      Files.writeString(dir.resolve(ModelFiles.SUMMARY), s.substring(0, s.length() / 2));
    });
    assertCommandsFail(model, "summary.json is not valid JSON", true);
    model = corrupted("summary-array", dir -> Files.writeString(dir.resolve(ModelFiles.SUMMARY), "[1, 2]"));
    assertCommandsFail(model, "summary.json is not a JSON object", true);
    model = corrupted("summary-no-family", dir -> editSummary(dir, s -> s.remove("family")));
    assertCommandsFail(model, "summary.json has no family", true);
  }
}
