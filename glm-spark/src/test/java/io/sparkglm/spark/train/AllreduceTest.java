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
import io.sparkglm.spark.JobCounter;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.solver.SolverRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --aggregation allreduce} ({@link AllreduceFit}): the solver loop in one barrier stage gives {@code tree}
 * mode's answer, with one Spark job for the whole solve, on {@code local[2]} (2 task slots): 1 and 2 partitions run
 * as they are, 5 partitions (one of them empty) are shuffled into 2 tasks.
 */
class AllreduceTest {
  private static final int P = 6;

  private static JavaRDD<Block> rdd(List<Block> blocks, int partitions) {
    return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(blocks, partitions);
  }

  /** 4 blocks of 150 rows, correlated features on different scales, a GLM signal plus noise. */
  private static List<Block> rows(Family family) {
    return rows(family, new int[] {0, 1, 2, 3, 4, 5});
  }

  /** {@link #rows(Family)} with column {@code j} holding feature {@code perm[j]}. */
  private static List<Block> rows(Family family, int[] perm) {
    Random rnd = new Random(11);
    double[] beta = {0.8, -0.5, 0.0, 0.3, 0.0, -1.2};
    List<Block> out = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      BlockBuilder builder = new BlockBuilder(P, 150, false, false);
      double[] x = new double[P];
      for (int i = 0; i < 150; i++) {
        double eta = 0.2;
        for (int j = 0; j < P; j++) {
          x[j] = (rnd.nextGaussian() + (j > 0 ? 0.5 * x[j - 1] : 0)) * (1 + j);
          eta += beta[j] * x[j] / (1 + j);
        }
        double y = family.name().equals("binomial")
            ? (rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0)
            : eta + rnd.nextGaussian();
        double[] permuted = new double[P];
        for (int j = 0; j < P; j++) {
          permuted[j] = x[perm[j]];
        }
        builder.addDense(permuted, y, 1, 0);
      }
      out.add(builder.build());
    }
    return out;
  }

  private static GlmSpec spec(String family, String solver, double lambda, double alpha) {
    return new GlmSpec(family.equals("binomial") ? Family.binomial() : Family.gaussian(), null, lambda, alpha, true,
        true, solver, new StoppingRule(500, 1e-8, 0.0));
  }

  private static double relDiff(FitResult a, FitResult b) {
    double d = Math.abs(a.intercept() - b.intercept());
    double s = 1 + Math.abs(a.intercept());
    for (int j = 0; j < P; j++) {
      d = Math.max(d, Math.abs(a.coefficients()[j] - b.coefficients()[j]));
      s = Math.max(s, Math.abs(a.coefficients()[j]));
    }
    return d / s;
  }

  @ParameterizedTest(name = "{0} {1} lambda={2} alpha={3}, {4} partitions")
  @CsvSource({
      "gaussian, newton, 0.05, 1, 1", "binomial, newton, 0.02, 0.5, 2", "binomial, newton, 0, 0, 5",
      "gaussian, lbfgs, 0.05, 0.5, 2", "binomial, lbfgs, 0.02, 1, 1", "binomial, lbfgs, 0.01, 0, 5",
      "gaussian, proxgrad, 0.05, 1, 2", "binomial, proxgrad, 0.02, 1, 5", "gaussian, gd, 0.1, 0, 2"})
  void givesTreeModesAnswerInOneSparkJob(String family, String solver, double lambda, double alpha,
      int partitions) {
    List<Block> data = rows(family.equals("binomial") ? Family.binomial() : Family.gaussian());
    GlmSpec spec = spec(family, solver, lambda, alpha);
    JavaRDD<Block> blocks = rdd(data, partitions);
    FitResult tree = new GlmTrainer().fit(spec, blocks, P, s -> s.get());
    JobCounter jobs = JobCounter.on(SparkTestSession.get().sparkContext());
    long before = jobs.count();
    FitResult allreduce = new GlmTrainer().withAggregation(Aggregation.ALLREDUCE).fit(spec, blocks, P, s -> s.get());
    long fitJobs = jobs.count() - before;
    assertEquals(Status.CONVERGED, tree.status());
    assertEquals(tree.status(), allreduce.status());
    assertEquals(tree.iterations(), allreduce.iterations());
    assertEquals(tree.passes(), allreduce.passes());
    assertTrue(relDiff(tree, allreduce) <= 1e-9, "relative difference " + relDiff(tree, allreduce));
    assertEquals(tree.history().size(), allreduce.history().size());
    // statistics pass (+ the column-rank pass of an unpenalized fit) + the solver's one barrier job + certificate;
    // the tree fit took one job per pass instead.
    assertEquals(lambda == 0 ? 4 : 3, fitJobs, "jobs of the allreduce fit");
    // The optimum is newton's (tree) to the tolerance the stopping rule allows.
    FitResult newton = new GlmTrainer().fit(spec(family, "newton", lambda, alpha), blocks, P, s -> s.get());
    assertTrue(relDiff(newton, allreduce) <= 1e-5, "vs newton " + relDiff(newton, allreduce));
  }

  /**
   * Tree and allreduce combine the per-partition sums in the same order (OrderedTreeAggregateTest checks
   * combineLikeTree against the ordered aggregate bit for bit). The fits agree to rounding, not always to the bit:
   * the vectorized exp/log1p (SVML once C2 compiles them, Java's fallback before) and the Vector API's lane reduction
   * can differ in the last bit before and after the JIT compiles the kernel, and then so do two tree fits in one JVM
   * (seen in CI: 1 ulp in one coefficient after 5 fits).
   */
  @Test
  void theSumsAreTreeModesAlsoAfterTheShuffleIntoFewerTasks() {
    List<Block> data = rows(Family.binomial());
    GlmSpec spec = spec("binomial", "lbfgs", 0.01, 0.5);
    for (int partitions : new int[] {2, 5}) {
      JavaRDD<Block> blocks = rdd(data, partitions);
      FitResult tree = new GlmTrainer(3, Map.of()).fit(spec, blocks, P, s -> s.get());
      FitResult allreduce = new GlmTrainer(3, Map.of()).withAggregation(Aggregation.ALLREDUCE)
          .fit(spec, blocks, P, s -> s.get());
      assertArrayEquals(tree.coefficients(), allreduce.coefficients(), 1e-13, partitions + " partitions");
      assertEquals(tree.intercept(), allreduce.intercept(), 1e-13);
    }
  }

  @Test
  void permutingTheFeaturesPermutesTheCoefficients() {
    List<Block> data = rows(Family.gaussian());
    int[] perm = {3, 0, 5, 1, 4, 2};
    List<Block> permuted = rows(Family.gaussian(), perm);
    GlmSpec spec = spec("gaussian", "proxgrad", 0.05, 1);
    GlmTrainer trainer = new GlmTrainer().withAggregation(Aggregation.ALLREDUCE);
    FitResult a = trainer.fit(spec, rdd(data, 2), P, s -> s.get());
    FitResult b = trainer.fit(spec, rdd(permuted, 2), P, s -> s.get());
    for (int j = 0; j < P; j++) {
      assertEquals(a.coefficients()[perm[j]], b.coefficients()[j], 1e-7, "feature " + j);
    }
  }

  @Test
  void solversThatAreNotFullBatchAndCheckpointsAreRefused() {
    GlmSpec sgd = spec("gaussian", "sgd", 0.0, 0.0);
    GlmTrainer allreduce = new GlmTrainer().withAggregation(Aggregation.ALLREDUCE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> allreduce.fit(sgd, rdd(rows(Family.gaussian()), 2), P, s -> s.get()));
    assertTrue(e.getMessage().contains("solver sgd") && e.getMessage().contains("--aggregation tree"),
        e.getMessage());
    GlmTrainer checkpointed = allreduce.withCheckpoints(new GlmTrainer.Checkpointing(
        System.getProperty("java.io.tmpdir") + "/sparkglm-allreduce-ckpt-" + System.nanoTime(), 1, false));
    e = assertThrows(IllegalArgumentException.class, () -> checkpointed.fit(spec("gaussian", "newton", 0, 0),
        rdd(rows(Family.gaussian()), 2), P, s -> s.get()));
    assertTrue(e.getMessage().contains("--checkpoint-dir cannot be combined with --aggregation allreduce"),
        e.getMessage());
  }

  @Test
  void hessiansTooLargeToAllGatherAreRefusedNamingTree() {
    io.sparkglm.spark.solver.DistributedSolver newton = SolverRegistry.load().create("newton", 2000,
        io.sparkglm.core.penalty.Penalty.none(2000), Map.of());
    AllreduceFit.check(newton, 1000, 2); // 2 x 8 MB Hessians: 21 MiB of Base64, under the limit
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AllreduceFit.check(newton,
        2000, 8));
    assertTrue(e.getMessage().contains("p = 2000 over 8 partitions") && e.getMessage().contains(
        "use --aggregation tree"), e.getMessage());
    io.sparkglm.spark.solver.DistributedSolver lbfgs = SolverRegistry.load().create("lbfgs", 2000,
        io.sparkglm.core.penalty.Penalty.none(2000), Map.of());
    AllreduceFit.check(lbfgs, 2000, 8); // gradients only
    assertThrows(IllegalArgumentException.class, () -> AllreduceFit.check(lbfgs, 1_000_000, 8));
  }

  @Test
  void theFlagValueIsParsedOnce() {
    assertEquals(Aggregation.ALLREDUCE, Aggregation.parse("AllReduce"));
    assertEquals(Aggregation.TREE, Aggregation.parse("tree"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregation.parse("ring"));
    assertEquals("--aggregation must be tree or allreduce, got 'ring'", e.getMessage());
  }
}
