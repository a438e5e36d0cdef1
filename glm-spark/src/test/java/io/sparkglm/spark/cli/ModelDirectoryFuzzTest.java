package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.ml.GlmRegressionModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.LineReader;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzz tests of what reads a saved model directory ({@code sparkglm train --save-model}):
 * {@code metadata/} (the class, uid and Params as JSON, read by {@link GlmRegressionModel#load} through Spark's
 * {@code DefaultParamsReader}) and {@code summary.json} (read by {@code sparkglm summary} and {@code predict}).
 * The fuzzer's bytes replace one file of a valid model; the result must be a model whose Params all read back
 * with their types and whose family and link resolve, or a clear error: an {@link IllegalArgumentException} (the
 * CLI's exit 2, "bad input"), or, for summary.json, the parse error the CLI prints on one line. Anything else
 * (NullPointerException, ClassCastException, an Error, ...) is a finding.
 *
 * <p>{@code metadata} runs the JSON part of {@code GlmModelPersistence.Reader.load} without Spark: the loader
 * reads the first line of {@code metadata/part-*} with a Spark job, which would make each input cost a job;
 * {@link #metadataSeedsLoadAlikeThroughSpark} checks that every seed ends the same through the real loader.
 *
 * <p>Open findings (issue 14, for the persistence code; not replayed, the build would fail):
 * {@code ModelDirectoryFuzzTestFindings/metadata/}: a JSON number or boolean for a String Param throws Spark's
 * UnsupportedOperationException ("The default jsonDecode only supports string, vector and matrix", naming no Param);
 * a JSON object for a String Param loads as a DenseVector in it (a ClassCastException when used).
 */
class ModelDirectoryFuzzTest {
  private static final String CLASS = GlmRegressionModel.class.getName();
  private static final Path DIR = io.sparkglm.spark.data.FuzzRows.scratchDir("sparkglm-model-fuzz");

  @TempDir
  Path tmp;

  /**
   * The errors of Spark's metadata reader that {@code GlmModelPersistence.Reader} passes through unwrapped: not
   * JSON (Jackson's), JSON of the wrong shape (json4s'), an empty file or an unknown Param ("Param x does not
   * exist."). Each has a message the CLI prints on one line (exit 1); none is an IllegalArgumentException naming
   * the model directory (issue 14: left to the persistence code). Remove them here once the reader wraps them.
   */
  private static final List<Class<? extends Throwable>> SPARK_READER_ERRORS = List.of(
      com.fasterxml.jackson.core.JsonProcessingException.class, org.json4s.MappingException.class,
      java.util.NoSuchElementException.class);

  @FuzzTest(maxDuration = "60s")
  void metadata(byte[] bytes) {
    Throwable failure = loadMetadata(bytes);
    if (failure == null) {
      return;
    }
    if (!(failure instanceof IllegalArgumentException)
        && SPARK_READER_ERRORS.stream().noneMatch(c -> c.isInstance(failure))) {
      throw new AssertionError("loading metadata " + new String(bytes, StandardCharsets.UTF_8) + " threw "
          + failure, failure);
    }
    assertFalse(failure.getMessage() == null || failure.getMessage().isBlank(), "no message: " + failure);
  }

  @FuzzTest(maxDuration = "60s")
  void summary(byte[] bytes) throws IOException {
    Path model = DIR.resolve("model");
    Files.createDirectories(model);
    Files.write(model.resolve(ModelFiles.SUMMARY), bytes);
    try (PrintStream out = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
      SummaryCommand.run(new String[] {"summary", "--model", model.toString()}, out);
    } catch (IllegalArgumentException | IOException e) {
      // SparkGlm.run prints these on one line (exit 2, and 1 for a JSON syntax error).
      assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "no message: " + e);
    }
  }

  /**
   * What {@code GlmModelPersistence.Reader.load} does with the metadata file, then what scoring needs of the
   * model; null on success, else the exception.
   */
  static Throwable loadMetadata(byte[] bytes) {
    try {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.parseMetadata(firstLine(bytes), CLASS);
      GlmRegressionModel model = new GlmRegressionModel(metadata.uid(), Vectors.dense(0.5, -1.0), 0.25);
      metadata.getAndSetParams(model, scala.Option.empty());
      checkUsable(model);
      return null;
    } catch (Throwable t) { // Scala code throws checked exceptions and Errors undeclared
      if (t instanceof AssertionError a) {
        throw a;
      }
      return t;
    }
  }

  /** The first line of a text file as Spark's text source reads it (Hadoop's line reader); "" when empty. */
  private static String firstLine(byte[] bytes) throws IOException {
    try (LineReader reader = new LineReader(new ByteArrayInputStream(bytes))) {
      Text text = new Text();
      if (reader.readLine(text) == 0) {
        // spark.read.text(...).first() on an empty file: "next on empty iterator".
        throw new java.util.NoSuchElementException("next on empty iterator");
      }
      byte[] b = text.copyBytes();
      if (b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
        text.set(java.util.Arrays.copyOfRange(b, 3, b.length));
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
          : String.class;
      assertTrue(type.isInstance(value), () -> "Param " + param.name() + " holds a " + value.getClass().getName()
          + ", not a " + type.getSimpleName());
    }
    try {
      double variancePower = (Double) model.getOrDefault(model.variancePower());
      Family family = Family.parse(model.getOrDefault(model.family()), variancePower);
      String link = model.getOrDefault(model.link());
      io.sparkglm.core.family.GlmLoss.of(family, link.isEmpty() ? family.defaultLink() : Link.parse(link));
    } catch (IllegalArgumentException e) {
      // A valid Param value the loss rejects: scoring stops with this message, fine.
      assertFalse(e.getMessage() == null || e.getMessage().isBlank());
    }
  }

  /**
   * Each metadata seed, written into a model directory that Spark saved, ends the same through
   * {@link GlmRegressionModel#load} as through {@link #loadMetadata}: loaded, or the same exception class.
   */
  @Test
  void metadataSeedsLoadAlikeThroughSpark() throws Exception {
    SparkTestSession.get();
    Path base = tmp.resolve("base");
    new GlmRegressionModel("glm_fuzz", Vectors.dense(0.5, -1.0), 0.25).write().save(base.toString());
    List<Path> seeds = new ArrayList<>();
    Path inputs = Path.of(ModelDirectoryFuzzTest.class.getResource("ModelDirectoryFuzzTestInputs/metadata").toURI());
    try (Stream<Path> files = Files.list(inputs)) {
      files.filter(Files::isRegularFile).sorted().forEach(seeds::add);
    }
    assertFalse(seeds.isEmpty());
    int k = 0;
    for (Path seed : seeds) {
      byte[] bytes = Files.readAllBytes(seed);
      if (bytes.length == 0) {
        continue; // Spark reads no line of an empty part file; loadMetadata models that, not the empty directory
      }
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
      Throwable expected = loadMetadata(bytes);
      Throwable actual = loadThroughSpark(model);
      assertEquals(expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass(),
          () -> seed.getFileName() + ": " + expected + " vs " + actual);
    }
  }

  private static Throwable loadThroughSpark(Path model) {
    try {
      GlmRegressionModel.load(model.toString());
      return null;
    } catch (Exception e) {
      return e;
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
