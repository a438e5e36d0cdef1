package io.sparkglm.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.JobCounter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

class GlmTrainerTest {
  private static JavaRDD<Block> rdd(List<Block> blocks, int partitions) {
    return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(blocks, partitions);
  }

  private static List<Block> gammaRowsWithOffsets(double offsetSpread) {
    Random rnd = new Random(5);
    BlockBuilder b = new BlockBuilder(2, 1000, false, true);
    double[] x = new double[2];
    for (int i = 0; i < 100; i++) {
      x[0] = rnd.nextDouble();
      x[1] = rnd.nextDouble();
      b.addDense(x, 0.5 + rnd.nextDouble(), 1, (rnd.nextDouble() - 0.5) * 2 * offsetSpread);
    }
    return List.of(b.build());
  }

  @Test
  void aPreparedFitUnpersistsOnlyWhatItCachedAlsoWhenTheFirstPassFails() {
    Family gamma = Family.gamma();
    io.sparkglm.core.family.GlmLoss loss = io.sparkglm.core.family.GlmLoss.of(gamma, Link.LOG);
    JavaRDD<Block> fresh = rdd(gammaRowsWithOffsets(0.1), 2);
    try (PreparedFit prepared = PreparedFit.prepare(fresh, loss, 2, 2, "test", s -> s.get())) {
      assertEquals(StorageLevel.MEMORY_AND_DISK(), fresh.getStorageLevel());
      assertEquals("sparkglm training blocks (test)", fresh.name());
      assertEquals(100, prepared.stats().rows());
      assertEquals(0L, prepared.data().passes());
    }
    assertEquals(StorageLevel.NONE(), fresh.getStorageLevel());

    JavaRDD<Block> callers = rdd(gammaRowsWithOffsets(0.1), 2).persist(StorageLevel.MEMORY_ONLY());
    try (PreparedFit prepared = PreparedFit.prepare(callers, loss, 2, 2, "test", s -> s.get())) {
      assertEquals(100, prepared.stats().rows());
    }
    assertEquals(StorageLevel.MEMORY_ONLY(), callers.getStorageLevel(), "the caller's cache is the caller's");
    callers.unpersist(false);

    JavaRDD<Block> failing = rdd(gammaRowsWithOffsets(0.1), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PreparedFit.prepare(failing,
        loss, 2, 2, "test", s -> {
          throw new IllegalArgumentException("bad row");
        }));
    assertEquals("bad row", e.getMessage());
    assertEquals(StorageLevel.NONE(), failing.getStorageLevel());
  }

  @Test
  void nonFiniteStartIsAClearErrorNotAnAnswer() {
    GlmSpec spec = new GlmSpec(Family.gamma(), Link.INVERSE, 0, 0, true, true, "newton", StoppingRule.defaults());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new GlmTrainer().fit(spec, rdd(gammaRowsWithOffsets(10), 2), 2, s -> s.get()));
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
  }

  @Test
  void hittingTheIterationLimitIsReportedHonestly() {
    GlmSpec spec = new GlmSpec(Family.gamma(), Link.LOG, 0.01, 0.5, true, true, "proxgrad",
        new StoppingRule(2, 1e-12, 0.0));
    FitResult r = new GlmTrainer().fit(spec, rdd(gammaRowsWithOffsets(0.1), 2), 2, s -> s.get());
    assertEquals(Status.MAX_ITERATIONS, r.status());
    assertFalse(r.converged());
    assertEquals(2, r.iterations());
    assertEquals(2, r.history().size());
    assertTrue(r.kktViolation() > 1e-12);
  }

  @Test
  void cachesForTheFitAndReleasesAfterwards() {
    JavaRDD<Block> blocks = rdd(gammaRowsWithOffsets(0.1), 2);
    GlmSpec spec = new GlmSpec(Family.gamma(), Link.LOG, 0, 0, true, true, "newton", StoppingRule.defaults());
    FitResult r = new GlmTrainer(3, Map.of()).fit(spec, blocks, 2, s -> s.get());
    assertTrue(r.converged());
    assertEquals(StorageLevel.NONE(), blocks.getStorageLevel(), "blocks cached by the fit must be unpersisted");
    assertTrue(r.passes() <= 12, "newton passes " + r.passes());
  }

  @Test
  void unknownSolverOptionIsRejected() {
    GlmSpec spec = new GlmSpec(Family.gamma(), Link.LOG, 0, 0, true, true, "newton", StoppingRule.defaults());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GlmTrainer(2, Map.of("stepSize", "1")).fit(spec, rdd(gammaRowsWithOffsets(0.1), 1), 2,
            s -> s.get()));
    assertTrue(e.getMessage().contains("unknown option 'stepSize' for solver newton"), e.getMessage());
  }

  @Test
  void statisticsPassDoublesAsTheCertificate() {
    JavaRDD<Block> blocks = rdd(gammaRowsWithOffsets(0.0), 2).persist(StorageLevel.MEMORY_ONLY());
    GlmSpec spec = new GlmSpec(Family.gamma(), Link.LOG, 0, 0, true, true, "newton", StoppingRule.defaults());
    JobCounter jobs = JobCounter.on(SparkTestSession.get().sparkContext());
    long j0 = jobs.count();
    FitResult plain = new GlmTrainer(2, Map.of()).fit(spec, blocks, 2, s -> s.get());
    long j1 = jobs.count();
    FitResult withStats = new GlmTrainer(2, Map.of()).withStatistics(List.of("a", "b"), false)
        .fit(spec, blocks, 2, s -> s.get());
    long j2 = jobs.count();
    blocks.unpersist(false);
    // The same certificate: the same kernel over the same blocks (Spark merges partition results in the order
    // tasks finish, so the sums may differ in the last bits, and so may the standardization and the solution).
    assertEquals(plain.objective(), withStats.objective(), 1e-12 * plain.objective());
    assertEquals(plain.kktViolation(), withStats.kktViolation(), 1e-9);
    assertEquals(plain.intercept(), withStats.intercept(), 1e-9);
    assertTrue(withStats.statistics().isPresent());
    assertTrue(plain.kktViolation() <= 1e-7 && plain.kktViolation() > 0, "kkt " + plain.kktViolation());
    // Statistics cost no pass on top of a plain fit: the statistics pass is the certificate, and without offsets
    // it also sums the null deviance at the constant mean g^-1(g(mean y)) (issue 12).
    assertEquals(j1 - j0, j2 - j1, "jobs without statistics " + (j1 - j0) + ", with " + (j2 - j1));
  }
}
