package io.sparkglm.spark.data;

import io.sparkglm.core.data.BlockBuilder;
import java.util.List;
import java.util.Objects;

/**
 * What to load and how to cut it into blocks. Validated on construction; strings from the CLI are parsed
 * into it once.
 *
 * @param path a file, a directory of part files or a glob, on any Hadoop file system
 * @param format the file format (see {@link DataFormat#fromPath} to guess it)
 * @param labelCol the label column (CSV, Parquet); default {@value #DEFAULT_LABEL_COL}
 * @param featuresCol the ML {@code Vector} column (Parquet only); default {@value #DEFAULT_FEATURES_COL}
 * @param weightCol the row-weight column, or {@code null} for unit weights (CSV, Parquet)
 * @param offsetCol the offset column, or {@code null} for zero offsets (CSV, Parquet)
 * @param numFeatures {@code p}, or {@value #INFER} to infer it (LIBSVM: the largest index, one extra job;
 *     CSV: the header; Parquet: the vector metadata or the first vector)
 * @param partitions the number of partitions of the blocks, or 0 for one per input split
 * @param blockRows the most rows in a block; default {@link BlockBuilder#DEFAULT_BLOCK_ROWS}
 * @param featureCols Parquet only: numeric columns to use as the features, one per feature, each a name or a glob
 *     ({@code *} any characters, {@code ?} one), matched in the file's column order; empty: the vector column
 *     {@code featuresCol}, or, when the file has no column of that name and {@code featuresCol} is the default,
 *     every numeric column but the label, weight and offset columns
 */
public record DataSpec(String path, DataFormat format, String labelCol, String featuresCol, String weightCol,
    String offsetCol, int numFeatures, int partitions, int blockRows, List<String> featureCols) {

  /** Default label column name. */
  public static final String DEFAULT_LABEL_COL = "label";
  /** Default features column name. */
  public static final String DEFAULT_FEATURES_COL = "features";
  /** {@link #numFeatures} value asking to infer it from the data. */
  public static final int INFER = -1;

  /** A spec without feature columns (the vector column, or the default numeric columns). */
  public DataSpec(String path, DataFormat format, String labelCol, String featuresCol, String weightCol,
      String offsetCol, int numFeatures, int partitions, int blockRows) {
    this(path, format, labelCol, featuresCol, weightCol, offsetCol, numFeatures, partitions, blockRows, List.of());
  }

  /** Validates every field. */
  public DataSpec {
    featureCols = featureCols == null ? List.of() : List.copyOf(featureCols);
    for (String c : featureCols) {
      requireName("featureCols entry", c);
    }
    if (!featureCols.isEmpty() && format != DataFormat.PARQUET) {
      throw new IllegalArgumentException("feature columns are for Parquet data; " + format.name().toLowerCase(
          java.util.Locale.ROOT) + " data " + path + " uses " + (format == DataFormat.CSV
          ? "every column but the label, weight and offset columns" : "its indexed features"));
    }
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("path must be non-empty, got '" + path + "'");
    }
    Objects.requireNonNull(format, "format must not be null (use DataFormat.fromPath to guess it)");
    requireName("labelCol", labelCol);
    requireName("featuresCol", featuresCol);
    if (weightCol != null) {
      requireName("weightCol", weightCol);
    }
    if (offsetCol != null) {
      requireName("offsetCol", offsetCol);
    }
    requireDistinct("weightCol", weightCol, "labelCol", labelCol);
    requireDistinct("offsetCol", offsetCol, "labelCol", labelCol);
    requireDistinct("offsetCol", offsetCol, "weightCol", weightCol);
    if (format == DataFormat.LIBSVM && (weightCol != null || offsetCol != null)) {
      throw new IllegalArgumentException("LIBSVM files hold no weight or offset columns, but "
          + (weightCol != null ? "weightCol '" + weightCol + "'" : "offsetCol '" + offsetCol + "'")
          + " was given for " + path + "; convert the data to CSV or Parquet to use them");
    }
    if (numFeatures < INFER) {
      throw new IllegalArgumentException("numFeatures must be >= 0, or " + INFER + " to infer it; got "
          + numFeatures);
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0 (0 = one per input split), got " + partitions);
    }
    if (blockRows < 1) {
      throw new IllegalArgumentException("blockRows must be >= 1, got " + blockRows);
    }
  }

  /** A spec with every default: format guessed from the path, columns "label"/"features", p inferred. */
  public static DataSpec of(String path) {
    return of(path, DataFormat.fromPath(path));
  }

  /** A spec with every default for the given format. */
  public static DataSpec of(String path, DataFormat format) {
    return new DataSpec(path, format, DEFAULT_LABEL_COL, DEFAULT_FEATURES_COL, null, null, INFER, 0,
        BlockBuilder.DEFAULT_BLOCK_ROWS);
  }

  /** A copy with another label column. */
  public DataSpec withLabelCol(String col) {
    return new DataSpec(path, format, col, featuresCol, weightCol, offsetCol, numFeatures, partitions, blockRows, featureCols);
  }

  /** A copy with another features column. */
  public DataSpec withFeaturesCol(String col) {
    return new DataSpec(path, format, labelCol, col, weightCol, offsetCol, numFeatures, partitions, blockRows, featureCols);
  }

  /** A copy with another weight column ({@code null} for none). */
  public DataSpec withWeightCol(String col) {
    return new DataSpec(path, format, labelCol, featuresCol, col, offsetCol, numFeatures, partitions, blockRows, featureCols);
  }

  /** A copy with another offset column ({@code null} for none). */
  public DataSpec withOffsetCol(String col) {
    return new DataSpec(path, format, labelCol, featuresCol, weightCol, col, numFeatures, partitions, blockRows, featureCols);
  }

  /** A copy with another feature count ({@value #INFER} to infer). */
  public DataSpec withNumFeatures(int p) {
    return new DataSpec(path, format, labelCol, featuresCol, weightCol, offsetCol, p, partitions, blockRows, featureCols);
  }

  /** A copy with another partition count (0 for one per input split). */
  public DataSpec withPartitions(int n) {
    return new DataSpec(path, format, labelCol, featuresCol, weightCol, offsetCol, numFeatures, n, blockRows, featureCols);
  }

  /** A copy with another block size. */
  public DataSpec withBlockRows(int rows) {
    return new DataSpec(path, format, labelCol, featuresCol, weightCol, offsetCol, numFeatures, partitions, rows, featureCols);
  }

  /** A copy with feature columns (names or globs; empty for none). */
  public DataSpec withFeatureCols(List<String> cols) {
    return new DataSpec(path, format, labelCol, featuresCol, weightCol, offsetCol, numFeatures, partitions,
        blockRows, cols);
  }

  private static void requireName(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-empty column name, got '" + value + "'");
    }
  }

  private static void requireDistinct(String fieldA, String a, String fieldB, String b) {
    if (a != null && a.equals(b)) {
      throw new IllegalArgumentException(fieldA + " and " + fieldB + " must differ, both are '" + a + "'");
    }
  }
}
