package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.core.data.Block;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic row sampling inside one partition. Every draw comes from a generator seeded by
 * {@code (seed, step, partition)} (step = the model update or round), so a retried or speculative task draws
 * exactly the same rows, and results depend only on the seed and the partitioning.
 *
 * <p>Bernoulli sampling keeps each row independently with probability {@code q}; it skips ahead by geometric
 * gaps ({@code floor(log U / log(1 - q))}), so a draw costs O(q n) rather than O(n) per partition.
 */
final class RowSampler {
  private RowSampler() {
  }

  /** The generator of {@code (seed, step, partition)} (SplitMix-style mixing of the three). */
  static SplittableRandom random(long seed, long step, int partition) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h = Long.rotateLeft(h ^ (step + 0x632BE59BD9B4E019L) * 0xBF58476D1CE4E5B9L, 31);
    h = Long.rotateLeft(h ^ (partition + 0x94D049BB133111EBL) * 0x94D049BB133111EBL, 29);
    return new SplittableRandom(h);
  }

  /**
   * Bernoulli({@code q}) selection of the rows {@code [0, n)}, in increasing order.
   *
   * @param scratch a buffer to reuse (may be replaced); the returned array holds the rows in its first
   *     {@code count} entries, where count is stored in {@code countOut[0]}
   */
  static int[] bernoulli(SplittableRandom rnd, int n, double q, int[] scratch, int[] countOut) {
    int[] sel = scratch == null ? new int[Math.max(16, (int) Math.min(n, 1.25 * q * n + 16))] : scratch;
    int count = 0;
    if (q >= 1.0) {
      if (sel.length < n) {
        sel = new int[n];
      }
      for (int i = 0; i < n; i++) {
        sel[i] = i;
      }
      countOut[0] = n;
      return sel;
    }
    double logKeep = Math.log1p(-q);
    long i = gap(rnd, logKeep);
    while (i < n) {
      if (count == sel.length) {
        sel = Arrays.copyOf(sel, Math.min(n, 2 * sel.length));
      }
      sel[count++] = (int) i;
      i += 1 + gap(rnd, logKeep);
    }
    countOut[0] = count;
    return sel;
  }

  private static long gap(SplittableRandom rnd, double logKeep) {
    double u = 1.0 - rnd.nextDouble(); // in (0, 1]
    double g = Math.floor(Math.log(u) / logKeep);
    return g >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (long) g;
  }

  /** Row-position bookkeeping of a partition's blocks: position {@code k} is row {@code k - start(b)} of b. */
  static final class Positions {
    private final List<Block> blocks;
    private final int[] start;
    private final int total;

    Positions(List<Block> blocks) {
      this.blocks = blocks;
      this.start = new int[blocks.size() + 1];
      for (int b = 0; b < blocks.size(); b++) {
        start[b + 1] = start[b] + blocks.get(b).numRows();
      }
      this.total = start[blocks.size()];
    }

    int total() {
      return total;
    }

    List<Block> blocks() {
      return blocks;
    }

    /**
     * Calls {@code action(block, rows, count)} once per block holding any of the sorted positions
     * {@code pos[0 .. count)}, with the positions translated to row indices of that block.
     *
     * @param pos sorted; not modified
     * @param rowsScratch length at least {@code count}; overwritten
     */
    void forEachBlock(int[] pos, int count, int[] rowsScratch, BlockAction action) {
      int k = 0;
      int b = 0;
      while (k < count) {
        while (pos[k] >= start[b + 1]) {
          b++;
        }
        int m = 0;
        while (k < count && pos[k] < start[b + 1]) {
          rowsScratch[m++] = pos[k++] - start[b];
        }
        action.apply(blocks.get(b), rowsScratch, m);
      }
    }
  }

  /** Work on the selected rows of one block. */
  @FunctionalInterface
  interface BlockAction {
    void apply(Block block, int[] rows, int count);
  }
}
