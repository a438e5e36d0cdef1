package io.sparkglm.spark.eval;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.MultinomialLoss;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;

/**
 * The class weights of multinomial training data, from one Spark job over the cached blocks: {@code K} (given, or
 * the largest label plus one), the weight sum of every class, checked so that every class has rows (a class without
 * rows has no finite maximum-likelihood intercept). Labels are expected to be class indices already (the loader
 * checks them with {@link MultinomialLoss#CLASS_INDEX} or with the {@link MultinomialLoss} of a given K, naming the
 * file, line and column of a bad one); a label that still is not (blocks built elsewhere, or above a given K) is
 * reported on the driver with its partition, block and row.
 *
 * @param classWeights {@code sum_i w_i [y_i = k]}, length K
 */
public record MultinomialLabels(double[] classWeights) implements Serializable {
  /** Copies the array. */
  public MultinomialLabels {
    classWeights = classWeights.clone();
  }

  /** K. */
  public int numClasses() {
    return classWeights.length;
  }

  /** The weight sum of all rows. */
  public double weightSum() {
    return Arrays.stream(classWeights).sum();
  }

  /** The class weights (a copy). */
  @Override
  public double[] classWeights() {
    return classWeights.clone();
  }

  /**
   * Counts the classes of {@code blocks}.
   *
   * @param numClasses K, or 0 to take the largest label plus one
   * @throws IllegalArgumentException for a label that is not a class index (below K when given), fewer than 2
   *     classes, a class without rows (naming it), or blocks with offsets
   */
  public static MultinomialLabels of(JavaRDD<Block> blocks, int numClasses) {
    if (numClasses == 1 || numClasses < 0) {
      throw new IllegalArgumentException("numClasses must be >= 2 (or 0: from the labels), got " + numClasses);
    }
    java.util.List<PartitionLabels> parts = blocks.mapPartitionsWithIndex((part, it) -> {
      double[] w = new double[0];
      String bad = null;
      int b = 0;
      while (it.hasNext() && bad == null) {
        Block block = it.next();
        if (block.offsets() != null) {
          bad = "multinomial does not take offsets (one per class would be needed)";
        }
        for (int i = 0; i < block.numRows() && bad == null; i++) {
          double y = block.labels()[i];
          if (!MultinomialLoss.CLASS_INDEX.isValidLabel(y) || (numClasses > 0 && y >= numClasses)) {
            bad = "partition " + part + ", block " + b + ", row " + i + ": label " + y + " is not valid; expected "
                + (numClasses > 0 ? new MultinomialLoss(numClasses).labelDomain()
                : MultinomialLoss.CLASS_INDEX.labelDomain());
          } else {
            int k = (int) y;
            if (k >= w.length) {
              w = Arrays.copyOf(w, k + 1);
            }
            w[k] += block.weight(i);
          }
        }
        b++;
      }
      return java.util.List.of(new PartitionLabels(w, bad)).iterator();
    }, true).collect();
    for (PartitionLabels pl : parts) {
      if (pl.bad() != null) {
        throw new IllegalArgumentException(pl.bad());
      }
    }
    java.util.List<double[]> weights = parts.stream().map(PartitionLabels::weights).toList();
    int kk = numClasses;
    for (double[] w : weights) {
      kk = Math.max(kk, w.length);
    }
    double[] total = new double[kk];
    for (double[] w : weights) {
      for (int k = 0; k < w.length; k++) {
        total[k] += w[k];
      }
    }
    if (!(Arrays.stream(total).sum() > 0)) {
      throw new IllegalArgumentException("no training rows (empty input, or every row has weight 0)");
    }
    if (kk < 2) {
      throw new IllegalArgumentException("multinomial needs at least 2 classes; every label is 0");
    }
    for (int k = 0; k < kk; k++) {
      if (!(total[k] > 0)) {
        throw new IllegalArgumentException("class " + k + " of 0.." + (kk - 1) + " has no rows: labels must be the "
            + "class indices 0..K-1 of classes that occur (its intercept would have no finite estimate)");
      }
    }
    return new MultinomialLabels(total);
  }

  /** One partition's class weights and its first bad label (or null). */
  private record PartitionLabels(double[] weights, String bad) implements Serializable {}
}
