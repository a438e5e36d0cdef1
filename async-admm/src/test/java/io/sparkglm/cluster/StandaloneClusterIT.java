package io.sparkglm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's cluster: {@code scripts/cluster start} (a Master and 2 one-core Workers on loopback, from the jars Maven
 * resolved), then {@code scripts/sparkglm train --master spark://...} with the project's jars shipped to the
 * executors; every cluster fit must equal the same command on {@code local[*]} to 1e-9 (intercept, coefficients,
 * objective of {@code summary.json}). Two fits lose an executor JVM mid-fit (SIGKILL, pid found from the Worker's
 * state): Spark re-runs the lost tasks, the cached partitions recompute from lineage, the Worker launches a new
 * executor, and the answer is still the local one. Runs in {@code mvn verify} (failsafe, after every module is
 * packaged); the scripts get the classpath Maven wrote and never call Maven. The cluster is stopped in
 * {@link #stopCluster()} whatever happened, and no process of it may survive.
 */
class StandaloneClusterIT {
  private static final double TOL = 1e-9;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path root;
  private static Path work;
  private static Map<String, String> env;
  private static LoopbackCluster cluster;
  private static String master;
  private static Thread stopOnExit;

  @BeforeAll
  static void startCluster() throws Exception {
    root = Path.of(System.getProperty("sparkglm.root")).toRealPath();
    work = Path.of(System.getProperty("sparkglm.itDir")).toAbsolutePath();
    Path clusterDir = work.resolve("cluster");
    env = Map.of("SPARKGLM_CLASSPATH", Files.readString(Path.of(System.getProperty("sparkglm.classpathFile"))).strip(),
        "SPARKGLM_CLUSTER_DIR", clusterDir.toString(), "SPARKGLM_DRIVER_MEMORY", "1g");
    cluster = new LoopbackCluster(root, clusterDir, env);
    if (Files.isDirectory(clusterDir.resolve("run"))) {
      cluster.stop();  // leftovers of a test JVM that was killed before its teardown
    }
    deleteRecursively(work);
    Files.createDirectories(work);
    stopOnExit = new Thread(() -> {
      try {
        cluster.stop();
      } catch (Exception e) {
        // best effort on JVM exit; the normal path is stopCluster()
      }
    });
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    master = cluster.start();
    assertTrue(master.matches("spark://127\\.0\\.0\\.1:\\d+"), master);
    String status = cluster.status();
    assertTrue(status.contains("workers alive (registered with the master): 2"), status);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster == null) {
      return;
    }
    cluster.stop();
    Runtime.getRuntime().removeShutdownHook(stopOnExit);
    List<ProcessHandle> left = cluster.processes();
    left.forEach(ProcessHandle::destroyForcibly);
    assertTrue(left.isEmpty(), () -> "processes of the cluster left after scripts/cluster stop: "
        + left.stream().map(p -> p.pid() + " " + p.info().command().orElse("?")).collect(Collectors.joining(", ")));
    String again = ScriptRun.run(root, env, work.resolve("stop-again.out"), "cluster", List.of("stop"));
    assertFalse(again.contains("stopped"), "a second stop finds nothing to stop: " + again);
  }

  /** The default solver (newton at p = 15) on the sample CSV: same answer, and the jars reached the executors. */
  @Test
  void clusterFitEqualsLocalFit() throws Exception {
    List<String> args = List.of("--data", root.resolve("scripts/sample/binom.csv").toString(), "--family",
        "binomial", "--reg-param", "0.034", "--elastic-net", "1", "--partitions", "4", "--tol", "1e-10");
    JsonNode local = train("newton-local", args, false);
    List<String> appsBefore = appDirs();
    JsonNode onCluster = train("newton-cluster", args, true);
    assertSameFit(local, onCluster);
    List<String> apps = appDirs();
    apps.removeAll(appsBefore);
    assertEquals(1, apps.size(), "one new application on the cluster: " + apps);
    List<String> shipped = new ArrayList<>();
    for (Path exec : cluster.executorDirs(apps.get(0))) {
      try (var files = Files.list(exec)) {
        files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith("-0.1.0-SNAPSHOT.jar")).forEach(shipped::add);
      }
    }
    for (String module : List.of("glm-core", "glm-spark", "admm", "async-admm")) {
      assertTrue(shipped.contains(module + "-0.1.0-SNAPSHOT.jar"), module + "'s jar not fetched by an executor: "
          + shipped);
    }
  }

  /**
   * Issue 20: async-admm (only on {@code --jars}, never on the driver's classpath) on the cluster, through
   * {@code scripts/sparkglm --master} and through a real {@code spark-submit} (PySpark's) in client mode with the
   * README's {@code --jars} line; the README's command otherwise (the sample's one partition, so the asynchronous
   * schedule is deterministic and the answers equal the local one).
   */
  @Test
  void asyncAdmmRunsOnTheCluster() throws Exception {
    List<String> args = List.of("--data", root.resolve("scripts/sample/binom.csv").toString(), "--family",
        "binomial", "--reg-param", "0.034", "--elastic-net", "1", "--solver", "async-admm");
    JsonNode local = train("async-admm-local", args, false);
    assertSameFit(local, train("async-admm-cluster", args, true));

    Path sparkHome = ScriptRun.pysparkHome(root, work.resolve("python-env.out"));
    Path out = work.resolve("async-admm-submit");
    List<String> cmd = new ArrayList<>(List.of("--run", "standalone", master, "train"));
    cmd.addAll(args);
    cmd.addAll(List.of("--out", out.toString()));
    // The module jars: dist packages the one jar after this module.
    ScriptRun.run(root, Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_LOCAL_IP", "127.0.0.1",
        "SPARKGLM_SUBMIT_JARS", "modules", "SPARKGLM_SUBMIT_OPTS", "--total-executor-cores 2 --executor-memory 1g "
        + "--conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1"),
        work.resolve("async-admm-submit.log"), "spark-submit-example", cmd);
    assertSameFit(local, JSON.readTree(out.resolve("summary.json").toFile()));
  }

  /**
   * L-BFGS (OWL-QN) on 10,000 generated rows (seed001, L1) at the default tolerance (1e-7, reached at about
   * iteration 80), an executor killed at iteration 10. The fit stops on its KKT test, well before OWL-QN's
   * objective-stall test (relative change 1e-15) would fire near the precision limit (about iteration 90). The
   * rows are a test resource written by {@code scripts/gen-data --datasets seed001 --rows 10000} (the generator
   * is in the benchmarks module, built after this one).
   */
  @Test
  void lbfgsSurvivesAKilledExecutor() throws Exception {
    Path data = root.resolve("async-admm/src/test/resources/seed001-10000.parquet");
    List<String> args = List.of("--data", data.toString(), "--family", "binomial",
        "--fit-intercept", "false", "--standardize", "false", "--reg-param", "0.0137", "--elastic-net", "1",
        "--solver", "lbfgs", "--partitions", "4", "--max-iter", "500");
    assertSurvivesKill("lbfgs", args, 10);
  }

  /**
   * Issue 16 item 2: lbfgs with {@code --aggregation allreduce} (one barrier stage of 2 tasks, one per worker, over
   * 4 partitions) on the sample CSV, with Spark's own one-second all-gather polling
   * ({@code spark.sparkglm.allreduce.wake=false}) so the stage lasts tens of seconds, worker 1's executor killed 8 s
   * into the stage. sparkglm resubmits the barrier stage (Spark does not retry a barrier result stage) once a
   * replacement executor has registered, and the fit
   * ends at the local fit's optimum.
   */
  @Test
  void allreduceSurvivesAKilledExecutor() throws Exception {
    List<String> args = List.of("--data", root.resolve("scripts/sample/binom.csv").toString(), "--family",
        "binomial", "--reg-param", "0.034", "--elastic-net", "1", "--solver", "lbfgs", "--partitions", "4",
        "--aggregation", "allreduce");
    JsonNode local = train("allreduce-local", args, false);
    Path out = work.resolve("allreduce-killed");
    List<String> cmd = new ArrayList<>(List.of("train"));
    cmd.addAll(args);
    cmd.addAll(List.of("--out", out.toString(), "--master", master, "--conf", "spark.ui.enabled=false", "--conf",
        "spark.sparkglm.allreduce.wake=false"));
    try (ScriptRun fit = ScriptRun.start(root, env, work.resolve("allreduce-killed.log"), "sparkglm", cmd)) {
      long deadline = System.nanoTime() + ScriptRun.TIMEOUT.toNanos();
      while (!fit.log().contains(" barrier tasks")) {
        assertTrue(System.nanoTime() < deadline, "no barrier stage:\n" + fit.tail());
        Thread.sleep(200);
      }
      Thread.sleep(8000);
      String app = cluster.newestActiveApp();
      List<LoopbackCluster.Executor> executors = cluster.executors(1, app);
      assertEquals(1, executors.size(), "worker-1 runs one executor of " + app + ": " + executors);
      LoopbackCluster.Executor victim = executors.get(0);
      assertTrue(victim.process().destroyForcibly(), "SIGKILL sent");
      victim.process().onExit().get();
      String log = fit.awaitSuccess();
      assertTrue(log.contains("Lost executor " + victim.executorId()), "the driver saw the executor go:\n"
          + fit.tail());
      assertTrue(log.contains("the allreduce stage failed (attempt 1 of"), "the stage was resubmitted:\n"
          + fit.tail());
      JsonNode killed = JSON.readTree(out.resolve("summary.json").toFile());
      assertTrue(killed.path("timings").path("solver").asDouble() > 8, "the kill landed mid-stage: "
          + killed.path("timings"));
      assertSameFit(local, killed);
    }
  }

  /** Consensus ADMM on the sample CSV (66 iterations), one partition slowed 100 ms per round, killed at 5. */
  @Test
  void admmSurvivesAKilledExecutor() throws Exception {
    List<String> args = List.of("--data", root.resolve("scripts/sample/binom.csv").toString(), "--family",
        "binomial", "--reg-param", "0.034", "--elastic-net", "1", "--solver", "admm", "--solver-option",
        "slowPartition=0", "--solver-option", "slowMillis=100", "--partitions", "4", "--tol", "1e-10",
        "--max-iter", "500");
    assertSurvivesKill("admm", args, 5);
  }

  /**
   * Issue 14 (4): data larger than the executors' storage memory. Executors of 512 MB with
   * {@code spark.memory.fraction=0.1} hold about 20 MB of blocks each; 600,000 rows x 15 features are about 77 MB
   * of blocks, so the default {@code MEMORY_AND_DISK} level writes most partitions to the executors' local disks
   * (their logs say "Not enough space to cache"), and the fit still ends at the local answer.
   */
  @Test
  void blocksLargerThanTheExecutorsStorageMemorySpillToDisk() throws Exception {
    Path data = work.resolve("spill.csv");
    writeLogisticCsv(data, 600_000, 15, 7L);
    List<String> args = List.of("--data", data.toString(), "--family", "binomial", "--reg-param", "0.001",
        "--partitions", "8", "--tol", "1e-10");
    JsonNode local = train("spill-local", args, false);
    List<String> appsBefore = appDirs();
    List<String> small = new ArrayList<>(args);
    small.addAll(List.of("--conf", "spark.executor.memory=512m", "--conf", "spark.memory.fraction=0.1"));
    JsonNode onCluster = train("spill-cluster", small, true);
    assertSameFit(local, onCluster);
    assertEquals(600_000, onCluster.path("rows").asLong());
    List<String> apps = appDirs();
    apps.removeAll(appsBefore);
    assertEquals(1, apps.size(), "one new application on the cluster: " + apps);
    int spilled = 0;
    for (Path exec : cluster.executorDirs(apps.get(0))) {
      Path stderr = exec.resolve("stderr");
      if (Files.exists(stderr) && Files.readString(stderr).contains("Not enough space to cache")) {
        spilled++;
      }
    }
    assertTrue(spilled >= 1, "an executor was expected to put blocks on disk: " + cluster.executorDirs(apps.get(0)));
  }

  /** {@code rows} rows of a logistic model with {@code p} standard normal features, label first, as CSV. */
  private static void writeLogisticCsv(Path file, int rows, int p, long seed) throws IOException {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    try (var w = Files.newBufferedWriter(file)) {
      StringBuilder header = new StringBuilder("label");
      for (int j = 0; j < p; j++) {
        header.append(",x").append(j);
      }
      w.write(header.append('\n').toString());
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < rows; i++) {
        line.setLength(0);
        double eta = 0.3;
        double[] x = new double[p];
        for (int j = 0; j < p; j++) {
          x[j] = Math.round(gaussian(rnd) * 1e4) / 1e4;
          eta += (j % 3 - 1) * 0.5 * x[j];
        }
        line.append(rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? '1' : '0');
        for (double v : x) {
          line.append(',').append(v);
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  private static double gaussian(java.util.SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  private void assertSurvivesKill(String name, List<String> args, int killAt) throws Exception {
    JsonNode local = train(name + "-local", args, false);
    Path out = work.resolve(name + "-killed");
    List<String> cmd = new ArrayList<>(List.of("train"));
    cmd.addAll(args);
    cmd.addAll(List.of("--out", out.toString(), "--master", master, "--conf", "spark.ui.enabled=false"));
    try (ScriptRun fit = ScriptRun.start(root, env, work.resolve(name + "-killed.log"), "sparkglm", cmd)) {
      fit.awaitIteration(killAt);
      String app = cluster.newestActiveApp();
      List<LoopbackCluster.Executor> executors = cluster.executors(1, app);
      assertEquals(1, executors.size(), "worker-1 runs one executor of " + app + ": " + executors);
      LoopbackCluster.Executor victim = executors.get(0);
      assertTrue(victim.process().destroyForcibly(), "SIGKILL sent");
      victim.process().onExit().get();
      int iterationAtKill = fit.lastIteration();
      String log = fit.awaitSuccess();

      assertTrue(log.contains("Lost executor " + victim.executorId()), "the driver saw the executor go:\n"
          + fit.tail());
      JsonNode killed = JSON.readTree(out.resolve("summary.json").toFile());
      assertTrue(killed.path("iterations").asInt() > iterationAtKill, "the kill landed mid-fit (iteration "
          + iterationAtKill + " of " + killed.path("iterations").asInt() + ")");
      assertTrue(cluster.executorDirs(app).size() >= 3, "the Worker launched a replacement executor: "
          + cluster.executorDirs(app));
      assertSameFit(local, killed);
    }
  }

  /** {@code scripts/sparkglm train ARGS --out DIR [--master URL]}; returns summary.json. */
  private JsonNode train(String name, List<String> args, boolean onCluster) throws Exception {
    Path out = work.resolve(name);
    List<String> cmd = new ArrayList<>(List.of("train"));
    cmd.addAll(args);
    cmd.addAll(List.of("--out", out.toString()));
    if (onCluster) {
      cmd.addAll(List.of("--master", master, "--conf", "spark.ui.enabled=false"));
    }
    ScriptRun.run(root, env, work.resolve(name + ".log"), "sparkglm", cmd);
    return JSON.readTree(out.resolve("summary.json").toFile());
  }

  private static void assertSameFit(JsonNode expected, JsonNode actual) {
    assertEquals("CONVERGED", expected.path("status").asText(), "local fit status");
    assertEquals("CONVERGED", actual.path("status").asText(), "cluster fit status");
    assertEquals(expected.path("solver").asText(), actual.path("solver").asText(), "solver");
    assertClose(expected.path("intercept").asDouble(0), actual.path("intercept").asDouble(0), "intercept");
    assertClose(expected.path("objective").asDouble(), actual.path("objective").asDouble(), "objective");
    JsonNode b0 = expected.path("coefficients");
    JsonNode b1 = actual.path("coefficients");
    assertEquals(b0.size(), b1.size(), "number of coefficients");
    assertTrue(b0.size() > 0, "coefficients present");
    for (int j = 0; j < b0.size(); j++) {
      assertClose(b0.get(j).asDouble(), b1.get(j).asDouble(), "coefficient " + j);
    }
  }

  private static void assertClose(double expected, double actual, String what) {
    assertTrue(Double.isFinite(expected) && Math.abs(expected - actual) <= TOL, what + ": local " + expected
        + ", cluster " + actual);
  }

  private List<String> appDirs() throws IOException {
    List<String> apps = new ArrayList<>();
    Path workDirs = work.resolve("cluster/work");
    try (var workers = Files.list(workDirs)) {
      for (Path w : workers.toList()) {
        try (var a = Files.list(w)) {
          a.map(p -> p.getFileName().toString()).filter(n -> !apps.contains(n)).forEach(apps::add);
        }
      }
    }
    return apps;
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
