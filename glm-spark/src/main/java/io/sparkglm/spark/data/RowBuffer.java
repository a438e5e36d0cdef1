package io.sparkglm.spark.data;

import io.sparkglm.core.data.BlockBuilder;
import java.util.Arrays;

/**
 * One parsed row, reused from row to row: sparse features (0-based increasing indices and values), label,
 * weight and offset. Parsers write into it; {@link #addTo} copies it into a {@link BlockBuilder}. When
 * rows must cross a shuffle they travel {@linkplain #pack() packed} into one {@code double[]}
 * ({@code [label, weight, offset, count, idx_1..idx_count, val_1..val_count]}; indices below 2^31 are exact
 * as doubles), which Spark serializes as a single primitive array.
 */
final class RowBuffer {
  private static final int HEADER = 4;

  int[] indices = new int[16];
  double[] values = new double[16];
  int count;
  /** A dense row of p values instead of the sparse features, or null (see {@link #setDense}). */
  double[] dense;
  double label;
  double weight = 1.0;
  double offset;

  /** Clears the features and resets weight to 1 and offset to 0. */
  void clear() {
    count = 0;
    dense = null;
    label = 0.0;
    weight = 1.0;
    offset = 0.0;
  }

  /** Appends feature {@code index} (0-based, larger than the previous one) with {@code value}. */
  void addFeature(int index, double value) {
    if (count == indices.length) {
      indices = Arrays.copyOf(indices, 2 * count);
      values = Arrays.copyOf(values, 2 * count);
    }
    indices[count] = index;
    values[count] = value;
    count++;
  }

  /** Makes the features the dense row {@code x} (length p; kept, not copied, until the next clear). */
  void setDense(double[] x) {
    count = 0;
    dense = x;
  }

  /** Adds this row to {@code builder} (which is modified). */
  void addTo(BlockBuilder builder) {
    if (dense != null) {
      builder.addDense(dense, label, weight, offset);
    } else {
      builder.addSparse(indices, values, count, label, weight, offset);
    }
  }

  /** This row as one array (see the class comment); a dense row is packed by its non-zeros. */
  double[] pack() {
    if (dense != null) {
      double[] x = dense;
      dense = null;
      for (int j = 0; j < x.length; j++) {
        if (x[j] != 0.0) {
          addFeature(j, x[j]);
        }
      }
    }
    double[] packed = new double[HEADER + 2 * count];
    packed[0] = label;
    packed[1] = weight;
    packed[2] = offset;
    packed[3] = count;
    for (int k = 0; k < count; k++) {
      packed[HEADER + k] = indices[k];
      packed[HEADER + count + k] = values[k];
    }
    return packed;
  }

  /** Overwrites this row with a {@linkplain #pack() packed} one. */
  void unpack(double[] packed) {
    clear();
    label = packed[0];
    weight = packed[1];
    offset = packed[2];
    int n = (int) packed[3];
    for (int k = 0; k < n; k++) {
      addFeature((int) packed[HEADER + k], packed[HEADER + n + k]);
    }
  }
}
