package io.sparkglm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the PySpark suite ({@code glm-spark/src/test/python}, pytest under pip's {@code pyspark} of the project's
 * Spark version) against the one jar this module packages, through {@code scripts/python-tests} (which gets the
 * virtual environment from {@code scripts/python-env} and installs the suite's pinned requirements into it). Its
 * output is in {@code target/python-it/pytest.out} and, on failure, in the assertion message.
 */
class PySparkIT {
  @Test
  void pytestSuitePassesAgainstTheOneJar() throws Exception {
    Path root = Path.of(System.getProperty("sparkglm.root")).toRealPath();
    Path jar = Path.of(System.getProperty("sparkglm.jar"));
    assertTrue(Files.isRegularFile(jar), "the packaged jar " + jar);
    Path dir = Path.of(System.getProperty("sparkglm.itDir"));
    Files.createDirectories(dir);
    Path out = dir.resolve("pytest.out");
    Path junitXml = dir.resolve("pytest-junit.xml");
    ProcessBuilder pb = new ProcessBuilder(List.of(root.resolve("scripts/python-tests").toString(), "-q",
        "--junitxml=" + junitXml)).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile());
    pb.environment().put("SPARKGLM_JAR", jar.toString());
    pb.environment().put("SPARKGLM_SPARK_VERSION", System.getProperty("sparkglm.sparkVersion"));
    Process p = pb.start();
    boolean done = p.waitFor(12, TimeUnit.MINUTES);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);  // PySpark's JVM too
      p.destroyForcibly();
    }
    String output = Files.readString(out);
    assertTrue(done, "scripts/python-tests did not finish in 12 minutes:\n" + output);
    assertEquals(0, p.exitValue(), "scripts/python-tests failed:\n" + output);
    assertTrue(output.contains(" passed") && !output.contains(" skipped"), output);
  }

  /**
   * The README's spark-submit line ({@code scripts/spark-submit-example --run local}, no {@code --jars}) with PySpark's
   * own spark-submit and the one jar as the application: the command line runs, and async-admm, the solver of the
   * last module, is found through the jar's merged solver registrations.
   */
  @Test
  void sparkSubmitRunsTheCommandLineFromTheOneJar() throws Exception {
    Path root = Path.of(System.getProperty("sparkglm.root")).toRealPath();
    Path dir = Path.of(System.getProperty("sparkglm.itDir"));
    Files.createDirectories(dir);
    ProcessBuilder envBuilder = new ProcessBuilder(root.resolve("scripts/python-env").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("python-env.out").toFile());
    envBuilder.environment().put("SPARKGLM_SPARK_VERSION", System.getProperty("sparkglm.sparkVersion"));
    Process env = envBuilder.start();
    assertEquals(0, env.waitFor(), "scripts/python-env:\n" + Files.readString(dir.resolve("python-env.out")));
    Path venv = Path.of(Files.readString(dir.resolve("python-env.out")).strip().lines().reduce((a, b) -> b)
        .orElseThrow());
    Path out = dir.resolve("submit-async-admm");
    Path log = dir.resolve("submit-async-admm.log");
    ProcessBuilder pb = new ProcessBuilder(List.of(root.resolve("scripts/spark-submit-example").toString(), "--run",
        "local", "train", "--data", root.resolve("scripts/sample/binom.csv").toString(), "--family", "binomial",
        "--reg-param", "0.034", "--elastic-net", "1", "--solver", "async-admm", "--out", out.toString(),
        "--overwrite")).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", venv.resolve("spark-home").toString());
    pb.environment().remove("SPARKGLM_SUBMIT_JARS");
    // The jar this build packaged (under -Pspark-4.2 it is in target/spark-4.2, not where the script looks first).
    pb.environment().put("SPARKGLM_ONE_JAR", System.getProperty("sparkglm.jar"));
    Process p = pb.start();
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);  // PySpark's JVM too
      p.destroyForcibly();
    }
    String output = Files.readString(log);
    assertTrue(done && p.exitValue() == 0, "spark-submit with the one jar failed:\n" + output);
    String summary = Files.readString(out.resolve("summary.json"));
    assertTrue(Pattern.compile("\"solver\"\\s*:\\s*\"async-admm\"").matcher(summary).find(), summary);
    assertTrue(Pattern.compile("\"converged\"\\s*:\\s*true").matcher(summary).find(), summary);
  }
}
