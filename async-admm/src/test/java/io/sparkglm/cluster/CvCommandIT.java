package io.sparkglm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 (4): {@code scripts/sparkglm cv} as a user runs it (its own JVM, the packaged jars): 3-fold cross
 * validation of a 10-lambda binomial lasso path on the reference data writes cv.json (the curve, lambdaMin the
 * point of smallest cvm, per-fold figures covering every row once), cv.svg, summary.json at lambdaMin and a model
 * that {@code scripts/sparkglm summary} reads. The curve against R's cv.glmnet: {@code CrossValidationReferenceTest}
 * (glm-spark); the file's consistency in detail: {@code CvCommandTest}.
 */
class CvCommandIT {
  @Test
  void cvWritesTheCurveAndAModelThatSummaryReads() throws Exception {
    Path root = Path.of(System.getProperty("sparkglm.root")).toRealPath();
    Path work = Path.of(System.getProperty("sparkglm.itDir")).toAbsolutePath().getParent().resolve("cv-it");
    Map<String, String> env = Map.of("SPARKGLM_CLASSPATH",
        Files.readString(Path.of(System.getProperty("sparkglm.classpathFile"))).strip(),
        "SPARKGLM_DRIVER_MEMORY", "1g");
    Files.createDirectories(work);
    Path data = root.resolve("glm-spark/src/test/resources/reference/data/binom.csv");
    Path out = work.resolve("out");
    ScriptRun.run(root, env, work.resolve("cv.log"), "sparkglm", List.of("cv", "--data", data.toString(),
        "--family", "binomial", "--elastic-net", "1", "--n-lambda", "10", "--folds", "3", "--fold-seed", "7",
        "--out", out.toString(), "--overwrite"));
    JsonNode cv = new ObjectMapper().readTree(out.resolve("cv.json").toFile());
    assertEquals(10, cv.path("lambdas").size());
    assertEquals(10, cv.path("cvm").size());
    assertEquals(10, cv.path("cvsd").size());
    int min = cv.path("indexMin").asInt();
    for (JsonNode v : cv.path("cvm")) {
      assertTrue(v.asDouble() >= cv.path("cvm").get(min).asDouble());
    }
    assertEquals(cv.path("lambdas").get(min).asDouble(), cv.path("lambdaMin").asDouble(), 0.0);
    long rows = 0;
    for (JsonNode f : cv.path("perFold")) {
      rows += f.path("heldOutRows").asLong();
    }
    assertEquals(4000, rows);
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(cv.path("lambdaMin").asDouble(), summary.path("regParam").asDouble(), 0.0);
    assertTrue(Files.readString(out.resolve("cv.svg")).startsWith("<svg"));
    String table = ScriptRun.run(root, env, work.resolve("summary.log"), "sparkglm", List.of("summary", "--model",
        out.resolve("model").toString()));
    assertTrue(table.contains("binomial"), table);
  }
}
