package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.spark.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sparkglm train} end to end in this JVM: summary.json on success, one-line errors and no output on failure. */
class TrainCommandTest {
  @TempDir
  Path tmp;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  private static String resource(String name) throws Exception {
    return Path.of(TrainCommandTest.class.getResource("/reference/data/" + name).toURI()).toString();
  }

  /** Runs the command, returning {exit code, stderr}. */
  private static Object[] run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = SparkGlm.run(args);
      return new Object[] {code, err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(old);
    }
  }

  /**
   * Issue 14: the honest statuses reach summary.json: a duplicated column is a named {@code aliased} warning with
   * an NA (null) row in the coefficient table; separated classes are {@code SEPARATED}, not converged, with the
   * separating feature; every summary has the relative certificate.
   */
  @Test
  void aliasedColumnsAndSeparationAreInTheSummary() throws Exception {
    Path dup = tmp.resolve("dup.csv");
    Path sep = tmp.resolve("sep.csv");
    java.util.Random rnd = new java.util.Random(21);
    StringBuilder d = new StringBuilder("y,a,b,a_again\n");
    StringBuilder s = new StringBuilder("y,a,b\n");
    for (int i = 0; i < 300; i++) {
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      d.append(1 + a - b + rnd.nextGaussian()).append(',').append(a).append(',').append(b).append(',').append(a)
          .append('\n');
      s.append(a > 0 ? 1 : 0).append(',').append(a).append(',').append(b).append('\n');
    }
    Files.writeString(dup, d);
    Files.writeString(sep, s);
    Object[] r1 = run("train", "--data", dup.toString(), "--label-col", "y", "--family", "gaussian", "--out",
        tmp.resolve("dup").toString());
    assertEquals(0, r1[0], "stderr: " + r1[1]);
    JsonNode j1 = new ObjectMapper().readTree(tmp.resolve("dup/summary.json").toFile());
    assertEquals("CONVERGED", j1.path("status").asText());
    assertEquals("aliased", j1.path("warnings").get(0).path("code").asText());
    assertEquals("a_again", j1.path("warnings").get(0).path("features").get(0).asText());
    assertTrue(j1.path("coefficientTable").get(3).path("estimate").isNull(), j1.path("coefficientTable").toString());
    assertTrue(j1.path("relativeKkt").asDouble() <= 1e-7);

    Object[] r2 = run("train", "--data", sep.toString(), "--label-col", "y", "--family", "binomial", "--out",
        tmp.resolve("sep").toString());
    assertEquals(0, r2[0], "stderr: " + r2[1]);
    JsonNode j2 = new ObjectMapper().readTree(tmp.resolve("sep/summary.json").toFile());
    assertEquals("SEPARATED", j2.path("status").asText());
    assertFalse(j2.path("converged").asBoolean());
    assertEquals("separation", j2.path("warnings").get(0).path("code").asText());
    assertEquals("a", j2.path("warnings").get(0).path("features").get(0).asText());
  }

  /**
   * Issue 12: the reference CSV as Parquet with one numeric column per feature trains without a VectorAssembler
   * (default: every numeric column but the label; or {@code --feature-cols} with a glob), to the same glmnet
   * objective, with the column names in the summary and the phase timings in order.
   */
  @Test
  void parquetWithNumericColumnsTrainsWithoutAnAssembler() throws Exception {
    String parquet = tmp.resolve("binom.parquet").toString();
    SparkTestSession.get().read().option("header", true).option("inferSchema", true).csv(resource("binom.csv"))
        .write().parquet(parquet);
    for (List<String> extra : List.of(List.<String>of(), List.of("--feature-cols", "x*"))) {
      Path out = tmp.resolve("out" + extra.size());
      List<String> args = new java.util.ArrayList<>(List.of("train", "--data", parquet, "--family", "binomial",
          "--reg-param", "0.034", "--elastic-net", "1", "--standardize", "false", "--tol", "1e-10", "--out",
          out.toString()));
      args.addAll(extra);
      Object[] r = run(args.toArray(new String[0]));
      assertEquals(0, r[0], "stderr: " + r[1]);
      JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
      assertEquals(0.6631061475264833, s.path("objective").asDouble(), 1e-9, "binom__binomial__lasso.json");
      assertEquals(15, s.path("featureNames").size());
      assertEquals("x15", s.path("featureNames").get(14).asText());
      List<String> phases = new java.util.ArrayList<>();
      s.path("timings").fieldNames().forEachRemaining(phases::add);
      assertEquals(List.of("sparkStart", "prepare", "loadCacheStatistics", "solver", "certificate", "unpersist",
          "writeOutputs", "sparkStop", "total"), phases);
      assertTrue(s.path("timings").path("solver").asDouble() > 0 && s.path("timings").path("total").asDouble()
          >= s.path("timings").path("solver").asDouble());
    }
  }

  @Test
  void trainWritesSummaryMatchingTheGlmnetReference() throws Exception {
    Path out = tmp.resolve("out");
    Object[] r = run("train", "--data", resource("binom.csv"), "--family", "binomial", "--reg-param", "0.034",
        "--elastic-net", "1", "--standardize", "false", "--tol", "1e-10", "--partitions", "3", "--out",
        out.toString());
    assertEquals(0, r[0], "stderr: " + r[1]);
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    // Reference: binom__binomial__lasso.json (R glmnet 4.1-6, alpha=1, lambda=0.034, standardize=FALSE).
    assertEquals(0.6631061475264833, s.path("objective").asDouble(), 1e-9);
    assertEquals("binomial", s.path("family").asText());
    assertEquals("logit", s.path("link").asText());
    assertEquals("newton", s.path("solver").asText());
    assertEquals(15, s.path("coefficients").size());
    assertEquals("x1", s.path("featureNames").get(0).asText());
    assertTrue(s.path("converged").asBoolean());
    assertTrue(s.path("kktViolation").asDouble() <= 1e-8);
    assertEquals(s.path("iterations").asInt(), s.path("history").size());
    assertTrue(s.path("passes").asInt() >= s.path("iterations").asInt());
    assertTrue(s.path("wallSeconds").asDouble() > 0 && s.path("loadSeconds").asDouble() > 0);
    assertEquals(16, s.path("coefficientTable").size());
    assertEquals("(Intercept)", s.path("coefficientTable").get(0).path("name").asText());
    assertTrue(s.path("coefficientTable").get(1).path("stdError").isNull(), "no standard errors when penalized");
    assertTrue(s.path("deviance").asDouble() > 0 && s.path("nullDeviance").asDouble() > s.path("deviance").asDouble());
    for (String field : List.of("intercept", "objective", "optimality", "seconds")) {
      if (!field.equals("optimality") && !field.equals("seconds")) {
        assertTrue(s.has(field), field);
      } else {
        assertTrue(s.path("history").get(0).has(field), field);
      }
    }
  }

  @Test
  void unknownOptionFailsBeforeAnyWork() {
    Path out = tmp.resolve("never");
    Object[] r = run("train", "--data", "x.csv", "--family", "binomial", "--regparam", "1", "--out",
        out.toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[1]).contains("unknown option --regparam"), (String) r[1]);
    assertFalse(Files.exists(out));
  }

  @Test
  void unknownFamilyAndSolverAreNamed() throws Exception {
    Object[] r = run("train", "--data", resource("binom.csv"), "--family", "binomal", "--out",
        tmp.resolve("a").toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[1]).contains("binomal"), (String) r[1]);
    r = run("train", "--data", resource("binom.csv"), "--family", "binomial", "--solver", "magic", "--out",
        tmp.resolve("b").toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[1]).contains("unknown solver 'magic'"), (String) r[1]);
    assertFalse(Files.exists(tmp.resolve("b")));
  }

  @Test
  void solverThatCannotHandleL1SaysWhichCan() throws Exception {
    Object[] r = run("train", "--data", resource("binom.csv"), "--family", "binomial", "--solver", "gd",
        "--reg-param", "0.1", "--elastic-net", "1", "--out", tmp.resolve("c").toString());
    assertEquals(2, r[0]);
    String err = (String) r[1];
    assertTrue(err.contains("gd cannot handle") && err.contains("newton") && err.contains("proxgrad"), err);
    assertFalse(Files.exists(tmp.resolve("c")));
  }

  @Test
  void badLabelNamesFileLineAndColumnAndWritesNothing() throws IOException {
    Path data = tmp.resolve("bad.csv");
    List<String> lines = new ArrayList<>(List.of("label,a,b", "1,0.5,1.0", "0,0.1,2.0", "2,0.3,0.1", "1,1,1"));
    Files.write(data, lines);
    Path out = tmp.resolve("out-bad");
    Object[] r = run("train", "--data", data.toString(), "--family", "binomial", "--out", out.toString());
    assertEquals(2, r[0]);
    String err = (String) r[1];
    assertTrue(err.contains("bad.csv") && err.contains("line 4") && err.contains("label"), err);
    assertFalse(Files.exists(out.resolve("summary.json")));
    assertEquals(1, err.strip().lines().filter(l -> l.startsWith("sparkglm:")).count(), err);
  }

  @Test
  void emptyDataIsAnError() throws IOException {
    Path data = tmp.resolve("empty.csv");
    Files.write(data, List.of("label,a"));
    Object[] r = run("train", "--data", data.toString(), "--family", "gaussian", "--out",
        tmp.resolve("e").toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[1]).contains("no training rows"), (String) r[1]);
  }

  @Test
  void stochasticSolverFlagsMapToSolverOptions() throws Exception {
    Path out = tmp.resolve("sgd");
    Object[] r = run("train", "--data", resource("binom.csv"), "--family", "binomial", "--reg-param", "0.01",
        "--solver", "sgd", "--batch-schedule", "geometric", "--batch-size", "256", "--batch-factor", "5",
        "--batch-delay", "1", "--epochs", "3", "--max-iter", "1000", "--partitions", "2", "--out", out.toString());
    assertEquals(0, r[0], "stderr: " + r[1]);
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("sgd", s.path("solver").asText());
    JsonNode history = s.path("history");
    assertEquals(s.path("iterations").asInt(), history.size());
    assertEquals(256.0, history.get(0).path("batchSize").asDouble(), 0.0);
    // 4000 rows: 256 -> 1280 after one epoch -> 4000 (the cap) after two.
    assertEquals(4000.0, history.get(history.size() - 1).path("batchSize").asDouble(), 0.0);
    assertTrue(history.get(history.size() - 1).path("epochs").asDouble() >= 3.0);
  }

  @Test
  void stochasticFlagsAreCheckedAgainstTheSolver() {
    Object[] r = run("train", "--data", "x.csv", "--family", "binomial", "--solver", "newton", "--batch-size", "64",
        "--out", tmp.resolve("o").toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[1]).contains("--batch-size (option batchSize) is not an option of solver newton"),
        (String) r[1]);
    r = run("train", "--data", "x.csv", "--family", "binomial", "--solver", "sgd", "--batch-size", "64",
        "--solver-option", "batchSize=32", "--out", tmp.resolve("o").toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[1]).contains("set the same option"), (String) r[1]);
  }
}
