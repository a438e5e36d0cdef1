package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.ml.GlmRegressionModel;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --save-model, predict (in this JVM and in a fresh one), summary and path, end to end. */
class ModelCommandsTest {
  @TempDir
  Path tmp;

  private static String resource(String name) throws Exception {
    return Path.of(ModelCommandsTest.class.getResource("/reference/data/" + name).toURI()).toString();
  }

  private static List<Double> predictions(String csvDir) {
    Dataset<Row> d = SparkTestSession.get().read().option("header", "true").option("inferSchema", "true")
        .csv(csvDir);
    List<Double> out = new ArrayList<>();
    for (Row r : d.select("prediction").collectAsList()) {
      out.add(r.getDouble(0));
    }
    return out;
  }

  @Test
  void savedModelPredictsIdenticallyHereAndInAFreshJvmAndPrintsItsSummary() throws Exception {
    SparkTestSession.get();
    String data = resource("pois.csv");
    Path model = tmp.resolve("model");
    int code = SparkGlm.run(new String[] {"train", "--data", data, "--family", "poisson", "--tol", "1e-10",
        "--out", tmp.resolve("fit").toString(), "--save-model", model.toString()});
    assertEquals(0, code);
    // Reference: pois__poisson__unpenalized.json (statsmodels 0.13.5 GLM Poisson IRLS).
    GlmRegressionModel loaded = GlmRegressionModel.load(model.toString());
    assertEquals(0.5684867867228725, loaded.coefficients().apply(0), 1e-6);

    String here = tmp.resolve("here.csv").toString();
    assertEquals(0, SparkGlm.run(new String[] {"predict", "--model", model.toString(), "--data", data, "--out",
        here}));
    String fresh = tmp.resolve("fresh.csv").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognized") || arg.startsWith("-Djdk.")
          || arg.startsWith("-Dio.netty")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(List.of("-Dlog4j2.level=ERROR", "-cp", System.getProperty("java.class.path"),
        "io.sparkglm.spark.cli.SparkGlm", "predict", "--model", model.toString(), "--data", data, "--out", fresh,
        "--master", "local[1]"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("fresh.log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process proc = pb.start();
    assertTrue(proc.waitFor(180, TimeUnit.SECONDS), "fresh JVM timed out");
    assertEquals(0, proc.exitValue(), Files.readString(tmp.resolve("fresh.log")));
    List<Double> a = predictions(here);
    List<Double> b = predictions(fresh);
    assertEquals(3000, a.size());
    assertEquals(a, b, "predictions in a fresh JVM must be identical");

    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, SparkGlm.run(new String[] {"summary", "--model", model.toString()}));
    } finally {
      System.setOut(old);
    }
    String table = buf.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("(Intercept)") && table.contains("Pr(>|z|)") && table.contains("x6"), table);
    assertTrue(table.contains("Residual deviance"), table);
  }

  @Test
  void pathWritesATableAndAPlot() throws Exception {
    SparkTestSession.get();
    Path out = tmp.resolve("path");
    assertEquals(0, SparkGlm.run(new String[] {"path", "--data", resource("gauss_corr.csv"), "--family",
        "gaussian", "--elastic-net", "1", "--n-lambda", "12", "--out", out.toString()}));
    List<String> lines = Files.readAllLines(out.resolve("path.csv"));
    assertEquals(13, lines.size());
    assertTrue(lines.get(0).startsWith("lambda,nonZeros,objective"));
    assertTrue(lines.get(1).split(",")[1].equals("0"), "first point has no non-zero coefficient");
    String svg = Files.readString(out.resolve("path.svg"));
    assertTrue(svg.startsWith("<svg") && svg.contains("<polyline"), "an SVG with lines");
    assertTrue(new File(out.toFile(), "path.csv").length() > 0);
  }
}
