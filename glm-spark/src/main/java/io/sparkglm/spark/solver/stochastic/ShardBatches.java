package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.kernel.Order;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mini-batches of one partition's rows for the solvers that step locally in a task ({@code parallel-sgd},
 * {@code local-sgd}, {@code downpour-sgd}): the rows are drawn without replacement from a shuffle of the shard made
 * lazily, one Fisher-Yates step per row drawn, and reshuffled when exhausted (so a pass over the shard uses every
 * row once). The generator is given by the caller (seeded by {@code (seed, round or task, partition)}), so a
 * retried task draws the same rows.
 */
final class ShardBatches {
  private final RowSampler.Positions positions;
  private final SplittableRandom rnd;
  private final int total;
  private final int[] perm;
  private int cursor;
  private int[] pos = new int[0];
  private int[] rows = new int[0];
  private long drawn;

  /** The shard of {@code blocks}, drawn with {@code rnd}. */
  ShardBatches(Iterator<Block> blocks, SplittableRandom rnd) {
    List<Block> list = new ArrayList<>();
    blocks.forEachRemaining(list::add);
    this.positions = new RowSampler.Positions(list);
    this.rnd = rnd;
    this.total = positions.total();
    this.perm = new int[total];
    for (int k = 0; k < total; k++) {
      perm[k] = k;
    }
  }

  /** Rows in the shard. */
  int total() {
    return total;
  }

  /** Rows drawn so far. */
  long drawn() {
    return drawn;
  }

  /** The shard's weight sum (rows when unweighted). */
  double weight() {
    double weight = 0.0;
    for (Block block : positions.blocks()) {
      double[] w = block.weights();
      if (w == null) {
        weight += block.numRows();
      } else {
        for (int i = 0; i < block.numRows(); i++) {
          weight += w[i];
        }
      }
    }
    return weight;
  }

  /**
   * The loss-gradient sums at the original-scale coefficients {@code b} over the next {@code batch} rows of the
   * shuffle (at most {@link #total()}).
   */
  GlmAccumulator next(int batch, GlmLoss loss, int numFeatures, double[] b) {
    if (pos.length < batch) {
      pos = new int[batch];
      rows = new int[batch];
    }
    for (int k = 0; k < batch; k++) {
      if (cursor == total) {
        cursor = 0; // the next pass over the shard: a fresh shuffle, drawn lazily
      }
      int swap = cursor + rnd.nextInt(total - cursor); // one Fisher-Yates step
      int t = perm[swap];
      perm[swap] = perm[cursor];
      perm[cursor] = t;
      pos[k] = perm[cursor++];
    }
    Arrays.sort(pos, 0, batch);
    GlmAccumulator acc = new GlmAccumulator(loss, numFeatures, Order.GRADIENT);
    positions.forEachBlock(pos, batch, rows, (block, sel, m) -> acc.addRows(block, b, sel, m));
    drawn += batch;
    return acc;
  }
}
