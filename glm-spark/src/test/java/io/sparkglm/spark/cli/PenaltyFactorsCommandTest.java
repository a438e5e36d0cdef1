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
 * Issue 15 (3): {@code --penalty-factors} through the CLI (summary.json records them, a saved model keeps them,
 * a wrong count is one message naming the flag) and {@code setPenaltyFactors} in the spark.ml stage, which gives
 * the CLI's answer.
 */
class PenaltyFactorsCommandTest {
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

  @Test
  void theCliAndTheStageTakePenaltyFactors() throws Exception {
    SparkTestSession.get();
    String data = Path.of(getClass().getResource("/reference/data/gauss_tiny.csv").toURI()).toString();
    Path out = tmp.resolve("out");
    Path model = tmp.resolve("model");
    Object[] r = run("train", "--data", data, "--family", "gaussian", "--reg-param", "0.5", "--elastic-net", "0.5",
        "--penalty-factors", "0,1,4", "--tol", "1e-12", "--out", out.toString(), "--save-model", model.toString());
    assertEquals(0, r[0], (String) r[1]);
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("[0.0,1.0,4.0]", s.path("penaltyFactors").toString());
    assertEquals("CONVERGED", s.path("status").asText());
    double[] cli = new double[3];
    for (int j = 0; j < 3; j++) {
      cli[j] = s.path("coefficients").get(j).asDouble();
    }
    GlmRegressionModel loaded = GlmRegressionModel.load(model.toString());
    assertArrayEquals(new double[] {0, 1, 4}, loaded.getOrDefault(loaded.penaltyFactors()));

    Dataset<Row> df = SparkTestSession.get().read().option("header", true).option("inferSchema", true).csv(data);
    GlmRegressionModel fitted = new GlmRegression().setFamily("gaussian").setRegParam(0.5).setElasticNetParam(0.5)
        .setPenaltyFactors(new double[] {0, 1, 4}).setTol(1e-12).setFeatureCols(new String[] {"x1", "x2", "x3"})
        .fit(df);
    assertArrayEquals(cli, fitted.coefficients().toArray(), 1e-12, "the stage gives the CLI's answer");

    Object[] wrong = run("train", "--data", data, "--family", "gaussian", "--reg-param", "0.5",
        "--penalty-factors", "1,2", "--out", tmp.resolve("wrong").toString());
    assertEquals(2, wrong[0]);
    assertTrue(((String) wrong[1]).contains("option --penalty-factors has 2 values; the data has 3 features"),
        (String) wrong[1]);
  }
}
