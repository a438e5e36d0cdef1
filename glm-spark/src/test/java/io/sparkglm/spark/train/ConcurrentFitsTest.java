package io.sparkglm.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Eight fits at once in one SparkSession, as {@code CrossValidator.setParallelism(8)} runs them (threads sharing
 * the context), with mixed solvers, families and penalties: every answer is the one the same fit gives alone, to
 * 1e-13 (bit for bit in our runs; the Vector API's exp/log1p may differ in the last bit between interpreted and
 * compiled code). Shared mutable state between fits (a non-thread-safe LAPACK, a static buffer, a job property
 * leaking across threads) would show here as a different coefficient, far above that.
 */
class ConcurrentFitsTest {
  private static List<Block> data(Family family, long seed) {
    Random rnd = new Random(seed);
    BlockBuilder b = new BlockBuilder(6, 200, false, false);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      double[] x = new double[6];
      double eta = 0.3;
      for (int j = 0; j < 6; j++) {
        x[j] = rnd.nextGaussian();
        eta += (j % 2 == 0 ? 0.4 : -0.2) * x[j];
      }
      double y = family.predictsProbability() ? (rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0)
          : family.hasUnitVariance() ? eta + rnd.nextGaussian() : Math.floor(Math.exp(eta) + rnd.nextDouble() * 2);
      b.addDense(x, y, 1.0, 0.0);
      if (b.isFull()) {
        out.add(b.build());
      }
    }
    return out;
  }

  private record Job(Family family, double lambda, double alpha, String solver, Map<String, String> options) {
    FitResult run() {
      JavaRDD<Block> blocks = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext())
          .parallelize(data(family, 7), 3);
      GlmSpec spec = new GlmSpec(family, family.defaultLink(), lambda, alpha, true, true, solver,
          new StoppingRule(200, 1e-9, 0.0));
      return new GlmTrainer(2, options).withStatistics(List.of("a", "b", "c", "d", "e", "f"), false)
          .fit(spec, blocks, 6, s -> s.get());
    }
  }

  @Test
  void eightConcurrentFitsEqualTheirSequentialAnswers() throws Exception {
    List<Job> jobs = List.of(
        new Job(Family.binomial(), 0.0, 0.0, "newton", Map.of()),
        new Job(Family.binomial(), 0.01, 1.0, "newton", Map.of()),
        new Job(Family.gaussian(), 0.02, 0.5, "lbfgs", Map.of()),
        new Job(Family.poisson(), 0.0, 0.0, "lbfgs", Map.of()),
        new Job(Family.binomial(), 0.01, 0.5, "proxgrad", Map.of()),
        new Job(Family.gaussian(), 0.05, 0.0, "gd", Map.of()),
        new Job(Family.binomial(), 0.01, 0.0, "sgd", Map.of("seed", "3", "epochs", "3")),
        new Job(Family.poisson(), 0.01, 0.0, "newton", Map.of()));
    List<FitResult> alone = new ArrayList<>();
    for (Job j : jobs) {
      alone.add(j.run());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<FitResult>> together = new ArrayList<>();
      for (Job j : jobs) {
        together.add(pool.submit((Callable<FitResult>) j::run));
      }
      for (int k = 0; k < jobs.size(); k++) {
        FitResult a = alone.get(k);
        FitResult t = together.get(k).get();
        String what = jobs.get(k).toString();
        assertArrayEquals(a.coefficients(), t.coefficients(), 1e-13, what);
        assertEquals(a.intercept(), t.intercept(), 1e-13, what);
        assertEquals(a.status(), t.status(), what);
        assertEquals(a.statistics().orElseThrow().deviance(), t.statistics().orElseThrow().deviance(),
            1e-12 * a.statistics().orElseThrow().deviance(), what);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
