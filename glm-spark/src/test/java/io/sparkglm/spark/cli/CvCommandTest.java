package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.ml.GlmRegressionModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 (4): {@code sparkglm cv} in process: cv.json is consistent (the curve is the grouped mean of the
 * per-fold figures, lambdaMin its minimum, lambda1se the largest lambda within one standard error, balanced folds
 * covering every row), the final fit is at the selected lambda, its model loads, and bad options are refused naming
 * the option. The curve's values against R's cv.glmnet: {@code CrossValidationReferenceTest}; through
 * {@code scripts/sparkglm}: {@code CvCommandIT}.
 */
class CvCommandTest {
  @TempDir
  Path tmp;

  private static String resource(String name) throws Exception {
    return Path.of(CvCommandTest.class.getResource("/reference/data/" + name).toURI()).toString();
  }

  @Test
  void cvWritesAConsistentCurveAndTheModelAtTheSelectedLambda() throws Exception {
    SparkTestSession.get();
    Path out = tmp.resolve("cv");
    assertEquals(0, SparkGlm.run(new String[] {"cv", "--data", resource("gauss_corr.csv"), "--family", "gaussian",
        "--elastic-net", "1", "--n-lambda", "15", "--folds", "4", "--fold-seed", "3", "--select", "1se", "--tol",
        "1e-10", "--out", out.toString()}));
    JsonNode cv = new ObjectMapper().readTree(out.resolve("cv.json").toFile());
    int count = cv.path("lambdas").size();
    assertEquals(15, count);
    assertEquals(4, cv.path("perFold").size());
    double total = 0;
    long rows = 0;
    long smallest = Long.MAX_VALUE;
    long largest = 0;
    for (JsonNode f : cv.path("perFold")) {
      total += f.path("heldOutWeight").asDouble();
      long n = f.path("heldOutRows").asLong();
      rows += n;
      smallest = Math.min(smallest, n);
      largest = Math.max(largest, n);
    }
    assertEquals(3000, rows, "every row is held out once");
    assertTrue(largest - smallest <= 1, "balanced folds: " + smallest + ".." + largest);
    int min = cv.path("indexMin").asInt();
    int oneSe = cv.path("index1se").asInt();
    for (int l = 0; l < count; l++) {
      double mean = 0;
      for (JsonNode f : cv.path("perFold")) {
        mean += f.path("heldOutWeight").asDouble() * f.path("deviance").get(l).asDouble();
      }
      mean /= total;
      double var = 0;
      for (JsonNode f : cv.path("perFold")) {
        double d = f.path("deviance").get(l).asDouble() - mean;
        var += f.path("heldOutWeight").asDouble() * d * d;
      }
      assertEquals(mean, cv.path("cvm").get(l).asDouble(), 1e-12 * mean, "cvm " + l);
      assertEquals(Math.sqrt(var / total / 3), cv.path("cvsd").get(l).asDouble(), 1e-9 * mean, "cvsd " + l);
      assertTrue(cv.path("cvm").get(l).asDouble() >= cv.path("cvm").get(min).asDouble(), "minimum at " + min);
      if (l < oneSe) {
        assertTrue(cv.path("cvm").get(l).asDouble() > cv.path("cvm").get(min).asDouble()
            + cv.path("cvsd").get(min).asDouble(), "lambda1se is the largest within one standard error");
      }
    }
    assertTrue(oneSe <= min && oneSe > 0, "lambda1se " + oneSe + " vs lambdaMin " + min);
    double lambda1se = cv.path("lambdas").get(oneSe).asDouble();
    assertEquals(lambda1se, cv.path("lambda1se").asDouble(), 0.0);
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(lambda1se, summary.path("regParam").asDouble(), 0.0, "the model is fitted at lambda1se");
    assertEquals("CONVERGED", summary.path("status").asText());
    GlmRegressionModel model = GlmRegressionModel.load(out.resolve("model").toString());
    for (int j = 0; j < 12; j++) {
      assertEquals(summary.path("coefficients").get(j).asDouble(), model.coefficients().apply(j), 1e-12,
          "coefficient " + j);
    }
    String svg = Files.readString(out.resolve("cv.svg"));
    assertTrue(svg.startsWith("<svg") && svg.contains("lambda1se"), "an SVG with the curve");
  }

