package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.Reparametrization;
import io.sparkglm.spark.eval.ClosableBroadcast;
import io.sparkglm.spark.eval.OrderedTreeAggregate;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.runtime.AbstractFunction1;

/**
 * One mini-batch gradient of {@code sgd}: one Spark job. The coefficients (original scale) travel by broadcast;
 * every partition draws its Bernoulli({@code q}) rows with the generator of {@code (seed, update, partition)},
 * runs {@link GlmAccumulator#addRows} over the drawn rows of each cached block (no copies), and the sums are
 * combined in partition order by {@link io.sparkglm.spark.eval.OrderedTreeAggregate}. With {@code q = 1} every row
 * is used and the block kernel runs: that is how the stochastic solvers evaluate the full data, reproducibly.
 * For the adaptive schedule the drawn rows are dealt round-robin into
 * {@code groups} accumulators per partition, and each partition also returns {@code sum_g |T' G_g|^2 / W_g}
 * (group gradient sums mapped to the solver's variables), from which {@link Sums#rowVariance} estimates the
 * per-row gradient variance.
 */
final class MiniBatch {
  private MiniBatch() {
  }

  /** What one update sends to the executors. */
  record Draw(double[] coef, double rate, long seed, long update, int groups, Reparametrization map,
      boolean[] fixed) implements Serializable {
  }

  /** The sums of one mini-batch (not normalized). */
  static final class Sums implements Serializable {
    private static final long serialVersionUID = 1L;
    double[] gradient;
    double weight;
    long rows;
    double loss;
    double groupSquares;
    int groups;

    Sums merge(Sums o) {
      if (o.gradient != null) {
        if (gradient == null) {
          gradient = new double[o.gradient.length];
        }
        for (int j = 0; j < gradient.length; j++) {
          gradient[j] += o.gradient[j];
        }
      }
      weight += o.weight;
      rows += o.rows;
      loss += o.loss;
      groupSquares += o.groupSquares;
      groups += o.groups;
      return this;
    }

    /**
     * The per-row variance (trace of the covariance, in the solver's variables) of the gradient, from the
     * spread of the group means: {@code (sum_g |G_g|^2/W_g - |G|^2/W) / (groups - 1)}; NaN with fewer than
     * two groups.
     *
     * @param meanGradient {@code T' G / W} with fixed coordinates zeroed
     */
    double rowVariance(double[] meanGradient) {
      if (groups < 2 || !(weight > 0)) {
        return Double.NaN;
      }
      double sq = 0.0;
      for (double g : meanGradient) {
        sq += g * g;
      }
      return Math.max(0.0, (groupSquares - weight * sq) / (groups - 1));
    }
  }

  /** Draws the mini-batch of {@code draw} over every partition and returns its sums. */
  static Sums draw(JavaRDD<Block> blocks, GlmLoss loss, int p, Draw draw, int depth) {
    return draw(blocks, loss, p, draw, depth, null);
  }

  /**
   * Draws the mini-batch of {@code draw} over the partitions {@code chosen} (increasing indices; {@code null}: all)
   * and returns its sums. Only the chosen partitions become tasks ({@link PartitionPruningRDD}); each seeds its draw
   * with its own index, so a draw over all partitions listed is the draw over all partitions.
   */
  static Sums draw(JavaRDD<Block> blocks, GlmLoss loss, int p, Draw draw, int depth, int[] chosen) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    try (ClosableBroadcast<Draw> bc = ClosableBroadcast.of(jsc, draw)) {
      Broadcast<Draw> b = bc.get();
      JavaRDD<Block> source = chosen == null ? blocks
          : PartitionPruningRDD.create(blocks.rdd(), new Chosen(chosen)).toJavaRDD();
      int[] index = chosen;
      JavaRDD<Sums> parts = source.mapPartitionsWithIndex((Integer part, Iterator<Block> it) ->
          List.of(partition(b.value(), loss, p, index == null ? part : index[part], it)).iterator(), true);
      // Summed in partition order (OrderedTreeAggregate): a run is bit-for-bit reproducible.
      return OrderedTreeAggregate.aggregate(parts, new Sums(), Sums::merge, Sums::merge, depth);
    }
  }

  /** The partition filter of {@link PartitionPruningRDD}: membership in a sorted index list. */
  private static final class Chosen extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] sorted;

    Chosen(int[] sorted) {
      this.sorted = sorted.clone();
    }

    @Override
    public Object apply(Object partition) {
      return java.util.Arrays.binarySearch(sorted, (Integer) partition) >= 0;
    }
  }

  /**
   * {@code m} of the partitions {@code [0, parts)}, drawn uniformly without replacement by {@code rnd} (a partial
   * Fisher-Yates shuffle), in increasing order.
   */
  static int[] choosePartitions(java.util.SplittableRandom rnd, int parts, int m) {
    int[] all = new int[parts];
    for (int i = 0; i < parts; i++) {
      all[i] = i;
    }
    for (int i = 0; i < m; i++) {
      int j = i + rnd.nextInt(parts - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] chosen = java.util.Arrays.copyOf(all, m);
    java.util.Arrays.sort(chosen);
    return chosen;
  }

  private static Sums partition(Draw d, GlmLoss loss, int p, int part, Iterator<Block> it) {
    SplittableRandom rnd = RowSampler.random(d.seed(), d.update(), part);
    int groups = d.groups();
    GlmAccumulator[] acc = new GlmAccumulator[groups];
    for (int g = 0; g < groups; g++) {
      acc[g] = new GlmAccumulator(loss, p, Order.GRADIENT);
    }
    int[] sel = null;
    int[] count = new int[1];
    int[][] dealt = new int[groups][];
    int[] dealtCount = new int[groups];
    long drawn = 0;
    while (it.hasNext()) {
      Block block = it.next();
      if (d.rate() >= 1.0 && groups == 1) {
        acc[0].add(block, d.coef()); // every row: the block kernel (a full-data evaluation)
        continue;
      }
      sel = RowSampler.bernoulli(rnd, block.numRows(), d.rate(), sel, count);
      int m = count[0];
      if (groups == 1) {
        acc[0].addRows(block, d.coef(), sel, m);
        continue;
      }
      java.util.Arrays.fill(dealtCount, 0);
      for (int k = 0; k < m; k++) {
        int g = (int) ((drawn + k) % groups);
        if (dealt[g] == null || dealt[g].length <= dealtCount[g]) {
          int[] old = dealt[g] == null ? new int[0] : dealt[g];
          dealt[g] = java.util.Arrays.copyOf(old, Math.max(16, Math.max(2 * old.length, m / groups + 2)));
        }
        dealt[g][dealtCount[g]++] = sel[k];
      }
      drawn += m;
      for (int g = 0; g < groups; g++) {
        acc[g].addRows(block, d.coef(), dealt[g], dealtCount[g]);
      }
    }
    Sums s = new Sums();
    for (int g = 0; g < groups; g++) {
      GlmAccumulator a = acc[g];
      if (a.rows() == 0) {
        continue;
      }
      double[] grad = a.gradient();
      if (groups > 1 && a.weightSum() > 0) {
        double[] gc = d.map().gradientToScaled(grad);
        double sq = 0.0;
        for (int j = 0; j < gc.length; j++) {
          if (!d.fixed()[j]) {
            sq += gc[j] * gc[j];
          }
        }
        s.groupSquares += sq / a.weightSum();
        s.groups++;
      }
      Sums one = new Sums();
      one.gradient = grad;
      one.weight = a.weightSum();
      one.rows = a.rows();
      one.loss = a.lossSum();
      s.merge(one);
    }
    return s;
  }
}
