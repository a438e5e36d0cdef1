package io.sparkglm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README.md's first command ("Two commands"), as written there but for the output directory, runs through
 * {@code scripts/sparkglm} and runs again over its own output (a newcomer runs it twice): both times CONVERGED,
 * certified, without warnings, the same coefficients.
 */
class ReadmeFirstCommandIT {
  private static final String README_OUT = "/tmp/sparkglm-sample";

  @Test
  void theReadmesFirstCommandRunsAndRunsAgain() throws Exception {
    Path root = Path.of(System.getProperty("sparkglm.root")).toRealPath();
    Path work = Path.of(System.getProperty("sparkglm.itDir")).toAbsolutePath().getParent().resolve("readme-it");
    Map<String, String> env = Map.of("SPARKGLM_CLASSPATH",
        Files.readString(Path.of(System.getProperty("sparkglm.classpathFile"))).strip());
    String readme = Files.readString(root.resolve("README.md"));
    String section = readme.substring(readme.indexOf("## Two commands"));
    String line = section.lines().filter(l -> l.startsWith("scripts/sparkglm train ")).findFirst()
        .orElseThrow(() -> new AssertionError("no scripts/sparkglm train line in README's Two commands"));
    List<String> words = List.of(line.strip().split("\\s+"));
    assertTrue(words.contains(README_OUT), "the README's command writes to " + README_OUT + ": " + line);
    Path out = work.resolve("sparkglm-sample");
    List<String> args = new ArrayList<>();
    for (String w : words.subList(1, words.size())) {
      args.add(w.equals(README_OUT) ? out.toString() : w);
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode first = null;
    for (int run = 1; run <= 2; run++) {
      ScriptRun.run(root, env, work.resolve("run-" + run + ".log"), "sparkglm", args);
      JsonNode s = json.readTree(out.resolve("summary.json").toFile());
      assertEquals("CONVERGED", s.path("status").asText(), "run " + run);
      assertTrue(s.path("warnings").isArray() && s.path("warnings").isEmpty(), "run " + run + ": " + s.path("warnings"));
      assertTrue(s.path("kktViolation").asDouble() <= 1e-7, "run " + run + ": kkt " + s.path("kktViolation"));
      if (first == null) {
        first = s.path("coefficients");
      } else {
        assertEquals(first, s.path("coefficients"), "both runs give the same coefficients");
      }
    }
  }
}
