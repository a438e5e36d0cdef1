package io.sparkglm.core.data;

import java.util.Arrays;

/**
 * Packs rows, one at a time, into a {@link Block}: dense when the rows are dense enough, CSR otherwise.
 *
 * <p>Rows are given sparse (indices and values) or dense. A builder is reused: {@link #build()} returns
 * the block of the rows added since the last build and clears the builder. Not thread-safe.
 *
 * <p>Storage choice: a block is stored dense when its non-zeros fill at least
 * {@value #DENSE_FILL_THRESHOLD} of the {@code n x p} cells (dense costs 8 bytes a cell, CSR 12 bytes a
 * non-zero, and the dense kernel runs on BLAS), sparse otherwise.
 */
public final class BlockBuilder {
  /** Fill ratio at or above which a block is stored dense. */
  public static final double DENSE_FILL_THRESHOLD = 0.5;
  /** Default number of rows in a block: large enough to amortize calls, small enough for cache. */
  public static final int DEFAULT_BLOCK_ROWS = 4096;

  /** How blocks are stored. */
  public enum Layout {
    /** Dense when the fill ratio reaches {@link #DENSE_FILL_THRESHOLD}, CSR otherwise. */
    AUTO,
    /** Always dense row-major. */
    DENSE,
    /** Always CSR. */
    SPARSE
  }

  /**
   * The largest block, in cells ({@code maxRows * p}), for which rows are written straight into a row-major
   * buffer (dense and CSR rows alike; the layout is chosen at {@link #build()}); larger blocks (wide, sparse data)
   * collect CSR arrays.
   */
  public static final long DENSE_BUFFER_MAX_CELLS = 1L << 22;

  private final int numFeatures;
  private final int maxRows;
  private final Layout layout;
  private final boolean hasWeights;
  private final boolean hasOffsets;
  private final boolean buffered;

  private int rows;
  private int nnz;
  private double[] dense;
  private int[] rowPtr;
  private int[] colIdx;
  private double[] values;
  private double[] labels;
  private double[] weights;
  private double[] offsets;

  /**
   * @param numFeatures p
   * @param maxRows rows per block ({@link #isFull()} turns true at this count)
   * @param hasWeights whether {@link #addSparse}/{@link #addDense} weights are kept (otherwise all 1)
   * @param hasOffsets whether offsets are kept (otherwise all 0)
   */
  public BlockBuilder(int numFeatures, int maxRows, boolean hasWeights, boolean hasOffsets) {
    this(numFeatures, maxRows, hasWeights, hasOffsets, Layout.AUTO);
  }

