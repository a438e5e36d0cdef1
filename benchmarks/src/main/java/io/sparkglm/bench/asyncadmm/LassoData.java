package io.sparkglm.bench.asyncadmm;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The async-ADMM seed's synthetic lasso problem, generated inside Spark: {@code y = X beta + eps} with
 * {@code X_ij ~ N(0, 1)}, {@code eps_i ~ N(0, }{@value #NOISE_SD}{@code ^2)}, {@code beta_j ~ U(0, 1)} with 10%
 * of the coordinates set to zero, no intercept in the truth. Partition {@code k} draws its rows from an RNG
 * seeded by {@code (seed, k)} only, so a retried task regenerates the same rows.
 */
final class LassoData {
  /** Rows per partition, the seed's chunk size. */
  static final int PARTITION_ROWS = 50_000;
  /** Standard deviation of the noise. */
  static final double NOISE_SD = 2.0;

  private LassoData() {
  }

  /** The true coefficients: {@code U(0, 1)}, then {@code p/10} distinct coordinates set to 0. */
  static double[] trueBeta(long seed, int p) {
    SplittableRandom rng = new SplittableRandom(mix(seed, -1));
    double[] beta = new double[p];
    for (int j = 0; j < p; j++) {
      beta[j] = rng.nextDouble();
    }
    int[] order = IntStream.range(0, p).toArray();
    for (int j = p - 1; j > 0; j--) {
      int k = rng.nextInt(j + 1);
      int t = order[j];
      order[j] = order[k];
      order[k] = t;
    }
    for (int j = 0; j < p / 10; j++) {
      beta[order[j]] = 0.0;
    }
    return beta;
  }

  /**
   * {@code rows} rows in {@code partitions} partitions (sizes differ by at most one), packed into dense blocks
   * of {@link BlockBuilder#DEFAULT_BLOCK_ROWS} rows. Lazy: nothing is computed until an action.
   */
  static JavaRDD<Block> generate(JavaSparkContext jsc, long rows, int partitions, double[] beta, long seed) {
    int p = beta.length;
    List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
    return jsc.parallelize(ids, partitions).mapPartitionsWithIndex((index, it) -> {
      long count = rows / partitions + (index < rows % partitions ? 1 : 0);
      SplittableRandom rng = new SplittableRandom(mix(seed, index));
      BlockBuilder builder = new BlockBuilder(p, BlockBuilder.DEFAULT_BLOCK_ROWS, false, false,
          BlockBuilder.Layout.DENSE);
      List<Block> out = new ArrayList<>();
      double[] x = new double[p];
      for (long i = 0; i < count; i++) {
        double eta = 0.0;
        for (int j = 0; j < p; j++) {
          x[j] = rng.nextGaussian();
          eta += x[j] * beta[j];
        }
        builder.addDense(x, eta + NOISE_SD * rng.nextGaussian(), 1.0, 0.0);
        if (builder.isFull()) {
          out.add(builder.build());
        }
      }
      if (builder.numRows() > 0) {
        out.add(builder.build());
      }
      return out.iterator();
    }, true);
  }

  /**
   * The smallest lambda at which the standardized lasso (alpha = 1, intercept, loss {@code (1/2n)|y - eta|^2})
   * has all coefficients zero: {@code max_j |sum_i (x_ij - xbar_j)(y_i - ybar)| / (n s_j)}, {@code s_j} the
   * population standard deviation. One pass over the blocks.
   */
  static double lambdaMax(JavaRDD<Block> blocks, int p) {
    double[] m = blocks.treeAggregate(new double[3 * p + 2], (acc, b) -> {
      double[] sum = new double[p];
      double[] sumSq = new double[p];
      b.addFeatureMomentsInto(sum, sumSq);
      double[] xty = new double[p + 1];
      b.addTransposeTimesInto(b.labels(), xty);
      for (int j = 0; j < p; j++) {
        acc[j] += sum[j];
        acc[p + j] += sumSq[j];
        acc[2 * p + j] += xty[j];
      }
      acc[3 * p] += xty[p];
      acc[3 * p + 1] += b.numRows();
      return acc;
    }, (a, c) -> {
      for (int j = 0; j < a.length; j++) {
        a[j] += c[j];
      }
      return a;
    }, 2);
    double n = m[3 * p + 1];
    double ybar = m[3 * p] / n;
    double max = 0.0;
    for (int j = 0; j < p; j++) {
      double xbar = m[j] / n;
      double sd = Math.sqrt(Math.max(0.0, m[p + j] / n - xbar * xbar));
      double cov = m[2 * p + j] / n - xbar * ybar;
      max = Math.max(max, Math.abs(cov) / sd);
    }
    return max;
  }

  /** A 64-bit seed from (seed, stream): the splitmix64 finalizer of their combination. */
  static long mix(long seed, long stream) {
    long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