  @Test
  void badOptionsAreRefusedNamingThem() throws Exception {
    String data = resource("gauss_corr.csv");
    String out = tmp.resolve("o").toString();
    Object[] r = CommandLineHelpTest.run("cv", "--data", data, "--family", "gaussian", "--folds", "1", "--out", out);
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--folds must be >= 2, got 1"), (String) r[2]);
    r = CommandLineHelpTest.run("cv", "--data", data, "--family", "gaussian", "--select", "best", "--out", out);
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--select must be min or 1se, got 'best'"), (String) r[2]);
    r = CommandLineHelpTest.run("cv", "--data", data, "--family", "gaussian", "--save-model", tmp.resolve("m")
        .toString(), "--out", out);
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("does not take --save-model"), (String) r[2]);
  }

  /**
   * {@code --fold-col}: with R's fold ids (minus 1) of {@code /reference/cv/gauss_corr_cv_std.json} as a column of a
   * Parquet table of numeric columns (the fold column is not a feature), cv.json's curve, lambdaMin and lambda1se
   * are cv.glmnet's (as {@code CrossValidationReferenceTest} checks CrossValidation); CSV data is refused.
   */
  @Test
  void aFoldColumnOfParquetDataGivesCvGlmnetsCurve() throws Exception {
    JsonNode ref;
    try (java.io.InputStream in = getClass().getResourceAsStream("/reference/cv/gauss_corr_cv_std.json")) {
      ref = new ObjectMapper().readTree(in);
    }
    java.util.List<String> lines = Files.readAllLines(Path.of(resource("gauss_corr.csv")));
    String[] header = lines.get(0).split(",");
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
    for (String h : header) {
      schema = schema.add(h, org.apache.spark.sql.types.DataTypes.DoubleType, false);
    }
    schema = schema.add("fold", org.apache.spark.sql.types.DataTypes.IntegerType, false);
    java.util.List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      Object[] row = new Object[header.length + 1];
      String[] v = lines.get(i).split(",");
      for (int j = 0; j < v.length; j++) {
        row[j] = Double.parseDouble(v[j]);
      }
      row[header.length] = ref.path("foldid").get(i - 1).asInt() - 1;
      rows.add(org.apache.spark.sql.RowFactory.create(row));
    }
    Path parquet = tmp.resolve("gauss_corr_folds.parquet");
    SparkTestSession.get().createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());
    StringBuilder lambdas = new StringBuilder();
    for (JsonNode l : ref.path("lambdas")) {
      lambdas.append(lambdas.length() == 0 ? "" : ",").append(l.asText());
    }
    Path out = tmp.resolve("cv-folds");
    assertEquals(0, SparkGlm.run(new String[] {"cv", "--data", parquet.toString(), "--family", "gaussian",
        "--elastic-net", "1", "--standardize", "true", "--solver", "newton", "--tol", "1e-12", "--max-iter", "1000",
        "--lambdas", lambdas.toString(), "--fold-col", "fold", "--out", out.toString()}));
    JsonNode cv = new ObjectMapper().readTree(out.resolve("cv.json").toFile());
    assertEquals(ref.path("folds").asInt(), cv.path("folds").asInt());
    assertEquals("fold", cv.path("foldCol").asText());
    for (int l = 0; l < ref.path("cvm").size(); l++) {
      double cvm = ref.path("cvm").get(l).asDouble();
      double cvsd = ref.path("cvsd").get(l).asDouble();
      assertEquals(cvm, cv.path("cvm").get(l).asDouble(), 1e-6 * cvm, "cvm " + l);
      assertEquals(cvsd, cv.path("cvsd").get(l).asDouble(), 1e-6 * cvsd, "cvsd " + l);
    }
    assertEquals(ref.path("indexMin").asInt(), cv.path("indexMin").asInt());
    assertEquals(ref.path("index1se").asInt(), cv.path("index1se").asInt());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertTrue(!summary.toString().contains("\"fold\""), "the fold column is not a feature");

    Object[] r = CommandLineHelpTest.run("cv", "--data", resource("gauss_corr.csv"), "--family", "gaussian",
        "--fold-col", "fold", "--out", tmp.resolve("o").toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--fold-col needs Parquet data"), (String) r[2]);
  }
}
