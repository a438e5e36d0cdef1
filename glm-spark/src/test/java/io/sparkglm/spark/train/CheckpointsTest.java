package io.sparkglm.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints in process: a fit stopped after a few iterations and resumed reaches the answer of the fit that ran
 * through (newton with L1, proxgrad), to 1e-13 (the Vector API's exp/log1p may differ in the last bit between
 * interpreted and compiled code, so bit-for-bit is what we see, not what we assert); only the latest checkpoint is kept; resuming another fit's
 * checkpoint, starting a fresh fit over one, and asking a solver that cannot resume are clear errors.
 */
class CheckpointsTest {
  @TempDir
  Path tmp;

  private static JavaRDD<Block> blocks() {
    Random rnd = new Random(31);
    BlockBuilder b = new BlockBuilder(5, 100, false, false);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      double[] x = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(),
          rnd.nextGaussian()};
      double eta = 0.5 * x[0] - 0.7 * x[1] + 0.2 * x[2];
      b.addDense(x, rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0, 1.0, 0.0);
      if (b.isFull()) {
        out.add(b.build());
      }
    }
    return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(out, 3);
  }

  private static GlmSpec spec(String solver, double lambda, int maxIter) {
    return spec(solver, lambda, 0.5, maxIter);
  }

  private static GlmSpec spec(String solver, double lambda, double alpha, int maxIter) {
    return new GlmSpec(Family.binomial(), Family.binomial().defaultLink(), lambda, alpha, true, true, solver,
        new StoppingRule(maxIter, 1e-10, 0.0));
  }

  private static FitResult fit(GlmSpec spec, GlmTrainer.Checkpointing c) {
    GlmTrainer t = new GlmTrainer();
    return (c == null ? t : t.withCheckpoints(c)).fit(spec, blocks(), 5, s -> s.get());
  }

  private List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      // Hadoop's local file system keeps a hidden .crc beside each file.
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  @Test
  void aStoppedFitResumedGivesTheUninterruptedAnswer() throws Exception {
    // lbfgs twice: OWL-QN (elastic net) and L-BFGS (ridge), whose Breeze state and memory are saved.
    String[][] cases = {{"newton", "0.5"}, {"proxgrad", "0.5"}, {"lbfgs", "0.5"}, {"lbfgs", "0"}, {"sgd", "0.5"},
        {"parallel-sgd", "0.5"}, {"local-sgd", "0.5"}};
    for (String[] c : cases) {
      String solver = c[0];
      double alpha = Double.parseDouble(c[1]);
      String what = solver + " alpha " + alpha;
      FitResult whole = fit(spec(solver, 0.01, alpha, 500), null);
      // lbfgs's ridge fit ends with a failed line search at rounding level short of 1e-10, the stochastic solvers
      // at their epoch budget; resumed, the same.
      assertTrue(whole.status() != Status.NOT_FINITE && whole.iterations() >= 2, what + ": " + whole.status());
      int cut = Math.max(1, whole.iterations() / 2);
      Path dir = tmp.resolve(solver + alpha);
      FitResult first = fit(spec(solver, 0.01, alpha, cut), new GlmTrainer.Checkpointing(dir.toString(), 1, false));
      assertEquals(Status.MAX_ITERATIONS, first.status(), what);
      assertEquals(List.of("checkpoint-" + cut + ".json"), files(dir), what + ": only the latest is kept");
      FitResult resumed = fit(spec(solver, 0.01, alpha, 500), new GlmTrainer.Checkpointing(dir.toString(), 1, true));
      assertArrayEquals(whole.coefficients(), resumed.coefficients(), 1e-13, what);
      assertEquals(whole.intercept(), resumed.intercept(), 1e-13, what);
      assertEquals(whole.status(), resumed.status(), what);
      assertEquals(whole.iterations(), resumed.iterations(), what + ": the same steps");
    }
  }

  @Test
  void wrongUsesAreClearErrors() {
    Path dir = tmp.resolve("errors");
    fit(spec("newton", 0.01, 2), new GlmTrainer.Checkpointing(dir.toString(), 1, false));
    IllegalArgumentException fresh = assertThrows(IllegalArgumentException.class,
        () -> fit(spec("newton", 0.01, 5), new GlmTrainer.Checkpointing(dir.toString(), 1, false)));
    assertTrue(fresh.getMessage().contains("already has a checkpoint: pass --resume"), fresh.getMessage());
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
        () -> fit(spec("newton", 0.02, 5), new GlmTrainer.Checkpointing(dir.toString(), 1, true)));
    assertTrue(other.getMessage().contains("was saved by another fit"), other.getMessage());
    FitResult nothingYet = fit(spec("newton", 0.01, 100),
        new GlmTrainer.Checkpointing(tmp.resolve("empty").toString(), 1, true));
    assertEquals(Status.CONVERGED, nothingYet.status(), "resume with no checkpoint starts from the beginning");
  }
}
