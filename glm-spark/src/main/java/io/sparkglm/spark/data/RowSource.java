package io.sparkglm.spark.data;

/** A partition's rows, pulled one at a time into a reused {@link RowBuffer}. */
@FunctionalInterface
interface RowSource {
  /**
   * Writes the next kept row (weight &gt; 0) into {@code row}.
   *
   * @param row modified
   * @return false when the partition has no more rows ({@code row} is then meaningless)
   * @throws DataFormatException on a bad value
   */
  boolean next(RowBuffer row);
}
