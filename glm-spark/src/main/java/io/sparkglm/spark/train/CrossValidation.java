package io.sparkglm.spark.train;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.fit.CvCurve;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.spark.eval.BlockStorage;
import io.sparkglm.spark.eval.ClosableBroadcast;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * K-fold cross validation of a regularization path, as R's {@code cv.glmnet} does it: the path on all the data
 * fixes the lambda sequence; then for each fold a warm-started path ({@link RegularizationPath}, strong rules
 * included) on the other folds over that sequence, and the held-out deviance of each of its points; the curve
 * {@link CvCurve} ({@code type.measure = "deviance"}, {@code grouped = TRUE}), {@code lambdaMin} and
 * {@code lambda1se}. The model is the full-data fit at the chosen lambda ({@code cv.glmnet}'s
 * {@code glmnet.fit}), refitted by the caller with a {@link GlmTrainer} (for its statistics and certificate).
 *
 * <p>Data: the blocks are cached once and every fold's fits read them through a view that sets the held-out rows'
 * weights to 0 (no copy of the features: {@link Block#withWeights}); a fold's passes read all the rows. Each fold
 * costs its path's passes plus one pass for the held-out deviances of all its lambdas. (Evaluating the K folds'
 * paths in one pass each iteration would need the folds' solvers to run in lockstep; not done.)
 *
 * <p>Held-out deviance per row: the family's unit deviance {@code w_i d(y_i, mu_i)}; binomial probabilities are
 * clipped to {@code [1e-5, 1 - 1e-5]} first, as {@code cv.glmnet} does. A fold's figure is the weighted mean over
 * its held-out rows.
 */
public final class CrossValidation {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit");
  /** cv.glmnet's clipping of binomial probabilities in its deviance. */
  public static final double PROBABILITY_CLIP = 1e-5;

  private final int depth;
  private final Map<String, String> options;
  private final boolean warmStarts;

  /** Cross validation with this treeAggregate depth and solver options, warm-starting along each path. */
  public CrossValidation(int depth, Map<String, String> options) {
    this(depth, options, true);
  }

  /** @param warmStarts {@code false} starts every fit of every path from scratch */
  public CrossValidation(int depth, Map<String, String> options, boolean warmStarts) {
    this.depth = depth;
    this.options = Map.copyOf(options);
    this.warmStarts = warmStarts;
  }

  /**
   * The outcome.
   *
   * @param path the full-data path (its lambdas are the curve's)
   * @param curve cvm, cvsd, lambdaMin, lambda1se
   * @param foldDeviance {@code K x L} weighted mean held-out deviance per fold and lambda
   * @param foldWeights the held-out weight sum of each fold (length K)
   * @param foldRows the held-out row count of each fold (length K)
   * @param foldNonZeros {@code K x L} non-zero coefficients of each fold's fits
   * @param passes data passes over all the fits and evaluations
   */
  public record Result(RegularizationPath.Result path, CvCurve curve, double[][] foldDeviance, double[] foldWeights,
      long[] foldRows, int[][] foldNonZeros, long passes) {
  }

  /**
   * Cross-validates the path of {@code base} (its regParam ignored).
   *
   * @param lambdas a decreasing sequence, or {@code null} for the default of {@code count} values on all the data
   * @param firstAction wraps the first Spark action (see {@link GlmTrainer#fit})
   */
  public Result fit(GlmSpec base, JavaRDD<Block> blocks, int p, boolean hasOffsets, double[] lambdas, int count,
      FoldAssignment folds, Function<Supplier<FeatureStats>, FeatureStats> firstAction) {
    boolean cachedHere = blocks.getStorageLevel().equals(StorageLevel.NONE());
    if (cachedHere) {
      blocks.persist(BlockStorage.level(blocks.context()));
      blocks.setName("sparkglm training blocks (cross validation)");
    }
    try {
      RegularizationPath paths = new RegularizationPath(depth, options, warmStarts);
      RegularizationPath.Result full = paths.fit(base, blocks, p, hasOffsets, lambdas, count, firstAction);
      double[] seq = full.points().stream().mapToDouble(RegularizationPath.Point::lambda).toArray();
      int k = folds.folds();
      double[][] deviance = new double[k][];
      double[] weights = new double[k];
      long[] rows = new long[k];
      int[][] nonZeros = new int[k][];
      long passes = full.totalPasses() + 1;
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
      jsc.setJobDescription("sparkglm cross validation: rows per partition (fold assignment)");
      try (ClosableBroadcast<int[][]> ids = ClosableBroadcast.of(jsc, folds.assign(blocks))) {
        for (int fold = 1; fold <= k; fold++) {
          Broadcast<int[][]> bc = ids.get();
          int held = fold;
          JavaRDD<Block> train = blocks.mapPartitionsWithIndex((part, it) -> holdOut(it, bc.value()[part], held),
              true);
          RegularizationPath.Result r = paths.fit(base, train, p, hasOffsets, seq, 0, Supplier::get);
          double[] sums = heldOutDeviance(jsc, blocks, bc, fold, r, base);
          deviance[fold - 1] = new double[seq.length];
          for (int l = 0; l < seq.length; l++) {
            deviance[fold - 1][l] = sums[l] / sums[seq.length];
          }
          weights[fold - 1] = sums[seq.length];
          rows[fold - 1] = Math.round(sums[seq.length + 1]);
          nonZeros[fold - 1] = r.points().stream().mapToInt(RegularizationPath.Point::nonZeros).toArray();
          passes += r.totalPasses() + 1;
          LOG.info("cv fold={} of {} heldOutRows={} heldOutWeight={} passes={}", fold, k, rows[fold - 1],
              weights[fold - 1], r.totalPasses() + 1);
        }
      } finally {
        jsc.setJobDescription(null);
      }
      CvCurve curve = CvCurve.of(seq, deviance, weights);
      LOG.info("cv done: folds={} lambdaMin={} lambda1se={} cvmMin={} passes={}", k, curve.lambdaMin(),
          curve.lambda1se(), curve.cvm()[curve.indexMin()], passes);
      return new Result(full, curve, deviance, weights, rows, nonZeros, passes);
    } finally {
      if (cachedHere) {
        blocks.unpersist(false);
      }
    }
  }

  /** The blocks of one partition with the rows of fold {@code held} at weight 0 ({@code ids}: the partition's). */
  private static Iterator<Block> holdOut(Iterator<Block> it, int[] ids, int held) {
    return new Iterator<>() {
      private int at;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Block next() {
        Block b = it.next();
        double[] w = new double[b.numRows()];
        for (int i = 0; i < w.length; i++) {
          w[i] = ids[at + i] == held ? 0.0 : b.weight(i);
        }
        at += w.length;
        return b.withWeights(w);
      }
    };
  }

  /**
   * One pass: for the rows of fold {@code fold}, {@code sum_i w_i d(y_i, mu_i(lambda_l))} for every point of
   * {@code r}, then the weight sum and the row count (length L + 2).
   */
  private static double[] heldOutDeviance(JavaSparkContext jsc, JavaRDD<Block> blocks, Broadcast<int[][]> ids,
      int fold, RegularizationPath.Result r, GlmSpec spec) {
    int count = r.points().size();
    double[][] coef = new double[count][];
    for (int l = 0; l < count; l++) {
      RegularizationPath.Point point = r.points().get(l);
      coef[l] = java.util.Arrays.copyOf(point.coefficients(), point.coefficients().length + 1);
      coef[l][coef[l].length - 1] = point.intercept();
    }
    GlmLoss loss = spec.loss();
    Family family = spec.family();
    jsc.setJobDescription("sparkglm cross validation: held-out deviance of fold " + fold);
    try (ClosableBroadcast<double[][]> bc = ClosableBroadcast.of(jsc, coef)) {
      Broadcast<double[][]> c = bc.get();
      return blocks.mapPartitionsWithIndex((part, it) -> {
        List<double[]> out = new ArrayList<>();
        out.add(foldSums(it, ids.value()[part], fold, c.value(), loss, family));
        return out.iterator();
      }, true).reduce(CrossValidation::sum);
    }
  }

  private static double[] foldSums(Iterator<Block> it, int[] ids, int fold, double[][] coef, GlmLoss loss,
      Family family) {
    int count = coef.length;
    double[] acc = new double[count + 2];
    int at = 0;
    double[] eta = new double[0];
    while (it.hasNext()) {
      Block b = it.next();
      int n = b.numRows();
      eta = eta.length < n ? new double[n] : eta;
      for (int l = 0; l < count; l++) {
        b.linearPredictorInto(coef[l], eta);
        for (int i = 0; i < n; i++) {
          if (ids[at + i] == fold) {
            acc[l] += b.weight(i) * deviance(family, b.labels()[i], loss.mean(eta[i]));
          }
        }
      }
      for (int i = 0; i < n; i++) {
        if (ids[at + i] == fold) {
          acc[count] += b.weight(i);
          acc[count + 1] += 1;
        }
      }
      at += n;
    }
    return acc;
  }

  /** The unit deviance, binomial probabilities clipped to {@code [1e-5, 1 - 1e-5]} as {@code cv.glmnet} does. */
  static double deviance(Family family, double y, double mu) {
    double m = family.predictsProbability() ? Math.min(Math.max(mu, PROBABILITY_CLIP), 1 - PROBABILITY_CLIP) : mu;
    return family.unitDeviance(y, m);
  }

  private static double[] sum(double[] a, double[] b) {
    double[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += b[i];
    }
    return out;
  }
}
