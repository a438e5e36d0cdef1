package io.sparkglm.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multinomial checkpoints ({@link MultinomialTrainer#withCheckpoints}), as {@code CheckpointsTest} for the binary
 * families: a fit stopped after half its iterations and resumed reaches the answer of the fit that ran through, with
 * the same iteration count, by every multinomial solver (newton and proxgrad with an elastic net, lbfgs as OWL-QN and
 * as L-BFGS, gd with ridge), to 1e-13; only the latest checkpoint is kept; resuming another fit's checkpoint (another
 * lambda, another K) and starting a fresh fit over one are clear errors.
 */
class MultinomialCheckpointsTest {
  private static JavaRDD<Block> data;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() {
    data = MultinomialTrainerTest.blocks(false);
  }

  @AfterAll
  static void release() {
    data.unpersist(false);
  }

  private static GlmSpec spec(String solver, double lambda, double alpha, int maxIter) {
    return new GlmSpec(Family.gaussian(), null, lambda, alpha, true, true, solver,
        new StoppingRule(maxIter, 1e-10, 0.0));
  }

  private static MultinomialTrainer.MultinomialFit fit(GlmSpec spec, GlmTrainer.Checkpointing c, int numClasses) {
    return new MultinomialTrainer(2).withCheckpoints(c).fit(spec, data, MultinomialTrainerTest.P, numClasses);
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  @Test
  void aStoppedFitResumedGivesTheUninterruptedAnswer() throws Exception {
    String[][] cases = {{"newton", "0.5"}, {"proxgrad", "0.5"}, {"lbfgs", "0.5"}, {"lbfgs", "0"}, {"gd", "0"}};
    for (String[] c : cases) {
      String solver = c[0];
      double alpha = Double.parseDouble(c[1]);
      String what = solver + " alpha " + alpha;
      MultinomialTrainer.MultinomialFit whole = fit(spec(solver, 0.01, alpha, 5000), null, 0);
      assertTrue(whole.status() != Status.NOT_FINITE && whole.iterations() >= 2, what + ": " + whole.status());
      int cut = Math.max(1, whole.iterations() / 2);
      Path dir = tmp.resolve(solver + alpha);
      MultinomialTrainer.MultinomialFit first = fit(spec(solver, 0.01, alpha, cut),
          new GlmTrainer.Checkpointing(dir.toString(), 1, false), 0);
      assertEquals(Status.MAX_ITERATIONS, first.status(), what);
      assertEquals(List.of("checkpoint-" + cut + ".json"), files(dir), what + ": only the latest is kept");
      MultinomialTrainer.MultinomialFit resumed = fit(spec(solver, 0.01, alpha, 5000),
          new GlmTrainer.Checkpointing(dir.toString(), 1, true), 0);
      assertEquals(whole.status(), resumed.status(), what);
      assertEquals(whole.iterations(), resumed.iterations(), what + ": the same steps");
      assertArrayEquals(whole.intercepts(), resumed.intercepts(), 1e-13, what);
      for (int k = 0; k < whole.numClasses(); k++) {
        assertArrayEquals(whole.coefficients()[k], resumed.coefficients()[k], 1e-13, what + " class " + k);
      }
    }
  }

  @Test
  void wrongUsesAreClearErrors() {
    Path dir = tmp.resolve("errors");
    fit(spec("newton", 0.01, 0.5, 2), new GlmTrainer.Checkpointing(dir.toString(), 1, false), 0);
    IllegalArgumentException fresh = assertThrows(IllegalArgumentException.class,
        () -> fit(spec("newton", 0.01, 0.5, 5), new GlmTrainer.Checkpointing(dir.toString(), 1, false), 0));
    assertTrue(fresh.getMessage().contains("already has a checkpoint: pass --resume"), fresh.getMessage());
    IllegalArgumentException lambda = assertThrows(IllegalArgumentException.class,
        () -> fit(spec("newton", 0.02, 0.5, 5), new GlmTrainer.Checkpointing(dir.toString(), 1, true), 0));
    assertTrue(lambda.getMessage().contains("was saved by another fit"), lambda.getMessage());
    IllegalArgumentException solver = assertThrows(IllegalArgumentException.class,
        () -> fit(spec("proxgrad", 0.01, 0.5, 5), new GlmTrainer.Checkpointing(dir.toString(), 1, true), 0));
    assertTrue(solver.getMessage().contains("was saved by another fit"), solver.getMessage());
    MultinomialTrainer.MultinomialFit nothingYet = fit(spec("newton", 0.01, 0.5, 100),
        new GlmTrainer.Checkpointing(tmp.resolve("empty").toString(), 1, true), 0);
    assertEquals(Status.CONVERGED, nothingYet.status(), "resume with no checkpoint starts from the beginning");
  }
}
