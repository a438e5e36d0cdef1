package io.sparkglm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 (1): {@code scripts/sparkglm train --family multinomial} as a user runs it (its own JVM, the packaged
 * jars): glmnet 4.1-6's standardized multinomial lasso on the R reference data
 * ({@code glm-spark/src/test/resources/reference/multinomial/}, case {@code lasso_std}) in summary.json's multinomial
 * shape (K intercepts, K lists of p coefficients, class order 0..K-1) to 1e-5, its {@code --save-model} directory
 * scored by {@code predict} (R's probabilities), printed by {@code summary} and used as {@code --initial-model} (no
 * iteration from the optimum), and an option multinomial does not
 * take refused with exit status 2 and one line naming it. The other cases and refusals run in process
 * ({@code MultinomialCommandTest}).
 */
class MultinomialCommandIT {
  private static Path root;
  private static Path work;
  private static Map<String, String> env;

  @BeforeAll
  static void setUp() throws Exception {
    root = Path.of(System.getProperty("sparkglm.root")).toRealPath();
    work = Path.of(System.getProperty("sparkglm.itDir")).toAbsolutePath().getParent().resolve("multinomial-it");
    env = Map.of("SPARKGLM_CLASSPATH",
        Files.readString(Path.of(System.getProperty("sparkglm.classpathFile"))).strip(),
        "SPARKGLM_DRIVER_MEMORY", "1g");
    Files.createDirectories(work);
  }

  private static Path reference(String file) {
    return root.resolve("glm-spark/src/test/resources/reference/multinomial").resolve(file);
  }

  @Test
  void trainFamilyMultinomialMatchesGlmnet() throws Exception {
    JsonNode ref = null;
    for (JsonNode c : new ObjectMapper().readTree(reference("multinomial.json").toFile())) {
      if (c.path("id").asText().equals("lasso_std")) {
        ref = c;
      }
    }
    assertTrue(ref != null, "reference lasso_std");
    Path out = work.resolve("lasso_std");
    Path model = work.resolve("lasso_std_model");
    ScriptRun.run(root, env, work.resolve("lasso_std.log"), "sparkglm", List.of("train", "--data",
        reference("multinomial.csv").toString(), "--family", "multinomial", "--reg-param", "0.02",
        "--elastic-net", "1", "--tol", "1e-10", "--out", out.toString(), "--save-model", model.toString(),
        "--overwrite"));
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("multinomial", s.path("family").asText());
    assertEquals("CONVERGED", s.path("status").asText());
    assertEquals("newton", s.path("solver").asText());
    assertEquals(3, s.path("numClasses").asInt());
    assertEquals(ref.path("objective").asDouble(), s.path("objective").asDouble(),
        1e-8 * ref.path("objective").asDouble(), "objective");
    assertEquals(3, s.path("intercept").size());
    assertEquals(3, s.path("coefficients").size());
    for (int k = 0; k < 3; k++) {
      assertEquals(ref.path("intercept").get(k).asDouble(), s.path("intercept").get(k).asDouble(), 1e-5,
          "intercept " + k);
      assertEquals(5, s.path("coefficients").get(k).size());
      for (int j = 0; j < 5; j++) {
        double want = ref.path("coefficients").get(k).get(j).asDouble();
        double got = s.path("coefficients").get(k).get(j).asDouble();
        assertEquals(want, got, 1e-5, "coefficient " + j + " of class " + k);
        assertEquals(want == 0.0, got == 0.0, "zero pattern at class " + k + ", coefficient " + j);
      }
    }
    assertEquals(List.of(116.0, 86.0, 98.0), new ObjectMapper().convertValue(s.path("classWeights"), List.class));
    assertTrue(s.path("history").size() >= 1);
    predictsRsProbabilities(ref, model);
    String table = ScriptRun.run(root, env, work.resolve("summary.log"), "sparkglm", List.of("summary", "--model",
        model.toString()));
    assertTrue(table.contains("Family: multinomial (3 classes)") && table.matches("(?s).*\\(Intercept\\) +x1 +x2 +x3 "
        + "+x4 +x5\\R0 .*"), table);
    Path warm = work.resolve("warm");
    ScriptRun.run(root, env, work.resolve("warm.log"), "sparkglm", List.of("train", "--data",
        reference("multinomial.csv").toString(), "--family", "multinomial", "--reg-param", "0.02",
        "--elastic-net", "1", "--tol", "1e-10", "--out", warm.toString(), "--initial-model", model.toString(),
        "--overwrite"));
    JsonNode w = new ObjectMapper().readTree(warm.resolve("summary.json").toFile());
    assertEquals("CONVERGED", w.path("status").asText());
    assertEquals(0, w.path("iterations").asInt(), "a warm start from the optimum needs no iteration");
  }

  /**
   * {@code scripts/sparkglm predict} with the saved model (a fresh JVM): every row's probability_k is the softmax of
   * R's coefficients at its x, to 1e-6, and prediction the class index of the largest.
   */
  private static void predictsRsProbabilities(JsonNode ref, Path model) throws Exception {
    Path scored = work.resolve("scored.csv");
    ScriptRun.run(root, env, work.resolve("predict.log"), "sparkglm", List.of("predict", "--model",
        model.toString(), "--data", reference("multinomial.csv").toString(), "--out", scored.toString(),
        "--overwrite"));
    List<String> lines = new java.util.ArrayList<>();
    try (var parts = Files.list(scored)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
        List<String> partLines = Files.readAllLines(part);
        assertEquals("x1,x2,x3,x4,x5,label,prediction,probability_0,probability_1,probability_2",
            partLines.get(0));
        lines.addAll(partLines.subList(1, partLines.size()));
      }
    }
    assertEquals(300, lines.size());
    for (String line : lines) {
      double[] v = java.util.Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
      double[] eta = new double[3];
      double z = 0.0;
      int best = 0;
      for (int k = 0; k < 3; k++) {
        eta[k] = ref.path("intercept").get(k).asDouble();
        for (int j = 0; j < 5; j++) {
          eta[k] += ref.path("coefficients").get(k).get(j).asDouble() * v[j];
        }
        z += Math.exp(eta[k]);
        best = eta[k] > eta[best] ? k : best;
      }
      for (int k = 0; k < 3; k++) {
        assertEquals(Math.exp(eta[k]) / z, v[7 + k], 1e-6, line);
      }
      assertEquals(best, v[6], 0.0, line);
    }
  }

  @Test
  void anOptionMultinomialDoesNotTakeIsOneLineWithExitStatus2() throws Exception {
    Path out = work.resolve("refused");
    Path log = work.resolve("refused.log");
    int exit;
    try (ScriptRun r = ScriptRun.start(root, env, log, "sparkglm", List.of("train", "--data",
        reference("multinomial.csv").toString(), "--family", "multinomial", "--link", "logit", "--out",
        out.toString(), "--overwrite"))) {
      exit = r.awaitExit();
    }
    String printed = Files.readString(log);
    assertEquals(2, exit, printed);
    assertTrue(printed.contains("sparkglm: option --link is not supported with --family multinomial yet"),
        printed);
    assertFalse(Files.exists(out.resolve("summary.json")), printed);
  }
}
