package io.sparkglm.spark.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code downpour-sgd} beyond the optimum checks it shares with the other stochastic solvers
 * ({@link StochasticSolversTest}): the staleness bound holds with a straggler partition (results are held, never
 * applied too old), one server update per push, resumption from the parameter server's checkpoint, and option
 * errors. The asynchronous order of arrivals is not reproducible, so these assert bounds and counts, not bits.
 */
class DownpourSgdSolverTest {
  private static final double[] BETA = {0.8, -0.5, 0.3, 0.0, 0.2, -0.1, 0.0, 0.4, 0.0, -0.3};
  private static StochasticData data;
  private static FitResult optimum;

  @TempDir
  Path tmp;

  @BeforeAll
  static void setUp() {
    data = StochasticData.generate(Family.binomial(), BETA, 0.5, 11, 4);
    optimum = data.fit("newton", 0.01, 0.0, 100, Map.of());
  }

  private static double detail(IterationRecord r, String key) {
    return r.details().get(key);
  }

  @Test
  void aStragglerIsWaitedForAndNoPushIsAppliedStalerThanTheBound() {
    int bound = 12;
    FitResult r = data.fit("downpour-sgd", 0.01, 0.0, 100_000, Map.of("slowPartition", "0", "slowMillis", "150",
        "maxStaleness", "" + bound, "nFetch", "4", "epochs", "4"));
    List<IterationRecord> h = r.history();
    long held = 0;
    long fromStraggler = 0;
    for (IterationRecord rec : h) {
      assertTrue(detail(rec, "staleness") <= bound, "update " + rec.iteration() + " staleness "
          + detail(rec, "staleness"));
      held = Math.max(held, (long) detail(rec, "held"));
      fromStraggler += detail(rec, "partition") == 0.0 ? 1 : 0;
    }
    assertTrue(detail(h.get(h.size() - 1), "stalenessMax") <= bound);
    assertTrue(held > 0, "results were held behind the straggler");
    assertTrue(fromStraggler > 0, "the straggler's pushes were applied");
    double gap = StochasticData.relativeGap(r, optimum);
    assertTrue(gap <= 2e-2 && gap >= -1e-9, "relative gap " + gap);
  }

  @Test
  void everyPushIsOneServerUpdate() {
    FitResult r = data.fit("downpour-sgd", 0.01, 0.0, 100_000, Map.of("nFetch", "6", "nPush", "2", "epochs", "1"));
    List<IterationRecord> h = r.history();
    assertEquals(r.iterations(), h.size());
    IterationRecord last = h.get(h.size() - 1);
    assertEquals(r.iterations(), (int) detail(last, "updates"));
    // 3 pushes per task; the tasks still running at the end pushed nothing yet (at most one per partition).
    long tasks = (long) detail(last, "tasks");
    assertTrue(r.iterations() <= 3 * tasks && r.iterations() >= 3 * (tasks - 4), r.iterations() + " updates, "
        + tasks + " tasks");
    assertTrue(detail(last, "epochs") >= 1.0);
  }

  @Test
  void aResumedRunContinuesFromTheServersCheckpoint() {
    GlmSpec first = spec(10); // 10 rounds: 4 partitions x 10 pushes each
    Map<String, String> options = Map.of("epochs", "6");
    String dir = tmp.resolve("ckpt").toString();
    FitResult cut = new GlmTrainer(2, options).withCheckpoints(new GlmTrainer.Checkpointing(dir, 1, false))
        .fit(first, data.blocks, StochasticData.P, s -> s.get());
    assertEquals(400, cut.iterations());
    FitResult resumed = new GlmTrainer(2, options).withCheckpoints(new GlmTrainer.Checkpointing(dir, 1, true))
        .fit(spec(100_000), data.blocks, StochasticData.P, s -> s.get());
    assertTrue(resumed.iterations() > 400 && resumed.history().stream().noneMatch(r -> r.iteration() <= 400 && r
        .details().get("tasks") < 1), "updates continue from the checkpoint: " + resumed.iterations());
    assertTrue(detail(resumed.history().get(resumed.history().size() - 1), "epochs") >= 6.0);
    double gap = StochasticData.relativeGap(resumed, optimum);
    assertTrue(gap <= 1e-3 && gap >= -1e-9, "relative gap " + gap);
  }

  private static GlmSpec spec(int maxIter) {
    return new GlmSpec(Family.binomial(), null, 0.01, 0.0, true, true, "downpour-sgd",
        new StoppingRule(maxIter, 1e-9, 0.0));
  }

  @Test
  void badOptionsNameTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DownpourSettings.parse(Map.of("nFetch", "2", "nPush", "3")));
    assertTrue(e.getMessage().contains("nPush"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DownpourSettings.parse(Map.of("adagrad", "yes")));
    assertTrue(e.getMessage().contains("downpour-sgd option adagrad"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DownpourSettings.parse(Map.of("nFetch", "2.5")));
    assertTrue(e.getMessage().contains("nFetch must be an integer"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DownpourSettings.parse(Map.of("localBatchSize", "0")));
    assertTrue(e.getMessage().contains("localBatchSize"), e.getMessage());
    assertEquals(1, DownpourSettings.parse(Map.of()).nPush());
    assertTrue(!DownpourSettings.OPTIONS.contains("momentum"), "no momentum in Downpour");
  }
}
