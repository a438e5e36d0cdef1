package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.eval.SparkDataTerm;
import io.sparkglm.spark.solver.TrainingProblem;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/** Test problems for the stochastic solvers: n x p rows with a fixed seed, cached in a fixed partitioning. */
final class StochasticData {
  static final int N = 20_000;
  static final int P = 10;

  final Family family;
  final JavaRDD<Block> blocks;

  private StochasticData(Family family, JavaRDD<Block> blocks) {
    this.family = family;
    this.blocks = blocks;
  }

  /**
   * Features {@code (1 + j%4) (commonLoading * shared + e_j)} plus a mean for every third (correlated when the
   * loading is not 0, unequal scales and means); labels from a GLM with coefficients {@code beta}
   * (intercept -0.3 for binomial, 0.5 for poisson, 1 for gaussian with noise sd 0.5).
   */
  static StochasticData generate(Family family, double[] beta, double commonLoading, long seed, int partitions) {
    Random rnd = new Random(seed);
    BlockBuilder b = new BlockBuilder(P, 1024, false, false);
    List<Block> out = new ArrayList<>();
    double[] x = new double[P];
    for (int i = 0; i < N; i++) {
      double shared = rnd.nextGaussian();
      double eta = 0;
      for (int j = 0; j < P; j++) {
        double z = commonLoading * shared + rnd.nextGaussian();
        x[j] = (1 + j % 4) * z + (j % 3 == 0 ? 2.0 : 0.0);
        eta += beta[j] * z;
      }
      double y;
      switch (family.name()) {
        case "binomial" -> y = rnd.nextDouble() < 1 / (1 + Math.exp(-(eta - 0.3))) ? 1 : 0;
        case "poisson" -> y = poisson(Math.exp(0.5 + eta), rnd);
        default -> y = 1.0 + eta + 0.5 * rnd.nextGaussian();
      }
      b.addDense(x, y, 1.0, 0.0);
      if (b.isFull()) {
        out.add(b.build());
      }
    }
    if (b.numRows() > 0) {
      out.add(b.build());
    }
    JavaRDD<Block> rdd = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext())
        .parallelize(out, partitions);
    rdd.persist(StorageLevel.MEMORY_ONLY());
    return new StochasticData(family, rdd);
  }

  private static double poisson(double mu, Random rnd) {
    double l = Math.exp(-mu);
    int k = 0;
    double prod = rnd.nextDouble();
    while (prod > l) {
      k++;
      prod *= rnd.nextDouble();
    }
    return k;
  }

  /** Fits with {@code solver} (the trainer certifies the answer on the full data). */
  FitResult fit(String solver, double lambda, double alpha, int maxIter, Map<String, String> options) {
    Link link = family.defaultLink();
    GlmSpec spec = new GlmSpec(family, link, lambda, alpha, true, true, solver,
        new StoppingRule(maxIter, 1e-9, 0.0));
    return new GlmTrainer(2, options).fit(spec, blocks, P, s -> s.get());
  }

  /**
   * The problem the trainer would hand a solver (statistics pass, setup, data term in the solver's variables),
   * built once so that several solver runs see bit-identical inputs.
   */
  TrainingProblem problem(double lambda, double alpha) {
    FeatureStats stats = blocks.treeAggregate(new FeatureStats(P), FeatureStats::add, FeatureStats::merge, 2);
    GlmSpec spec = new GlmSpec(family, family.defaultLink(), lambda, alpha, true, true, "auto",
        StoppingRule.defaults());
    FitSetup setup = FitSetup.of(spec, stats);
    SparkDataTerm data = new SparkDataTerm(blocks, spec.loss(), P, stats.weightSum(), 2);
    return new TrainingProblem(blocks, spec.loss(), setup, setup.solverView(data), 2);
  }

  /** {@code (F - F*) / |F*|}. */
  static double relativeGap(FitResult r, FitResult optimum) {
    return (r.objective() - optimum.objective()) / Math.abs(optimum.objective());
  }
}