  /**
   * A builder with a fixed storage layout (see {@link Layout}).
   */
  public BlockBuilder(int numFeatures, int maxRows, boolean hasWeights, boolean hasOffsets, Layout layout) {
    this.layout = layout;
    if (numFeatures < 0) {
      throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
    }
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
    }
    this.numFeatures = numFeatures;
    this.maxRows = maxRows;
    this.hasWeights = hasWeights;
    this.hasOffsets = hasOffsets;
    this.buffered = layout != Layout.SPARSE && numFeatures > 0
        && (long) maxRows * numFeatures <= DENSE_BUFFER_MAX_CELLS;
    reset();
  }

  private void reset() {
    int cap = Math.min(maxRows, buffered ? BlockBuilder.DEFAULT_BLOCK_ROWS : 1024);
    rows = 0;
    nnz = 0;
    if (buffered) {
      dense = new double[cap * numFeatures];
    } else {
      rowPtr = new int[cap + 1];
      colIdx = new int[Math.max(16, cap * Math.min(numFeatures, 16))];
      values = new double[colIdx.length];
    }
    labels = new double[cap];
    weights = hasWeights ? new double[cap] : null;
    offsets = hasOffsets ? new double[cap] : null;
  }

  /** Number of rows added since the last build. */
  public int numRows() {
    return rows;
  }

  /** Whether the block holds {@code maxRows} rows. */
  public boolean isFull() {
    return rows >= maxRows;
  }

  /**
   * Adds a sparse row. Zero values are skipped.
   *
   * @param indices 0-based feature indices, strictly increasing, in {@code [0, p)}; not modified
   * @param vals their values; not modified
   * @param count how many of {@code indices}/{@code vals} to read
   */
  public void addSparse(int[] indices, double[] vals, int count, double label, double weight, double offset) {
    ensureRowCapacity();
    if (buffered) {
      int base = rows * numFeatures;
      for (int k = 0; k < count; k++) {
        if (vals[k] != 0.0) {
          dense[base + indices[k]] = vals[k];
          nnz++;
        }
      }
    } else {
      ensureNnzCapacity(nnz + count);
      for (int k = 0; k < count; k++) {
        if (vals[k] != 0.0) {
          colIdx[nnz] = indices[k];
          values[nnz] = vals[k];
          nnz++;
        }
      }
    }
    finishRow(label, weight, offset);
  }

  /**
   * Adds a dense row of {@code p} values. Zeros are stored implicitly until {@link #build()} decides.
   *
   * @param x length at least p; not modified
   */
  public void addDense(double[] x, double label, double weight, double offset) {
    ensureRowCapacity();
    if (buffered) {
      System.arraycopy(x, 0, dense, rows * numFeatures, numFeatures);
      for (int j = 0; j < numFeatures; j++) {
        if (x[j] != 0.0) {
          nnz++;
        }
      }
    } else {
      ensureNnzCapacity(nnz + numFeatures);
      for (int j = 0; j < numFeatures; j++) {
        if (x[j] != 0.0) {
          colIdx[nnz] = j;
          values[nnz] = x[j];
          nnz++;
        }
      }
    }
    finishRow(label, weight, offset);
  }

  private void finishRow(double label, double weight, double offset) {
    labels[rows] = label;
    if (hasWeights) {
      weights[rows] = weight;
    }
    if (hasOffsets) {
      offsets[rows] = offset;
    }
    rows++;
    if (!buffered) {
      rowPtr[rows] = nnz;
    }
  }

  private void ensureRowCapacity() {
    if (rows + 1 > labels.length) {
      int cap = (int) Math.min(maxRows, Math.max(2L * labels.length, 16));
      cap = Math.max(cap, rows + 1);
      if (buffered) {
        dense = Arrays.copyOf(dense, cap * numFeatures);
      } else {
        rowPtr = Arrays.copyOf(rowPtr, cap + 1);
      }
      labels = Arrays.copyOf(labels, cap);
      weights = weights == null ? null : Arrays.copyOf(weights, cap);
      offsets = offsets == null ? null : Arrays.copyOf(offsets, cap);
    }
  }

  private void ensureNnzCapacity(int need) {
    if (need > colIdx.length) {
      int cap = Math.max(need, 2 * colIdx.length);
      colIdx = Arrays.copyOf(colIdx, cap);
      values = Arrays.copyOf(values, cap);
    }
  }

  /** Returns the rows added since the last build as a block (dense or CSR) and clears the builder. */
  public Block build() {
    int n = rows;
    double[] y = Arrays.copyOf(labels, n);
    double[] w = hasWeights ? Arrays.copyOf(weights, n) : null;
    double[] off = hasOffsets ? Arrays.copyOf(offsets, n) : null;
    long cells = (long) n * numFeatures;
    boolean asDense = layout == Layout.DENSE
        || (layout == Layout.AUTO && cells > 0 && nnz >= DENSE_FILL_THRESHOLD * cells);
    Block block;
    if (buffered) {
      block = asDense ? new DenseBlock(n, numFeatures, dense.length == cells ? dense : Arrays.copyOf(dense,
          (int) cells), y, w, off) : denseToSparse(n, y, w, off);
    } else if (asDense && cells <= Integer.MAX_VALUE) {
      double[] x = new double[(int) cells];
      for (int i = 0; i < n; i++) {
        for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
          x[i * numFeatures + colIdx[k]] = values[k];
        }
      }
      block = new DenseBlock(n, numFeatures, x, y, w, off);
    } else {
      block = new SparseBlock(n, numFeatures, Arrays.copyOf(rowPtr, n + 1), Arrays.copyOf(colIdx, nnz),
          Arrays.copyOf(values, nnz), y, w, off);
    }
    reset();
    return block;
  }

  /** The buffered rows as CSR (the non-zeros of each row in column order). */
  private SparseBlock denseToSparse(int n, double[] y, double[] w, double[] off) {
    int[] ptr = new int[n + 1];
    int[] idx = new int[nnz];
    double[] val = new double[nnz];
    int k = 0;
    for (int i = 0; i < n; i++) {
      int base = i * numFeatures;
      for (int j = 0; j < numFeatures; j++) {
        double v = dense[base + j];
        if (v != 0.0) {
          idx[k] = j;
          val[k] = v;
          k++;
        }
      }
      ptr[i + 1] = k;
    }
    return new SparseBlock(n, numFeatures, ptr, idx, val, y, w, off);
  }
}
