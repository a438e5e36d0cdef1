package io.sparkglm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: every solver that README.md and {@code sparkglm --help} list runs from the entry points a user has,
 * each fit its own process on the sample data: {@code scripts/sparkglm train} (glm-spark on the JVM classpath, the
 * other modules through {@code --jars}, where {@code async-admm} was unreachable) and a real {@code spark-submit}
 * (PySpark's, from {@code scripts/python-env}) with the README's {@code --jars} line
 * ({@code scripts/spark-submit-example --run local}).
 *
 * <p>What each fit must give: the requested solver in {@code summary.json}; for the deterministic solvers
 * CONVERGED and newton's objective to 1e-9 relative; for the stochastic ones (an epoch budget, so typically
 * MAX_ITERATIONS) newton's objective to 1e-2 relative and a status that matches the certified KKT violation. gd
 * takes no L1, so it solves the ridge problem and is compared with newton's ridge fit.
 */
class CommandLineSolversIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The solver list of {@code sparkglm --help} (and of its copy in README.md's command reference). */
  private static final Pattern SOLVER_LIST = Pattern.compile("Solvers found at run time: ([a-z, \\n-]+)\\.");
  private static final Set<String> STOCHASTIC = Set.of("sgd", "parallel-sgd", "local-sgd", "downpour-sgd");
  private static final Set<String> LOCAL_SGD = Set.of("parallel-sgd", "local-sgd");
  private static final Set<String> SMOOTH_ONLY = Set.of("gd");
  private static Path root;
  private static Path work;
  private static Map<String, String> env;
  private static List<String> solvers;
  private static double lassoObjective;
  private static double ridgeObjective;

  @BeforeAll
  static void setUp() throws Exception {
    root = Path.of(System.getProperty("sparkglm.root")).toRealPath();
    work = Path.of(System.getProperty("sparkglm.itDir")).toAbsolutePath().getParent().resolve("cli-it");
    env = Map.of("SPARKGLM_CLASSPATH",
        Files.readString(Path.of(System.getProperty("sparkglm.classpathFile"))).strip(),
        "SPARKGLM_DRIVER_MEMORY", "1g");
    Files.createDirectories(work);
    String help = ScriptRun.run(root, env, work.resolve("help.out"), "sparkglm", List.of("--help"));
    solvers = solverList(help, "sparkglm --help");
    assertEquals(new TreeSet<>(solverList(Files.readString(root.resolve("README.md")), "README.md")),
        new TreeSet<>(solvers), "README.md and --help list the same solvers");
    assertTrue(solvers.containsAll(List.of("auto", "newton", "lbfgs", "admm", "async-admm", "sgd")), "" + solvers);
    lassoObjective = objective(sparkglm("newton-lasso", problem("newton", false)));
    ridgeObjective = objective(sparkglm("newton-ridge", problem("newton", true)));
  }

  @Test
  void everyListedSolverRunsThroughScriptsSparkglm() throws Exception {
    for (String solver : solvers) {
      assertFit(solver, sparkglm(solver, problem(solver, SMOOTH_ONLY.contains(solver))), "scripts/sparkglm");
    }
  }

  /**
   * Through a real spark-submit, the solver registry sees every solver of every module: the help printed by the
   * submitted application lists the same solvers as README.md. Then one fit per module that registers solvers
   * (glm-spark's newton and sgd, admm's admm, async-admm's async-admm): a solver is found through its module's jar on
   * {@code --jars}, which these fits exercise for every jar; the fits of every solver run through scripts/sparkglm
   * above (one process per solver as well), so repeating all of them here would only repeat those.
   */
  @Test
  void everyListedSolverRunsThroughARealSparkSubmit() throws Exception {
    Path sparkHome = ScriptRun.pysparkHome(root, work.resolve("python-env.out"));
    assertTrue(Files.isExecutable(sparkHome.resolve("bin/spark-submit")), "PySpark's spark-submit: " + sparkHome);
    // The module jars: dist packages the one jar after this module (dist's PySparkIT submits that one).
    Map<String, String> submitEnv = Map.of("SPARK_HOME", sparkHome.toString(), "SPARKGLM_SUBMIT_JARS", "modules");
    String help = ScriptRun.run(root, submitEnv, work.resolve("submit-help.log"), "spark-submit-example",
        List.of("--run", "local", "--help"));
    assertEquals(new TreeSet<>(solvers), new TreeSet<>(solverList(help, "--help through spark-submit")),
        "spark-submit's application finds every solver that scripts/sparkglm --help lists");
    for (String solver : List.of("newton", "sgd", "admm", "async-admm")) {
      Path out = work.resolve("submit-" + solver);
      List<String> args = new ArrayList<>(List.of("--run", "local", "train"));
      args.addAll(problem(solver, SMOOTH_ONLY.contains(solver)));
      args.addAll(List.of("--out", out.toString(), "--overwrite"));  // target/cli-it outlives a run
      String log = ScriptRun.run(root, submitEnv, work.resolve("submit-" + solver + ".log"), "spark-submit-example",
          args);
      assertTrue(log.contains("org.apache.spark.deploy.SparkSubmit") || log.contains("SparkContext"),
          "Spark's own spark-submit ran:\n" + log.lines().limit(20).reduce("", (a, b) -> a + "\n" + b));
      assertFit(solver, JSON.readTree(out.resolve("summary.json").toFile()), "spark-submit");
    }
  }

  /**
   * Issue 18, "defaults that converge", the way a user runs it: {@code async-admm} on the Wisconsin breast-cancer
   * table (admm's test resource) with every option at its default but the problem (binomial lasso, lambda 0.01):
   * CONVERGED to the default {@code --tol} within the default {@code --max-iter} (rounds of N consensus updates;
   * the history numbers the updates), newton's objective to 1e-6 relative.
   */
  @Test
  void asyncAdmmWithEveryDefaultConvergesOnBreastCancer() throws Exception {
    List<String> args = new ArrayList<>(List.of("--data",
        root.resolve("admm/src/test/resources/breast_cancer.csv").toString(), "--label-col", "label", "--family",
        "binomial", "--reg-param", "0.01", "--elastic-net", "1"));
    double reference = objective(sparkglm("breast-cancer-newton", with(args, "--solver", "newton")));
    // The default partitions (one for this small file), then three: asynchronous updates in rounds of 3.
    for (List<String> run : List.of(with(args, "--solver", "async-admm"),
        with(args, "--solver", "async-admm", "--partitions", "3"))) {
      JsonNode async = sparkglm("breast-cancer-async-admm-" + run.size(), run);
      JsonNode history = async.path("history");
      JsonNode last = history.get(history.size() - 1);
      int rounds = async.path("iterations").asInt();
      String what = "async-admm " + run.subList(args.size(), run.size()) + ": " + async.path("status").asText()
          + " after " + rounds + " rounds (" + last.path("iteration").asInt() + " updates), KKT "
          + async.path("kktViolation");
      assertEquals("CONVERGED", async.path("status").asText(), what);
      assertEquals(100, async.path("maxIter").asInt(), "the default --max-iter");
      assertTrue(async.path("kktViolation").asDouble() <= async.path("tol").asDouble(), what);
      assertTrue(rounds <= 100 && last.path("iteration").asInt() >= rounds, what);
      assertEquals(last.path("round").asInt(), rounds, what);
      assertEquals(reference, async.path("objective").asDouble(), 1e-6 * Math.abs(reference), what);
    }
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> out = new ArrayList<>(args);
    out.addAll(List.of(more));
    return out;
  }

  /** The solver names of the first {@code [--solver a|b|...]} in {@code text}. */
  private static List<String> solverList(String text, String where) {
    Matcher m = SOLVER_LIST.matcher(text);
    assertTrue(m.find(), "no 'Solvers found at run time: ...' list in " + where);
    return List.copyOf(new LinkedHashSet<>(List.of(m.group(1).strip().split("[,\\s]+"))));
  }

  /** The sample's lasso (or, for solvers without L1, ridge) logistic regression with this solver. */
  private static List<String> problem(String solver, boolean ridge) {
    return List.of("--data", root.resolve("scripts/sample/binom.csv").toString(), "--family", "binomial",
        "--reg-param", "0.034", "--elastic-net", ridge ? "0" : "1", "--solver", solver);
  }

  private static JsonNode sparkglm(String name, List<String> args) throws Exception {
    Path out = work.resolve("sparkglm-" + name);
    List<String> cmd = new ArrayList<>(List.of("train"));
    cmd.addAll(args);
    cmd.addAll(List.of("--out", out.toString(), "--overwrite"));  // target/cli-it outlives a run
    ScriptRun.run(root, env, work.resolve("sparkglm-" + name + ".log"), "sparkglm", cmd);
    return JSON.readTree(out.resolve("summary.json").toFile());
  }

  private static double objective(JsonNode summary) {
    assertEquals("CONVERGED", summary.path("status").asText(), "newton's status");
    return summary.path("objective").asDouble();
  }

  private static void assertFit(String solver, JsonNode s, String how) {
    String what = solver + " through " + how;
    String expectedSolver = solver.equals("auto") ? "newton" : solver;
    assertEquals(expectedSolver, s.path("solver").asText(), what + ": solver");
    double reference = SMOOTH_ONLY.contains(solver) ? ridgeObjective : lassoObjective;
    double objective = s.path("objective").asDouble(Double.NaN);
    double relative = Math.abs(objective - reference) / Math.abs(reference);
    String status = s.path("status").asText();
    double kkt = s.path("kktViolation").asDouble(Double.NaN);
    if (STOCHASTIC.contains(solver)) {
      assertTrue(relative <= 1e-2, what + ": objective " + objective + " vs newton's " + reference);
      // Unconverged, sgd and downpour-sgd end at their epoch budget; parallel-sgd and local-sgd at it or, when their
      // objective stopped falling, STALLED.
      String unconverged = LOCAL_SGD.contains(solver) && status.equals("STALLED") ? "STALLED" : "MAX_ITERATIONS";
      assertEquals(kkt <= s.path("tol").asDouble() ? "CONVERGED" : unconverged, status,
          what + ": status against the certified KKT " + kkt);
    } else {
      assertEquals("CONVERGED", status, what + ": status (KKT " + kkt + ")");
      assertTrue(relative <= 1e-9, what + ": objective " + objective + " vs newton's " + reference);
    }
  }
}
