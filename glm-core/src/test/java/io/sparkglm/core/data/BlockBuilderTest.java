package io.sparkglm.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The builder against the rows it was given, read back through the block's own products (X e_j + offset gives
 * column j): dense and sparse rows mixed, every layout, fill below and above the dense threshold, full
 * and partial blocks, with and without the row-major buffer (p beyond {@link BlockBuilder#DENSE_BUFFER_MAX_CELLS}).
 */
class BlockBuilderTest {
  @Test
  void blocksHoldExactlyTheRowsAddedInEveryLayout() {
    Random rnd = new Random(11);
    for (BlockBuilder.Layout layout : BlockBuilder.Layout.values()) {
      for (double fill : new double[] {0.1, 0.6, 1.0}) {
        for (int maxRows : new int[] {1, 7, 64}) {
          check(rnd, 9, maxRows, 50, fill, layout);
        }
      }
    }
  }

  @Test
  void wideBlocksWithoutTheBufferGiveTheSameRows() {
    Random rnd = new Random(5);
    int p = (int) (BlockBuilder.DENSE_BUFFER_MAX_CELLS / 4) + 1;
    check(rnd, p, 4, 6, 0.001, BlockBuilder.Layout.AUTO);
  }

  @Test
  void layoutFollowsTheFill() {
    BlockBuilder dense = new BlockBuilder(4, 8, false, false);
    dense.addDense(new double[] {1, 2, 0, 3}, 1, 1, 0);
    dense.addSparse(new int[] {0, 2}, new double[] {4, 5}, 2, 0, 1, 0);
    assertInstanceOf(DenseBlock.class, dense.build(), "5 of 8 cells filled");
    BlockBuilder sparse = new BlockBuilder(4, 8, false, false);
    sparse.addDense(new double[] {1, 0, 0, 0}, 1, 1, 0);
    sparse.addSparse(new int[] {3}, new double[] {2}, 1, 0, 1, 0);
    Block b = sparse.build();
    assertInstanceOf(SparseBlock.class, b, "2 of 8 cells filled");
    assertArrayEquals(new int[] {0, 1, 2}, ((SparseBlock) b).rowPtr());
    assertArrayEquals(new int[] {0, 3}, ((SparseBlock) b).colIdx());
  }

  private static void check(Random rnd, int p, int maxRows, int total, double fill, BlockBuilder.Layout layout) {
    BlockBuilder builder = new BlockBuilder(p, maxRows, true, true, layout);
    double[][] x = new double[total][p];
    int done = 0;
    int start = 0;
    while (done < total) {
      double[] row = x[done];
      int count = 0;
      int[] idx = new int[p];
      double[] val = new double[p];
      for (int j = 0; j < p; j++) {
        if (rnd.nextDouble() < fill) {
          row[j] = rnd.nextGaussian();
          idx[count] = j;
          val[count++] = row[j];
        }
      }
      if (rnd.nextBoolean()) {
        builder.addDense(row.clone(), done, 1 + done, -done);
      } else {
        builder.addSparse(idx, val, count, done, 1 + done, -done);
      }
      done++;
      if (builder.isFull() || done == total) {
        assertRows(builder.build(), x, start, done, p, layout);
        start = done;
      }
    }
    assertEquals(0, builder.numRows(), "cleared by build");
  }

  private static void assertRows(Block b, double[][] x, int from, int to, int p, BlockBuilder.Layout layout) {
    int n = to - from;
    assertEquals(n, b.numRows());
    assertEquals(p, b.numFeatures());
    if (layout == BlockBuilder.Layout.DENSE) {
      assertInstanceOf(DenseBlock.class, b);
    } else if (layout == BlockBuilder.Layout.SPARSE) {
      assertInstanceOf(SparseBlock.class, b);
    }
    double[] eta = new double[n];
    int[] columns = p <= 16 ? java.util.stream.IntStream.range(0, p).toArray()
        : new int[] {0, 1, p / 2, p - 1};
    for (int j : columns) {
      double[] unit = new double[p + 1];  // the last entry is the intercept
      unit[j] = 1.0;
      b.linearPredictorInto(unit, eta);
      for (int i = 0; i < n; i++) {
        double offset = b.offsets()[i];
        assertEquals(x[from + i][j], eta[i] - offset, 1e-12 * (1 + Math.abs(offset)), "row " + (from + i)
            + " column " + j);
      }
    }
    for (int i = 0; i < n; i++) {
      assertEquals(from + i, b.labels()[i], 0.0);
      assertEquals(1 + from + i, b.weights()[i], 0.0);
      assertEquals(-(from + i), b.offsets()[i], 0.0);
    }
  }
}
