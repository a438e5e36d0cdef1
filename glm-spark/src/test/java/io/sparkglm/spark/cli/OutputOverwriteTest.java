package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.spark.JobCounter;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.ml.GlmRegressionModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 (5): train, path and predict refuse a non-empty output directory unless {@code --overwrite} (before
 * Spark runs a job), replace it completely with it, write into an empty one, and a failed run leaves the old
 * outputs and no temporary directory.
 */
class OutputOverwriteTest {
  private static JobCounter jobs;

  @TempDir
  Path tmp;

  @BeforeAll
  static void session() {
    jobs = JobCounter.on(SparkTestSession.get().sparkContext());
  }

  private static String data() throws Exception {
    return Path.of(OutputOverwriteTest.class.getResource("/reference/data/gauss_tiny.csv").toURI()).toString();
  }

  /** Runs the command, returning {exit code, stderr}. */
  private static Object[] run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Object[] {SparkGlm.run(args), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(old);
    }
  }

  private static Object[] train(Path out, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("train", "--data", data(), "--family", "gaussian", "--out",
        out.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(new String[0]));
  }

  /** An old output: a summary.json saying "old" and a stray file. */
  private static Path old(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("summary.json"), "old");
    Files.writeString(dir.resolve("stray.txt"), "stray");
    return dir;
  }

  private static void assertOld(Path dir) throws IOException {
    assertEquals("old", Files.readString(dir.resolve("summary.json")));
    assertEquals("stray", Files.readString(dir.resolve("stray.txt")));
  }

  private static void assertRefused(Object[] r, String flag, Path dir) {
    String err = (String) r[1];
    assertEquals(2, r[0], err);
    assertEquals("sparkglm: " + flag + " " + dir + " exists and is not empty; pass --overwrite to replace it or "
        + "choose another directory", err.strip());
  }

  /** Nothing in {@code parent} but {@code names}: no temporary or moved-aside directory left. */
  private static void assertOnly(Path parent, String... names) throws IOException {
    try (Stream<Path> s = Files.list(parent)) {
      assertEquals(List.of(names), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void trainRefusesANonEmptyOutOrModelBeforeAnySparkJob() throws Exception {
    Path out = old(tmp.resolve("out"));
    long before = jobs.count();
    assertRefused(train(out), "--out", out);
    Path model = old(tmp.resolve("model"));
    assertRefused(train(tmp.resolve("fresh"), "--save-model", model.toString()), "--save-model", model);
    assertEquals(before, jobs.count(), "no Spark job ran");
    assertOld(out);
    assertOld(model);
    assertOnly(tmp, "model", "out");
  }

  @Test
  void trainWithOverwriteReplacesOutAndModelCompletely() throws Exception {
    Path out = old(tmp.resolve("out"));
    Path model = old(tmp.resolve("model"));
    Object[] r = train(out, "--save-model", model.toString(), "--overwrite");
    assertEquals(0, r[0], (String) r[1]);
    assertTrue(Files.readString(out.resolve("summary.json")).contains("\"family\" : \"gaussian\""));
    assertFalse(Files.exists(out.resolve("stray.txt")), "the old stray file is gone");
    assertFalse(Files.exists(model.resolve("stray.txt")), "the old stray file is gone");
    assertEquals(3, GlmRegressionModel.load(model.toString()).numFeatures());
    assertOnly(tmp, "model", "out");
  }

  @Test
  void emptyExistingDirectoriesAndAModelInsideOutAreWritten() throws Exception {
    Path out = Files.createDirectory(tmp.resolve("out"));
    Path model = Files.createDirectory(tmp.resolve("model"));
    Object[] r = train(out, "--save-model", model.toString());
    assertEquals(0, r[0], (String) r[1]);
    assertTrue(Files.exists(out.resolve("summary.json")) && Files.exists(model.resolve("summary.json")));
    assertEquals(3, GlmRegressionModel.load(model.toString()).numFeatures());

    Path nested = tmp.resolve("run");
    r = train(nested, "--save-model", nested.resolve("model").toString());
    assertEquals(0, r[0], (String) r[1]);
    assertEquals(3, GlmRegressionModel.load(nested.resolve("model").toString()).numFeatures());
    assertOnly(nested, "model", "summary.json");
    r = train(nested.resolve("model/fit"), "--save-model", nested.resolve("model").toString(), "--overwrite");
    assertEquals(2, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains("must not be the --save-model directory"), (String) r[1]);
    assertOnly(tmp, "model", "out", "run");
  }

  @Test
  void aFailedFitLeavesTheOldOutputsAndNoTemporaryDirectory() throws Exception {
    Path bad = tmp.resolve("bad.csv");
    Files.write(bad, List.of("label,a", "1,0.5", "2,NaN"));
    Path out = old(tmp.resolve("out"));
    Path model = old(tmp.resolve("model"));
    Object[] r = run("train", "--data", bad.toString(), "--family", "gaussian", "--out", out.toString(),
        "--save-model", model.toString(), "--overwrite");
    assertEquals(2, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains("bad.csv"), (String) r[1]);
    assertOld(out);
    assertOld(model);
    assertOnly(tmp, "bad.csv", "model", "out");
  }

  @Test
  void pathRefusesANonEmptyOutAndOverwritesIt() throws Exception {
    Path out = old(tmp.resolve("path"));
    List<String> args = new ArrayList<>(List.of("path", "--data", data(), "--family", "gaussian", "--elastic-net",
        "1", "--n-lambda", "3", "--out", out.toString()));
    long before = jobs.count();
    assertRefused(run(args.toArray(new String[0])), "--out", out);
    assertEquals(before, jobs.count(), "no Spark job ran");
    assertOld(out);
    args.add("--overwrite");
    Object[] r = run(args.toArray(new String[0]));
    assertEquals(0, r[0], (String) r[1]);
    assertOnly(out, "path.csv", "path.svg");
    assertOnly(tmp, "path");
  }

  @Test
  void predictRefusesANonEmptyOutAndOverwritesIt() throws Exception {
    Path model = tmp.resolve("model");
    Object[] r = train(tmp.resolve("fit"), "--save-model", model.toString());
    assertEquals(0, r[0], (String) r[1]);
    Path out = old(tmp.resolve("pred.csv"));
    String[] args = {"predict", "--model", model.toString(), "--data", data(), "--out", out.toString()};
    long before = jobs.count();
    assertRefused(run(args), "--out", out);
    assertEquals(before, jobs.count(), "no Spark job ran");
    assertOld(out);
    List<String> overwrite = new ArrayList<>(List.of(args));
    overwrite.add("--overwrite");
    r = run(overwrite.toArray(new String[0]));
    assertEquals(0, r[0], (String) r[1]);
    assertFalse(Files.exists(out.resolve("stray.txt")) || Files.exists(out.resolve("summary.json")));
    assertEquals(8, SparkTestSession.get().read().option("header", "true").csv(out.toString()).count());
    r = run("predict", "--model", model.toString(), "--data", data(), "--out", model.toString(), "--overwrite");
    assertEquals(2, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains("must not be the --model directory"), (String) r[1]);
    assertEquals(3, GlmRegressionModel.load(model.toString()).numFeatures(), "the model is intact");
    // A URI is Spark's to write (ErrorIfExists unless --overwrite), without the staging.
    String uri = tmp.resolve("uri.csv").toUri().toString();
    r = run("predict", "--model", model.toString(), "--data", data(), "--out", uri);
    assertEquals(0, r[0], (String) r[1]);
    assertEquals(8, SparkTestSession.get().read().option("header", "true").csv(uri).count());
    r = run("predict", "--model", model.toString(), "--data", data(), "--out", uri);
    assertEquals(1, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains("already exists"), (String) r[1]);
    assertEquals(0, run("predict", "--model", model.toString(), "--data", data(), "--out", uri, "--overwrite")[0]);
    assertOnly(tmp, "fit", "model", "pred.csv", "uri.csv");
  }
}
