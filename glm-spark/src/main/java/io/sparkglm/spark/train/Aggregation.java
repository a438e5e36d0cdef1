package io.sparkglm.spark.train;

import java.util.Locale;

/**
 * How a full-batch solver's data passes are combined ({@code --aggregation}, the spark.ml Param
 * {@code aggregation}).
 */
public enum Aggregation {
  /**
   * The solver runs on the driver; each pass is one Spark job: broadcast the coefficients, one task per partition,
   * the partial sums combined by an ordered tree aggregation ({@link io.sparkglm.spark.eval.SparkDataTerm}).
   */
  TREE,
  /**
   * The whole solver loop runs in every task of one barrier stage; each pass combines the tasks' partial sums
   * with an all-gather among them, no Spark job per pass ({@link AllreduceFit}).
   */
  ALLREDUCE;

  /** The flag's name of this mode, {@code tree} or {@code allreduce}. */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code tree} or {@code allreduce} (any case).
   *
   * @throws IllegalArgumentException naming the flag and the value otherwise
   */
  public static Aggregation parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (Aggregation a : values()) {
      if (a.flagValue().equals(v)) {
        return a;
      }
    }
    throw new IllegalArgumentException("--aggregation must be tree or allreduce, got '" + value + "'");
  }
}
