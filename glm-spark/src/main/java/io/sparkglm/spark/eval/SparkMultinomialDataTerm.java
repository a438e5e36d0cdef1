package io.sparkglm.spark.eval;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.MultinomialLoss;
import io.sparkglm.core.kernel.MultinomialAccumulator;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.LocalMultinomialDataTerm;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The multinomial data term over a cached RDD of blocks ({@link LocalMultinomialDataTerm} distributed, as
 * {@link SparkDataTerm} is for the other families): one evaluation is one Spark job, the flat class-major
 * coefficients ({@code K (p + 1)}) travel by broadcast, each partition runs the {@link MultinomialAccumulator} kernel
 * and the sums are combined by {@link OrderedTreeAggregate} (bit-for-bit reproducible); the broadcast is destroyed
 * when the job ends. Labels must have been validated as class indices below K (the loader does it with the
 * {@link MultinomialLoss} as its label validator, or {@link MultinomialLabels} afterwards).
 */
public final class SparkMultinomialDataTerm implements DataTerm {
  private final JavaRDD<Block> blocks;
  private final MultinomialLoss loss;
  private final int numFeatures;
  private final double weightSum;
  private final int depth;
  private final JavaSparkContext jsc;
  private String description = "sparkglm evaluation";
  private long passes;

  /**
   * @param blocks cached training blocks, without offsets
   * @param weightSum {@code sum_i w_i} over all rows
   * @param depth treeAggregate depth, at least 1
   */
  public SparkMultinomialDataTerm(JavaRDD<Block> blocks, MultinomialLoss loss, int numFeatures, double weightSum,
      int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("aggregationDepth must be >= 1, got " + depth);
    }
    if (!(weightSum > 0)) {
      throw new IllegalArgumentException("no training rows: the weights sum to " + weightSum);
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
    return loss.dimension(numFeatures);
  }

  @Override
  public Evaluation evaluate(double[] coef, Order order) {
    return LocalMultinomialDataTerm.normalize(pass(coef, order, order.name().toLowerCase(Locale.ROOT)), weightSum);
  }

  /**
   * The rows at {@code coef} with a fitted class probability numerically 0 or 1
   * ({@link MultinomialAccumulator#boundaryRows}): one value-only pass (counted in {@link #passes}).
   */
  public long boundaryRows(double[] coef) {
    return pass(coef, Order.VALUE, "boundary rows").boundaryRows();
  }

  /** One pass at {@code coef}: the kernel's sums over every block, in partition order (counted in {@link #passes}). */
  private MultinomialAccumulator pass(double[] coef, Order order, String what) {
    jsc.setJobDescription(description + " [" + what + "]");
    MultinomialAccumulator zero = new MultinomialAccumulator(loss, numFeatures, order);
    try (ClosableBroadcast<double[]> bc = ClosableBroadcast.of(jsc, coef.clone())) {
      Broadcast<double[]> b = bc.get();
      MultinomialAccumulator sum = OrderedTreeAggregate.aggregate(blocks, zero,
          (acc, block) -> acc.add(block, b.value()), MultinomialAccumulator::merge, depth);
      passes++;
      return sum;
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
