package io.sparkglm.spark.data;

import io.sparkglm.core.data.Block;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.apache.spark.api.java.JavaRDD;

/**
 * Training data as an RDD of {@link Block}s, with what is known about it on the driver.
 *
 * <p>{@link #blocks()} is lazy and <em>not persisted</em>: rows are parsed and validated when the caller
 * runs its first action (wrap it in {@link BlockLoader#runAction} to get file/line/column messages). The
 * caller persists it ({@code MEMORY_AND_DISK}), names it and unpersists it in {@code finally}.
 *
 * @param blocks the blocks; every block has {@link #numFeatures} columns and at most the spec's blockRows
 *     rows; rows with weight 0 are already dropped
 * @param numFeatures {@code p}
 * @param featureNames {@code p} names: the CSV header, the Parquet ML attribute names, else
 *     {@code x1 .. xp}
 * @param source the path (or "dataset") the data came from, for messages and logs
 * @param hasWeights whether the blocks carry weights (otherwise all 1)
 * @param hasOffsets whether the blocks carry offsets (otherwise all 0)
 */
public record LoadedData(JavaRDD<Block> blocks, int numFeatures, List<String> featureNames, String source,
    boolean hasWeights, boolean hasOffsets) {

  /** Checks the shapes and takes an immutable copy of the names. */
  public LoadedData {
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(source, "source");
    if (numFeatures < 0) {
      throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
    }
    featureNames = featureNames instanceof DefaultNames ? featureNames : List.copyOf(featureNames);
    if (featureNames.size() != numFeatures) {
      throw new IllegalArgumentException("featureNames has " + featureNames.size() + " names for "
          + numFeatures + " features");
    }
  }

  /** The names {@code x1 .. xp}, computed on access (p may be in the millions for LIBSVM). */
  static List<String> defaultNames(int p) {
    return new DefaultNames(p);
  }

  private static final class DefaultNames extends AbstractList<String> implements RandomAccess {
    private final int size;

    DefaultNames(int size) {
      this.size = size;
    }

    @Override
    public String get(int index) {
      Objects.checkIndex(index, size);
      return "x" + (index + 1);
    }

    @Override
    public int size() {
      return size;
    }
  }
}
