package io.sparkglm.spark.eval;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.LocalDataTerm;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The data term over a cached RDD of blocks. One evaluation is one Spark job and one pass over the data:
 * the coefficients travel by broadcast, each partition runs the {@link GlmAccumulator} kernel over its blocks,
 * and the partial sums are combined by a tree aggregation of the given depth in partition order
 * ({@link OrderedTreeAggregate}: the same bytes as Spark's {@code treeAggregate}, but bit-for-bit reproducible
 * sums); the broadcast is destroyed when the job ends. Only coefficient-sized data (and a Hessian for {@link Order#HESSIAN}) moves.
 */
public final class SparkDataTerm implements DataTerm {
  private final JavaRDD<Block> blocks;
  private final GlmLoss loss;
  private final int numFeatures;
  private final double weightSum;
  private final int depth;
  private final JavaSparkContext jsc;
  private String description = "sparkglm evaluation";
  private long passes;

  /**
   * @param blocks cached training blocks
   * @param weightSum {@code sum_i w_i} over all rows (from the statistics pass)
   * @param depth treeAggregate depth, at least 1
   */
  public SparkDataTerm(JavaRDD<Block> blocks, GlmLoss loss, int numFeatures, double weightSum, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("aggregationDepth must be >= 1, got " + depth);
    }
    this.blocks = blocks;
    this.loss = loss;
    this.numFeatures = numFeatures;
    this.weightSum = weightSum;
    this.depth = depth;
    this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
  }

  @Override
  public int dimension() {
    return numFeatures + 1;
  }

  @Override
  public Evaluation evaluate(double[] coef, Order order) {
    return evaluate(coef, order, null);
  }

  /**
   * As {@link #evaluate(double[], Order)}, with a Hessian covering only the features {@code hessianColumns} and
   * the intercept (zeros elsewhere; {@link GlmAccumulator#GlmAccumulator(GlmLoss, int, Order, int[])}): a pass
   * whose Gram part costs {@code k^2} instead of {@code p^2}. Value and gradient cover every feature.
   *
   * @param hessianColumns strictly increasing feature indices, or {@code null} for every feature; not modified
   */
  public Evaluation evaluate(double[] coef, Order order, int[] hessianColumns) {
    jsc.setJobDescription(description + " [" + order.name().toLowerCase(java.util.Locale.ROOT) + "]");
    GlmAccumulator zero = new GlmAccumulator(loss, numFeatures, order,
        order == Order.HESSIAN ? hessianColumns : null);
    try (ClosableBroadcast<double[]> bc = ClosableBroadcast.of(jsc, coef.clone())) {
      Broadcast<double[]> b = bc.get();
      GlmAccumulator sum = OrderedTreeAggregate.aggregate(blocks, zero,
          (acc, block) -> acc.add(block, b.value()),
          GlmAccumulator::merge, depth);
      passes++;
      return LocalDataTerm.normalize(sum, weightSum);
    } finally {
      jsc.setJobDescription(null);
    }
  }

  @Override
  public long passes() {
    return passes;
  }

  @Override
  public void describe(String what) {
    this.description = "sparkglm " + what;
  }
}
