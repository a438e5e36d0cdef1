package io.sparkglm.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.spark.SparkTestSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.LineReader;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzz test of a saved model's {@code metadata/} (the class, uid and Params as JSON; issue 14 (3)).
 * The fuzzer's bytes are the metadata file of a valid model; the result must be a model whose Params all read back
 * with their types and whose family and link resolve, or one {@link IllegalArgumentException} naming the
 * directory ("cannot load a GlmRegressionModel from DIR: ..."), the CLI's exit 2. Anything else is a finding.
 *
 * <p>{@link #metadata} runs the JSON part of {@code GlmModelPersistence.Reader.load} without Spark (the loader
 * reads the file's first line with a Spark job, which would make each input cost a job);
 * {@link #metadataSeedsLoadAlikeThroughSpark} checks that every seed ends the same through the real loader.
 * The seeds include four inputs fuzzing found wrong before the loader checked the Params' JSON types: a number or
 * boolean for a String Param (Spark's reader threw "The default jsonDecode only supports string, vector and
 * matrix", naming no Param) and a JSON object for one (loaded as a vector inside a String Param).
 */
class ModelMetadataFuzzTest {
  private static final String DIR = "/fuzz/model";
  private static final Vector COEFFICIENTS = Vectors.dense(0.5, -1.0);
  private static final double INTERCEPT = 0.25;

  @TempDir
  Path tmp;

  @FuzzTest(maxDuration = "60s")
  void metadata(byte[] bytes) throws IOException {
    String line = firstLine(bytes);
    if (line == null) {
      return; // Spark's textFile(...).first() fails on an empty file; the loader wraps that (CorruptModelTest)
    }
    GlmRegressionModel model;
    try {
      model = load(DIR, line);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage() != null && e.getMessage().startsWith("cannot load a GlmRegressionModel from " + DIR
          + ": ") && e.getMessage().length() > DIR.length() + 40, () -> "message " + e.getMessage());
      return;
    }
    checkUsable(model);
  }

  /** What the loader does with the metadata line, given the data row. */
  static GlmRegressionModel load(String dir, String line) {
    return GlmModelPersistence.Reader.model(dir, GlmModelPersistence.Reader.metadata(dir, line), COEFFICIENTS,
        INTERCEPT);
  }

  /** The first line of a text file as Hadoop's line reader (Spark's textFile) reads it; null when empty. */
  private static String firstLine(byte[] bytes) throws IOException {
    try (LineReader reader = new LineReader(new ByteArrayInputStream(bytes))) {
      Text text = new Text();
      if (reader.readLine(text) == 0) {
        return null;
      }
      return text.toString();
    }
  }

  /** Every Param reads back with its type; the family and link resolve (transform and evaluate parse them). */
  private static void checkUsable(GlmRegressionModel model) {
    for (Param<?> param : model.params()) {
      Object value = model.getOrDefault(param);
      Class<?> type = param instanceof DoubleParam ? Double.class : param instanceof BooleanParam ? Boolean.class
          : param instanceof IntParam ? Integer.class : param instanceof StringArrayParam ? String[].class
          : param instanceof org.apache.spark.ml.param.DoubleArrayParam ? double[].class : String.class;
      assertTrue(type.isInstance(value), () -> "Param " + param.name() + " holds a " + value.getClass().getName()
          + ", not a " + type.getSimpleName());
    }
    double variancePower = (Double) model.getOrDefault(model.variancePower());
    Family family = Family.parse(model.getOrDefault(model.family()), variancePower);
    String link = model.getOrDefault(model.link());
    GlmLoss.of(family, link.isEmpty() ? family.defaultLink() : Link.parse(link));
  }

  /** The fuzzer's earlier findings, each now one message naming the Param, its value and the type it needs. */
  @Test
  void paramsOfTheWrongJsonTypeAreNamed() throws Exception {
    String[][] cases = {
        {"number-for-string-param.json", "paramMap has param solver = 7; it must be a string"},
        {"bool-label-col.json", "paramMap has param labelCol = true; it must be a string"},
        {"number-for-string-default-param.json", "defaultParamMap has param labelCol = 1.0E-7; it must be a string"},
        {"vector-for-string-param.json", "paramMap has param solver = {\"type\":1,\"values\":[1.0]}; it must be a "
            + "string"},
        {"unknown-param.json", "which is not a param of GlmRegressionModel"}};
    for (String[] c : cases) {
      String line = Files.readString(seeds().resolve(c[0]), StandardCharsets.UTF_8).strip();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(DIR, line), c[0]);
      assertTrue(e.getMessage().startsWith("cannot load a GlmRegressionModel from " + DIR + ": metadata/'s "),
          e.getMessage());
      assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
    }
  }

  private static Path seeds() throws Exception {
    return Path.of(ModelMetadataFuzzTest.class.getResource("ModelMetadataFuzzTestInputs/metadata").toURI());
  }

  /**
   * Each metadata seed, written into a model directory that Spark saved, ends the same through
   * {@link GlmRegressionModel#load} as through {@link #load}: loaded with the same Params, or the same message.
   */
  @Test
  void metadataSeedsLoadAlikeThroughSpark() throws Exception {
    SparkTestSession.get();
    Path base = tmp.resolve("base");
    new GlmRegressionModel("glm_fuzz", COEFFICIENTS, INTERCEPT).write().save(base.toString());
    List<Path> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(seeds())) {
      files.filter(Files::isRegularFile).sorted().forEach(seeds::add);
    }
    assertTrue(seeds.size() >= 10, "seeds: " + seeds);
    int loaded = 0;
    int k = 0;
    for (Path seed : seeds) {
      byte[] bytes = Files.readAllBytes(seed);
      String line = firstLine(bytes);
      assertFalse(line == null, seed + " is empty");
      Path model = tmp.resolve("m" + k++);
      copy(base, model);
      try (Stream<Path> parts = Files.list(model.resolve("metadata"))) {
        for (Path part : parts.toList()) {
          String name = part.getFileName().toString();
          if (name.startsWith("part-")) {
            Files.write(part, bytes);
          } else if (name.endsWith(".crc")) {
            Files.delete(part);
          }
        }
      }
      String expected = outcome(() -> load(model.toString(), line));
      String actual = outcome(() -> GlmRegressionModel.load(model.toString()));
      assertEquals(expected, actual, seed.getFileName().toString());
      loaded += expected.startsWith("loaded") ? 1 : 0;
    }
    assertTrue(loaded >= 3 && loaded < seeds.size(), "loaded " + loaded + " of " + seeds.size());
  }

  /** "loaded" and the Params, or the exception's class and message. */
  private static String outcome(java.util.function.Supplier<GlmRegressionModel> load) {
    try {
      GlmRegressionModel m = load.get();
      StringBuilder b = new StringBuilder("loaded " + m.uid());
      for (Param<?> p : m.params()) {
        Object v = m.getOrDefault(p);
        b.append(' ').append(p.name()).append('=').append(v instanceof String[] a ? java.util.Arrays.toString(a)
            : v instanceof double[] d ? java.util.Arrays.toString(d) : v);
      }
      return b.toString();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
