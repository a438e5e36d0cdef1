package io.sparkglm.core.solver;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.MultinomialLoss;
import io.sparkglm.core.kernel.MultinomialAccumulator;
import io.sparkglm.core.kernel.Order;
import java.util.List;

/**
 * The multinomial data term {@code D(B) = (1/sum w) sum_i w_i (-log p_{i, y_i})} over blocks held in this JVM, one
 * {@link MultinomialAccumulator} pass per evaluation; {@link #dimension()} is {@code K (p + 1)} (class-major, see
 * {@link MultinomialLoss}). Every solver that takes a {@link DataTerm} works on it unchanged, with the penalty
 * {@link io.sparkglm.core.penalty.Penalty#perClass}. The reference for the distributed version and for tests.
 */
public final class LocalMultinomialDataTerm implements DataTerm {
  private final List<Block> blocks;
  private final MultinomialLoss loss;
  private final int numFeatures;
  private final double weightSum;
  private long passes;

  /**
   * @param blocks the rows; not modified
   * @throws IllegalArgumentException naming the block and row of the first label that is not an integer in
   *     {@code [0, K)}, for a block with offsets, or when there are no rows
   */
  public LocalMultinomialDataTerm(List<Block> blocks, MultinomialLoss loss, int numFeatures) {
    double s = 0.0;
    for (int b = 0; b < blocks.size(); b++) {
      Block block = blocks.get(b);
      if (block.offsets() != null) {
        throw new IllegalArgumentException("multinomial does not take offsets (one per class would be needed)");
      }
      for (int i = 0; i < block.numRows(); i++) {
        if (!loss.isValidLabel(block.labels()[i])) {
          throw new IllegalArgumentException("block " + b + ", row " + i + ": "
              + loss.invalidLabelMessage(block.labels()[i]));
        }
        s += block.weight(i);
      }
    }
    if (!(s > 0)) {
      throw new IllegalArgumentException("no training rows: the weights sum to " + s);
    }
    this.blocks = List.copyOf(blocks);
    this.loss = loss;
    this.numFeatures = numFeatures;
    this.weightSum = s;
  }

  @Override
  public int dimension() {
    return loss.dimension(numFeatures);
  }

  @Override
  public Evaluation evaluate(double[] coef, Order order) {
    MultinomialAccumulator acc = new MultinomialAccumulator(loss, numFeatures, order);
    for (Block b : blocks) {
      acc.add(b, coef);
    }
    passes++;
    return normalize(acc, weightSum);
  }

  /** Turns accumulated sums into an {@link Evaluation} normalized by {@code weightSum}. */
  public static Evaluation normalize(MultinomialAccumulator acc, double weightSum) {
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
