package io.sparkglm.asyncadmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.admm.AdmmSolverTest;
import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Asynchronous ADMM: same optimum as synchronous ADMM, bounded staleness, stragglers, clean cancellation. */
class AsyncAdmmSolverTest {
  private static final int P = AdmmSolverTest.P;

  private static JavaRDD<Block> blocks(Family f, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    return jsc.parallelize(AdmmSolverTest.data(f, 11), partitions);
  }

  private static FitResult fit(JavaRDD<Block> blocks, Family f, double lambda, double alpha, String solver,
      StoppingRule stop, Map<String, String> options) {
    GlmSpec spec = new GlmSpec(f, f.defaultLink(), lambda, alpha, true, true, solver, stop);
    return new GlmTrainer(2, options).fit(spec, blocks, P, s -> s.get());
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Family f : List.of(Family.gaussian(), Family.binomial(), Family.poisson())) {
      for (double alpha : new double[] {0.0, 1.0}) {
        for (String mode : new String[] {"single", "batched"}) {
          out.add(Arguments.of(f, alpha, mode));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} alpha={1} {2}")
  @MethodSource("cases")
  void reachesTheAdmmOptimum(Family family, double alpha, String mode) {
    JavaRDD<Block> data = blocks(family, 4);
    FitResult sync = fit(data, family, 0.03, alpha, "admm", new StoppingRule(2000, 1e-9, 0.0),
        Map.of("absTol", "0", "relTol", "0"));
    FitResult async = fit(data, family, 0.03, alpha, "async-admm", new StoppingRule(20_000, 1e-8, 0.0),
        Map.of("mode", mode, "absTol", "0", "maxStaleness", "6"));
    assertTrue(async.converged(), "async " + async.status() + " after " + async.iterations() + " rounds, kkt "
        + async.kktViolation());
    assertEquals(sync.intercept(), async.intercept(), 1e-4);
    for (int j = 0; j < P; j++) {
      assertEquals(sync.coefficients()[j], async.coefficients()[j], 1e-4, "coefficient " + j);
    }
    for (IterationRecord r : async.history()) {
      assertTrue(r.details().get("stalenessMax") <= 6, "staleness bound at update " + r.iteration());
    }
  }

  @Test
  void aSlowPartitionIsUpdatedLessOftenButTheFitStillConverges() {
    JavaRDD<Block> data = blocks(Family.binomial(), 5);
    FitResult r = fit(data, Family.binomial(), 0.02, 1.0, "async-admm", new StoppingRule(20_000, 1e-7, 0.0),
        Map.of("mode", "single", "absTol", "0", "maxStaleness", "20", "inFlight", "4", "slowPartition", "0",
            "slowMillis", "150"));
    assertTrue(r.converged(), r.status() + " kkt " + r.kktViolation());
    Map<String, Double> last = r.history().get(r.history().size() - 1).details();
    double slow = last.get("reports.partition0");
    double fastest = 0;
    for (int k = 1; k < 5; k++) {
      fastest = Math.max(fastest, last.getOrDefault("reports.partition" + k, 0.0));
    }
    assertTrue(fastest > slow, "fast partitions must report more often: slow " + slow + ", fastest " + fastest);
    for (IterationRecord h : r.history()) {
      assertTrue(h.details().get("stalenessMax") <= 20);
    }
  }

  /**
   * A tight bound (K = 2 with 5 partitions and 5 updates in flight) and a straggler make results pile up while
   * the solver waits for the straggler: folding them one at a time would push some partition past K.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"single", "batched"})
  void theStalenessBoundHoldsWhenResultsPileUp(String mode) {
    JavaRDD<Block> data = blocks(Family.binomial(), 5);
    FitResult r = fit(data, Family.binomial(), 0.02, 0.5, "async-admm", new StoppingRule(12, 1e-12, 0.0),
        Map.of("mode", mode, "absTol", "0", "maxStaleness", "2", "inFlight", "5", "slowPartition", "0",
            "slowMillis", "40"));
    assertEquals(Status.MAX_ITERATIONS, r.status());
    assertEquals(12, r.iterations(), "12 rounds of 5 consensus updates");
    assertEquals(60, r.history().size(), "one record per consensus update");
    double worst = 0;
    for (IterationRecord h : r.history()) {
      worst = Math.max(worst, h.details().get("stalenessMax"));
    }
    assertTrue(worst <= 2, "staleness " + worst + " above the bound 2");
    assertEquals(2.0, worst, "the straggler should have pushed the staleness to the bound");
  }

  @Test
  void aPermanentlyFailingPartitionFailsTheFitClearlyAndLeavesNothingRunning() throws InterruptedException {
    JavaRDD<Block> data = blocks(Family.gaussian(), 4);
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> fit(data, Family.gaussian(), 0.01, 0.0, "async-admm", new StoppingRule(10_000, 1e-12, 0.0),
            Map.of("absTol", "0", "failPartition", "2")));
    assertTrue(e.getMessage().contains("async-admm: a local update failed")
        && e.getMessage().contains("partition 2"), e.getMessage());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    int[] active = jsc.statusTracker().getActiveJobIds();
    for (int i = 0; i < 100 && active.length > 0; i++) {
      Thread.sleep(100);
      active = jsc.statusTracker().getActiveJobIds();
    }
    assertEquals(0, active.length, "jobs still running after the failed fit");
  }

  @Test
  void theBudgetStopsTheFitAndLeavesNoRunningJobs() throws InterruptedException {
    JavaRDD<Block> data = blocks(Family.poisson(), 4);
    FitResult r = fit(data, Family.poisson(), 0.01, 0.0, "async-admm", new StoppingRule(1_000_000, 1e-14, 0.0),
        new HashMap<>(Map.of("absTol", "0", "budgetSeconds", "1.5", "slowPartition", "1", "slowMillis", "400")));
    assertEquals(Status.TIME_BUDGET, r.status());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    int[] active = jsc.statusTracker().getActiveJobIds();
    for (int i = 0; i < 100 && active.length > 0; i++) {
      Thread.sleep(100);
      active = jsc.statusTracker().getActiveJobIds();
    }
    assertEquals(0, active.length, "jobs still running after the fit returned");
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("sparkglm-async-admm") && t.isAlive()), "task threads leaked");
  }

  /**
   * The clock of the history starts before the synchronous first round, which is work of the algorithm like
   * any other round, and the straggler hook slows that round too: the first record's seconds include the
   * straggler's first sleep (a lower bound, independent of the machine's speed). The straggler is the last
   * partition, so the first asynchronous update (a single task in flight, the first slot) does not wait for it.
   */
  @Test
  void theHistoryClockIncludesTheFirstRoundAndItsStraggler() {
    JavaRDD<Block> data = blocks(Family.gaussian(), 3);
    FitResult r = fit(data, Family.gaussian(), 0.01, 1.0, "async-admm", new StoppingRule(1, 1e-14, 0.0),
        Map.of("mode", "single", "absTol", "0", "inFlight", "1", "slowPartition", "2", "slowMillis", "700"));
    // --max-iter 1: one round, N = 3 consensus updates (one record each, numbered by update, in round 1).
    assertEquals(1, r.iterations());
    assertEquals(3, r.history().size());
    for (int k = 0; k < 3; k++) {
      assertEquals(k + 1, r.history().get(k).iteration());
      assertEquals(1.0, r.history().get(k).details().get("round"));
    }
    assertTrue(r.history().get(0).seconds() >= 0.7, "first record at " + r.history().get(0).seconds() + " s");
  }
}
