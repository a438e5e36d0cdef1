package io.sparkglm.core.solver;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.kernel.Order;
import java.util.List;

/**
 * The data term over blocks held in this JVM, evaluated by one {@link GlmAccumulator} pass. Used by local
 * solvers (e.g. an ADMM partition's update) and by tests as the reference for the distributed version.
 */
public final class LocalDataTerm implements DataTerm {
  private final List<Block> blocks;
  private final GlmLoss loss;
  private final int numFeatures;
  private final double weightSum;
  private long passes;

  /**
   * @param blocks the rows; not modified
   * @param numFeatures p
   */
  public LocalDataTerm(List<Block> blocks, GlmLoss loss, int numFeatures) {
    this(blocks, loss, numFeatures, weightSum(blocks));
  }

  /**
   * The blocks' rows normalized by a given weight sum: a part of a larger data set (e.g. one partition in
   * ADMM), whose terms then add up to the full data term.
   *
   * @param weightSum {@code > 0}, the weight sum of the whole data set
   */
  public LocalDataTerm(List<Block> blocks, GlmLoss loss, int numFeatures, double weightSum) {
    if (!(weightSum > 0)) {
      throw new IllegalArgumentException("no training rows: the weights sum to " + weightSum);
    }
    this.blocks = List.copyOf(blocks);
    this.loss = loss;
    this.numFeatures = numFeatures;
    this.weightSum = weightSum;
  }

  private static double weightSum(List<Block> blocks) {
    double s = 0.0;
    for (Block b : blocks) {
      for (int i = 0; i < b.numRows(); i++) {
        s += b.weight(i);
      }
    }
    return s;
  }

  @Override
  public int dimension() {
    return numFeatures + 1;
  }

  @Override
  public Evaluation evaluate(double[] coef, Order order) {
    GlmAccumulator acc = new GlmAccumulator(loss, numFeatures, order);
    for (Block b : blocks) {
      acc.add(b, coef);
    }
    passes++;
    return normalize(acc, weightSum);
  }

  /** Turns accumulated sums into an {@link Evaluation} normalized by {@code weightSum}. */
  public static Evaluation normalize(GlmAccumulator acc, double weightSum) {
    double inv = 1.0 / weightSum;
    double[] g = null;
    double[] h = null;
    if (acc.order().includes(Order.GRADIENT)) {
      g = acc.gradient();
      for (int j = 0; j < g.length; j++) {
        g[j] *= inv;
      }
    }
    if (acc.order() == Order.HESSIAN) {
      h = acc.hessian();
      for (int j = 0; j < h.length; j++) {
        h[j] *= inv;
      }
    }
    return new Evaluation(acc.lossSum() * inv, g, h, acc.order());
  }

  @Override
  public long passes() {
    return passes;
  }
}
