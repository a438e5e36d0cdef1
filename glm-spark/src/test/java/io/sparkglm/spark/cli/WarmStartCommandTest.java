package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 (5): {@code --initial-model DIR} through the CLI, from a {@code --save-model} directory and from a
 * {@code train --out} directory (its summary.json), and {@code setInitialModel} in the spark.ml stage (kept by
 * {@code copy}, as CrossValidator needs): a warm start from the answer needs no iteration and returns it; a model
 * of another family or size, and a missing directory, are one message naming the option.
 */
class WarmStartCommandTest {
  @TempDir
  Path tmp;

  private static Object[] run(String... args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Object[] {SparkGlm.run(args), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(oldErr);
    }
  }

  private static double[] coefficients(JsonNode s) {
    double[] b = new double[s.path("coefficients").size()];
    for (int j = 0; j < b.length; j++) {
      b[j] = s.path("coefficients").get(j).asDouble();
    }
    return b;
  }

  private Object[] train(String data, String out, String... more) {
    String[] base = {"train", "--data", data, "--family", "binomial", "--reg-param", "0.02", "--elastic-net", "0.5",
        "--tol", "1e-9", "--out", tmp.resolve(out).toString()};
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return run(args);
  }

  private JsonNode summary(String out) throws java.io.IOException {
    return new ObjectMapper().readTree(tmp.resolve(out).resolve("summary.json").toFile());
  }

  @Test
  void theCliAndTheStageStartFromASavedModel() throws Exception {
    SparkTestSession.get();
    String data = Path.of(getClass().getResource("/reference/data/binom.csv").toURI()).toString();
    Path model = tmp.resolve("model");
    Object[] r = train(data, "cold", "--save-model", model.toString());
    assertEquals(0, r[0], (String) r[1]);
    JsonNode cold = summary("cold");
    assertTrue(cold.path("iterations").asInt() > 1);
    for (String from : new String[] {model.toString(), tmp.resolve("cold").toString()}) {
      String out = "warm" + (from.endsWith("model") ? "Model" : "Out");
      r = train(data, out, "--initial-model", from);
      assertEquals(0, r[0], (String) r[1]);
      JsonNode warm = summary(out);
      assertEquals("CONVERGED", warm.path("status").asText(), from);
      assertEquals(0, warm.path("iterations").asInt(), from);
      assertArrayEquals(coefficients(cold), coefficients(warm), 1e-12, from);
    }

    Dataset<Row> df = SparkTestSession.get().read().option("header", true).option("inferSchema", true).csv(data);
    String[] cols = new String[15];
    for (int j = 0; j < 15; j++) {
      cols[j] = "x" + (j + 1);
    }
    GlmRegression glm = new GlmRegression().setFamily("binomial").setRegParam(0.02).setElasticNetParam(0.5)
        .setTol(1e-9).setFeatureCols(cols);
    GlmRegressionModel first = glm.fit(df);
    glm.setInitialModel(GlmRegressionModel.load(model.toString()));
    GlmRegression copy = glm.copy(ParamMap.empty());
    assertSame(glm.getInitialModel().orElseThrow(), copy.getInitialModel().orElseThrow());
    GlmRegressionModel warm = copy.fit(df);
    assertEquals(0, warm.summary().iterations());
    assertArrayEquals(first.coefficients().toArray(), warm.coefficients().toArray(), 1e-9);
    GlmRegression gaussian = new GlmRegression().setFamily("gaussian").setFeatureCols(cols).setInitialModel(first);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gaussian.fit(df));
    assertTrue(e.getMessage().contains("is a binomial model; this fit's family is gaussian"), e.getMessage());

    Path tinyFile = tmp.resolve("tiny.csv");
    java.nio.file.Files.writeString(tinyFile, "label,x1,x2,x3\n1,0.5,1,2\n0,1.5,-1,0\n1,-0.5,2,1\n0,2,0,-1\n");
    String tiny = tinyFile.toString();
    Object[] wrong = run("train", "--data", tiny, "--family", "binomial", "--out", tmp.resolve("wrong").toString(),
        "--initial-model", model.toString());
    assertEquals(2, wrong[0]);
    assertTrue(((String) wrong[1]).contains("--initial-model " + model + " has 15 coefficients; the data has 3 "
        + "features"), (String) wrong[1]);
    Object[] missing = train(data, "missing", "--initial-model", tmp.resolve("nothing").toString());
    assertEquals(2, missing[0]);
    assertTrue(((String) missing[1]).contains("--initial-model " + tmp.resolve("nothing") + " does not exist"),
        (String) missing[1]);
  }
}
