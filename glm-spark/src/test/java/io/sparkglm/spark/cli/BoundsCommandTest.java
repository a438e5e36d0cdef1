package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.ml.GlmRegression;
import io.sparkglm.spark.ml.GlmRegressionModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 (3): {@code --lower-bounds} / {@code --upper-bounds} through the CLI ({@code -inf}/{@code inf} parsed,
 * summary.json records the bounds and marks the coefficients at a bound in the table, {@code summary} prints them
 * "(at bound)", the saved model keeps the Params, infinities included) and {@code setLowerBounds} /
 * {@code setUpperBounds} in the spark.ml stage, which gives the CLI's answer; a wrong count, an unparsable value and
 * an empty box are each one message naming the option.
 */
class BoundsCommandTest {
  @TempDir
  Path tmp;

  private static Object[] run(String... args) {
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return new Object[] {SparkGlm.run(args), err.toString(StandardCharsets.UTF_8),
          out.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
    }
  }

  @Test
  void theCliAndTheStageTakeBounds() throws Exception {
    SparkTestSession.get();
    String data = Path.of(getClass().getResource("/reference/data/gauss_tiny.csv").toURI()).toString();
    Path out = tmp.resolve("out");
    Path model = tmp.resolve("model");
    // Unpenalized: b = clip(z) = (0.8, -0.3, 0.25) for z = (1.5, -0.75, 0.25); x1 and x2 at their bounds.
    Object[] r = run("train", "--data", data, "--family", "gaussian", "--lower-bounds", "-inf,-0.3,0.1",
        "--upper-bounds", "0.8,inf,Inf", "--tol", "1e-12", "--out", out.toString(), "--save-model",
        model.toString());
    assertEquals(0, r[0], (String) r[1]);
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("[\"-inf\",-0.3,0.1]", s.path("lowerBounds").toString());
    assertEquals("[0.8,\"inf\",\"inf\"]", s.path("upperBounds").toString());
    assertEquals("CONVERGED", s.path("status").asText());
    double[] cli = new double[3];
    for (int j = 0; j < 3; j++) {
      cli[j] = s.path("coefficients").get(j).asDouble();
    }
    assertArrayEquals(new double[] {0.8, -0.3, 0.25}, cli, 1e-12);
    JsonNode table = s.path("coefficientTable");
    assertTrue(table.get(1).path("atBound").asBoolean() && table.get(2).path("atBound").asBoolean());
    assertTrue(table.get(1).path("stdError").isNull() || table.get(1).path("stdError").isTextual(),
        table.get(1).toString());
    assertEquals(Math.sqrt(1.0 / 8) * Math.sqrt(s.path("dispersion").asDouble()),
        table.get(3).path("stdError").asDouble(), 1e-9, "the free coefficient keeps its standard error");
    assertEquals("atBound", s.path("warnings").get(0).path("code").asText());
    assertEquals("[\"x1\",\"x2\"]", s.path("warnings").get(0).path("features").toString());

    Object[] printed = run("summary", "--model", model.toString());
    assertEquals(0, printed[0], (String) printed[1]);
    assertTrue(((String) printed[2]).lines().filter(l -> l.startsWith("x1 ") || l.startsWith("x2 "))
        .allMatch(l -> l.endsWith("(at bound)")), (String) printed[2]);

    GlmRegressionModel loaded = GlmRegressionModel.load(model.toString());
    assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, -0.3, 0.1}, loaded.getOrDefault(loaded.lowerBounds()));
    assertArrayEquals(new double[] {0.8, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
        loaded.getOrDefault(loaded.upperBounds()));

    Dataset<Row> df = SparkTestSession.get().read().option("header", true).option("inferSchema", true).csv(data);
    GlmRegressionModel fitted = new GlmRegression().setFamily("gaussian")
        .setLowerBounds(new double[] {Double.NEGATIVE_INFINITY, -0.3, 0.1})
        .setUpperBounds(new double[] {0.8, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}).setTol(1e-12)
        .setFeatureCols(new String[] {"x1", "x2", "x3"}).fit(df);
    assertArrayEquals(cli, fitted.coefficients().toArray(), 1e-12, "the stage gives the CLI's answer");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new GlmRegression().setFamily("gaussian").setUpperBounds(new double[] {1, 1})
            .setFeatureCols(new String[] {"x1", "x2", "x3"}).fit(df));
    assertTrue(e.getMessage().contains("Param upperBounds has 2 values; the data has 3 features"), e.getMessage());

    Object[] wrong = run("train", "--data", data, "--family", "gaussian", "--upper-bounds", "1,2", "--out",
        tmp.resolve("wrong").toString());
    assertEquals(2, wrong[0]);
    assertTrue(((String) wrong[1]).contains("option --upper-bounds has 2 values; the data has 3 features"),
        (String) wrong[1]);
    Object[] garbled = run("train", "--data", data, "--family", "gaussian", "--lower-bounds", "0,x,0", "--out",
        tmp.resolve("garbled").toString());
    assertEquals(2, garbled[0]);
    assertTrue(((String) garbled[1]).contains("--lower-bounds") && ((String) garbled[1]).contains("'x' is not a "
        + "number, inf or -inf"), (String) garbled[1]);
    Object[] empty = run("train", "--data", data, "--family", "gaussian", "--lower-bounds", "0,1,0",
        "--upper-bounds", "1,0,1", "--out", tmp.resolve("empty").toString());
    assertEquals(2, empty[0]);
    assertTrue(((String) empty[1]).contains("options --lower-bounds / --upper-bounds: bounds of feature 2"),
        (String) empty[1]);
  }
}
