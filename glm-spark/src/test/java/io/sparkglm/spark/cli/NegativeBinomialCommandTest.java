package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 (2): {@code --family negative-binomial} as a user runs it. The CLI estimates theta as
 * {@code MASS::glm.nb} does (summary.json's {@code theta}, {@code thetaStdErr}, {@code twoLogLikelihood} and AIC
 * against R's, {@code /reference/negbin/negbin.json}), the {@code summary} command prints glm.nb's footer, the saved
 * model keeps the estimate and predicts {@code exp(eta)}; the spark.ml stage gives the CLI's answer with theta
 * estimated and with {@code setTheta}; bad input is one message naming the flag, param or label.
 */
class NegativeBinomialCommandTest {
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

  private String data(String file) throws Exception {
    return Path.of(getClass().getResource("/reference/negbin/" + file).toURI()).toString();
  }

  private static void relative(double expected, double actual, double tol, String what) {
    assertTrue(Math.abs(expected - actual) <= tol * Math.abs(expected), what + ": expected " + expected + ", got "
        + actual);
  }

  @Test
  void theCliEstimatesThetaAsGlmNbAndTheStageAgrees() throws Exception {
    SparkTestSession.get();
    JsonNode ref = io.sparkglm.spark.reference.NegativeBinomialReferenceTestAccess.reference("estimated");
    Path out = tmp.resolve("out");
    Path model = tmp.resolve("model");
    Object[] r = run("train", "--data", data("negbin.csv"), "--family", "negative-binomial", "--tol", "1e-12",
        "--out", out.toString(), "--save-model", model.toString());
    assertEquals(0, r[0], (String) r[1]);
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("negative-binomial", s.path("family").asText());
    assertEquals("CONVERGED", s.path("status").asText());
    assertTrue(s.path("thetaEstimated").asBoolean());
    relative(ref.path("theta").asDouble(), s.path("theta").asDouble(), 1e-6, "theta");
    relative(ref.path("theta_std_err_at_estimate").asDouble(), s.path("thetaStdErr").asDouble(), 1e-5, "SE");
    relative(ref.path("two_log_lik").asDouble(), s.path("twoLogLikelihood").asDouble(), 1e-8, "2 loglik");
    relative(ref.path("aic").asDouble(), s.path("aic").asDouble(), 1e-8, "AIC");
    assertEquals("z value", s.path("statisticName").asText());

    ByteArrayOutputStream table = new ByteArrayOutputStream();
    SummaryCommand.run(new String[] {"summary", "--model", model.toString()},
        new PrintStream(table, true, StandardCharsets.UTF_8));
    String printed = table.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("(Dispersion parameter for Negative Binomial(1.5699) family taken to be 1"), printed);
    assertTrue(printed.contains("Theta:  1.56992"), printed);
    assertTrue(printed.contains("Std. Err.:  0.1047"), printed);
    assertTrue(printed.contains("2 x log-likelihood:  " + String.format(java.util.Locale.ROOT, "%.4f",
        ref.path("two_log_lik").asDouble())), printed);

    double[] cli = new double[5];
    for (int j = 0; j < 5; j++) {
      cli[j] = s.path("coefficients").get(j).asDouble();
    }
    GlmRegressionModel loaded = GlmRegressionModel.load(model.toString());
    assertEquals(s.path("theta").asDouble(), (Double) loaded.getOrDefault(loaded.theta()), 0.0, "the model keeps theta");
    Dataset<Row> df = SparkTestSession.get().read().option("header", true).option("inferSchema", true)
        .csv(data("negbin.csv"));
    String[] x = {"x1", "x2", "x3", "x4", "x5"};
    Row first = loaded.setFeatureCols(x).transform(df).select("x1", "x2", "x3", "x4", "x5", "prediction").first();
    double eta = s.path("intercept").asDouble();
    for (int j = 0; j < 5; j++) {
      eta += cli[j] * first.getDouble(j);
    }
    assertEquals(Math.exp(eta), first.getDouble(5), 1e-12 * Math.exp(eta), "predicts exp(eta)");

    GlmRegressionModel stage = new GlmRegression().setFamily("negative-binomial").setTol(1e-12).setFeatureCols(x)
        .fit(df);
    assertArrayEquals(cli, stage.coefficients().toArray(), 1e-9, "the stage gives the CLI's answer");
    assertEquals(s.path("theta").asDouble(), (Double) stage.getOrDefault(stage.theta()), 1e-9);
    assertEquals(s.path("thetaStdErr").asDouble(), stage.summary().statistics().theta().stdError(), 1e-9);

    JsonNode fixedRef = io.sparkglm.spark.reference.NegativeBinomialReferenceTestAccess.reference("fixed");
    GlmRegressionModel fixed = new GlmRegression().setFamily("negative-binomial").setTheta(2.0).setTol(1e-12)
        .setFeatureCols(x).fit(df);
    for (int j = 0; j < 5; j++) {
      assertEquals(fixedRef.path("coefficients").get(j).asDouble(), fixed.coefficients().apply(j), 1e-6);
    }
    assertEquals(2.0, (Double) fixed.getOrDefault(fixed.theta()), 0.0);
    assertFalse(fixed.summary().statistics().theta().estimated());
    Path fixedDir = tmp.resolve("fixed-model");
    fixed.write().save(fixedDir.toString());
    GlmRegressionModel back = GlmRegressionModel.load(fixedDir.toString());
    assertEquals(2.0, (Double) back.getOrDefault(back.theta()), 0.0);
    assertEquals(fixed.transform(df).select("prediction").first().getDouble(0),
        back.transform(df).select("prediction").first().getDouble(0), 0.0);
  }

  @Test
  void badInputIsNamed() throws Exception {
    SparkTestSession.get();
    Object[] negative = run("train", "--data", data("negbin.csv"), "--family", "negative-binomial", "--theta",
        "-1", "--out", tmp.resolve("a").toString());
    assertEquals(2, negative[0]);
    assertTrue(((String) negative[1]).contains("option --theta: -1.0 is not allowed; it must be a finite number > 0"),
        (String) negative[1]);
    Object[] zero = run("train", "--data", data("negbin.csv"), "--family", "negative-binomial", "--theta", "0",
        "--out", tmp.resolve("b").toString());
    assertTrue(((String) zero[1]).contains("option --theta: 0.0 is not allowed"), (String) zero[1]);
    Object[] poisson = run("train", "--data", data("negbin.csv"), "--family", "poisson", "--theta", "2",
        "--out", tmp.resolve("c").toString());
    assertEquals(2, poisson[0]);
    assertTrue(((String) poisson[1]).contains("--theta"), (String) poisson[1]);
    assertTrue(((String) poisson[1]).contains("negative-binomial only"), (String) poisson[1]);
    Object[] path = run("path", "--data", data("negbin.csv"), "--family", "negative-binomial",
        "--out", tmp.resolve("d").toString());
    assertEquals(2, path[0]);
    assertTrue(((String) path[1]).contains("option --theta is required for a path"), (String) path[1]);

    Path counts = tmp.resolve("negative.csv");
    Files.write(counts, List.of("label,x1", "1,0.5", "-2,0.1", "3,0.2"));
    Object[] bad = run("train", "--data", counts.toString(), "--family", "negative-binomial", "--out",
        tmp.resolve("e").toString());
    assertEquals(2, bad[0], (String) bad[1]);
    assertTrue(((String) bad[1]).contains("label -2.0 is not valid; expected a non-negative count"), (String) bad[1]);

    IllegalArgumentException param = assertThrows(IllegalArgumentException.class,
        () -> new GlmRegression().setTheta(0.0));
    assertTrue(param.getMessage().contains("theta"), param.getMessage());
  }
}
