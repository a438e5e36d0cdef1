package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz test of a saved model's {@code summary.json} (read by {@code sparkglm summary} and
 * {@code predict}; issue 14 (3)): the fuzzer's bytes replace it in a model directory; the command prints the
 * summary or stops with one {@link IllegalArgumentException} naming the directory (exit 2). Anything else is a
 * finding. The metadata file is fuzzed by {@code io.sparkglm.spark.ml.ModelMetadataFuzzTest}.
 */
class ModelDirectoryFuzzTest {
  private static final Path DIR = io.sparkglm.spark.data.FuzzRows.scratchDir("sparkglm-model-fuzz");

  @FuzzTest(maxDuration = "60s")
  void summary(byte[] bytes) throws IOException {
    Path model = DIR.resolve("model");
    Files.createDirectories(model);
    Files.write(model.resolve(ModelFiles.SUMMARY), bytes);
    try (PrintStream out = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
      SummaryCommand.run(new String[] {"summary", "--model", model.toString()}, out);
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      assertTrue(m != null && m.contains(model.toString()) && !m.isBlank(), () -> "message " + m);
    }
  }
}
