package io.sparkglm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 2 through {@code scripts/sparkglm}: {@code --aggregation allreduce} gives {@code tree}'s answer
 * (the sample's lasso logistic regression, 4 partitions on {@code local[2]}, so the blocks are shuffled into 2
 * barrier tasks) for newton, lbfgs and proxgrad, and the bad uses are refused naming the flag.
 */
class AllreduceCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path root;
  private static Path work;
  private static Map<String, String> env;

  @BeforeAll
  static void setUp() throws Exception {
    root = Path.of(System.getProperty("sparkglm.root")).toRealPath();
    work = Path.of(System.getProperty("sparkglm.itDir")).toAbsolutePath().getParent().resolve("allreduce-it");
    env = Map.of("SPARKGLM_CLASSPATH",
        Files.readString(Path.of(System.getProperty("sparkglm.classpathFile"))).strip(),
        "SPARKGLM_DRIVER_MEMORY", "1g");
    Files.createDirectories(work);
  }

  private static List<String> problem(String solver, String aggregation) {
    return List.of("--data", root.resolve("scripts/sample/binom.csv").toString(), "--family", "binomial",
        "--reg-param", "0.034", "--elastic-net", "1", "--solver", solver, "--partitions", "4", "--master", "local[2]",
        "--aggregation", aggregation);
  }

  private static JsonNode train(String name, List<String> args) throws Exception {
    Path out = work.resolve(name);
    List<String> cmd = new ArrayList<>(List.of("train"));
    cmd.addAll(args);
    cmd.addAll(List.of("--out", out.toString(), "--overwrite"));
    String log = ScriptRun.run(root, env, work.resolve(name + ".log"), "sparkglm", cmd);
    if (args.contains("allreduce")) {
      assertTrue(log.contains("allreduce over 4 partitions in 2 barrier tasks"), name + ":\n" + log);
    }
    return JSON.readTree(out.resolve("summary.json").toFile());
  }

  @Test
  void allreduceGivesTreesAnswerForEveryFullBatchSolver() throws Exception {
    for (String solver : List.of("newton", "lbfgs", "proxgrad")) {
      JsonNode tree = train(solver + "-tree", problem(solver, "tree"));
      JsonNode allreduce = train(solver + "-allreduce", problem(solver, "allreduce"));
      assertEquals("CONVERGED", tree.path("status").asText(), solver);
      assertEquals(tree.path("status").asText(), allreduce.path("status").asText(), solver);
      assertEquals(tree.path("iterations").asInt(), allreduce.path("iterations").asInt(), solver);
      double f = tree.path("objective").asDouble();
      assertEquals(f, allreduce.path("objective").asDouble(), 1e-9 * Math.abs(f), solver);
      JsonNode a = allreduce.path("coefficients");
      JsonNode t = tree.path("coefficients");
      assertEquals(t.size(), a.size());
      for (int j = 0; j < t.size(); j++) {
        assertEquals(t.get(j).asDouble(), a.get(j).asDouble(), 1e-9 * (1 + Math.abs(t.get(j).asDouble())),
            solver + " coefficient " + j);
      }
    }
  }

  @Test
  void badUsesAreRefusedNamingTheFlag() throws Exception {
    assertRefused("ring", problem("newton", "ring"), "--aggregation must be tree or allreduce, got 'ring'");
    assertRefused("sgd", problem("sgd", "allreduce"), "solver sgd works per partition or on samples: use "
        + "--aggregation tree");
    List<String> multinomial = new ArrayList<>(List.of("--data", root.resolve("scripts/sample/binom.csv").toString(),
        "--family", "multinomial", "--aggregation", "allreduce"));
    assertRefused("multinomial", multinomial, "--aggregation allreduce");
  }

  private static void assertRefused(String name, List<String> args, String message) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("train"));
    cmd.addAll(args);
    cmd.addAll(List.of("--out", work.resolve("refused-" + name).toString(), "--overwrite"));
    ScriptRun run = ScriptRun.start(root, env, work.resolve("refused-" + name + ".log"), "sparkglm", cmd);
    assertNotEquals(0, run.awaitExit(), name);
    assertTrue(run.log().contains(message), name + ":\n" + run.log());
  }
}
