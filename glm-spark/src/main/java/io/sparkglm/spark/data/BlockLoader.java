package io.sparkglm.spark.data;

import io.sparkglm.core.data.LabelValidator;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Loads training data as an RDD of {@link io.sparkglm.core.data.Block}s from LIBSVM, CSV or Parquet files
 * or from a Spark ML-shaped {@link Dataset}.
 *
 * <p>Loading is lazy: rows are parsed and validated inside the tasks of the caller's first action (the
 * only job run here is the one inferring p, for LIBSVM without {@code numFeatures} and for Datasets
 * without vector-size metadata). Run that action through {@link #runAction} so a bad value surfaces as an
 * {@link IllegalArgumentException} naming the file, the line and the column, e.g.
 * {@code data.csv line 1834, column 'x3': value 'abc' is not a number}. Nothing is written to disk.
 *
 * <p>Every row is validated: all numbers finite, the label in the {@link LabelValidator}'s domain,
 * weights {@code >= 0}. Rows with weight 0 are then dropped, as glmnet does; a data set with no rows left
 * is the caller's to report, with {@link #requireNonEmpty}. LIBSVM files carry no weights or offsets
 * (there are no sidecar files: their rows cannot be aligned with the text's splits cheaply).
 */
public final class BlockLoader {
  private static final Logger LOG = LogManager.getLogger(BlockLoader.class);

  private BlockLoader() {}

  /**
   * Loads the data a spec describes. Without {@code partitions} in the spec a partition holds about
   * {@code spark.sql.files.maxPartitionBytes} (128 MB) of input, for Parquet (Spark's own rule) and for text
   * (the minimum split size is raised to it; Hadoop's local file system would cut 32 MB splits). Measured on
   * seed001 (8e6 x 15, 2 cores, benchmarks/results/bench-e2e-results.md): a Newton pass took about 1.0 s over 80
   * partitions of 16 MB and 0.45 s over 8 of 115 MB, while 2 partitions of 460 MB made loading and caching take
   * 13 s instead of 5.5 s (a cached partition is unrolled in memory whole).
   *
   * @param labels the label domain every row is checked against (e.g. a family)
   * @throws IllegalArgumentException for missing files or columns, bad headers, column types or a
   *     numFeatures that contradicts the data
   */
  public static LoadedData load(SparkSession spark, DataSpec spec, LabelValidator labels) {
    Objects.requireNonNull(labels, "labels");
    LoadedData data = switch (spec.format()) {
      case LIBSVM, CSV -> TextBlocks.load(spark, spec, labels);
      case PARQUET -> DatasetBlocks.load(spark.read().parquet(spec.path()), spec.path(), spec.labelCol(),
          spec.featuresCol(), spec.weightCol(), spec.offsetCol(), spec.featureCols(), labels, spec.numFeatures(),
          spec.partitions(), spec.blockRows());
    };
    LOG.info("data source={} format={} p={} partitions={} blockRows={} weights={} offsets={}", spec.path(),
        spec.format(), data.numFeatures(), data.blocks().getNumPartitions(), spec.blockRows(),
        data.hasWeights(), data.hasOffsets());
    return data;
  }

  /**
   * Blocks from a Spark ML-shaped Dataset, keeping its partitions. p comes from the features column's ML
   * attribute metadata, else from the first row's vector (a small Spark job); every vector must have that
   * size.
   *
   * @param labelCol a numeric column (cast to double)
   * @param featuresCol an {@code org.apache.spark.ml.linalg.Vector} column, dense or sparse vectors
   * @param weightCol a numeric column, or {@code null} for unit weights
   * @param offsetCol a numeric column, or {@code null} for zero offsets
   * @throws IllegalArgumentException when a column is missing or has the wrong type, naming it, its type
   *     and the expected one
   */
  public static LoadedData fromDataset(Dataset<Row> df, String labelCol, String featuresCol, String weightCol,
      String offsetCol, LabelValidator labels, int blockRows) {
    return fromDataset(df, labelCol, featuresCol, List.of(), weightCol, offsetCol, labels, blockRows);
  }

  /**
   * As {@link #fromDataset(Dataset, String, String, String, String, LabelValidator, int)}, the features taken
   * from numeric columns when {@code featureCols} is not empty (one per feature, names or globs; see
   * {@link #featureColumns}), read columnar when the plan allows it.
   */
  public static LoadedData fromDataset(Dataset<Row> df, String labelCol, String featuresCol, List<String> featureCols,
      String weightCol, String offsetCol, LabelValidator labels, int blockRows) {
    Objects.requireNonNull(labels, "labels");
    if (blockRows < 1) {
      throw new IllegalArgumentException("blockRows must be >= 1, got " + blockRows);
    }
    return DatasetBlocks.load(df, "dataset", labelCol, featuresCol, weightCol, offsetCol, featureCols, labels,
        DataSpec.INFER, 0, blockRows);
  }

  /**
   * The numeric feature columns that {@code featureCols} (names or globs: {@code *} any characters, {@code ?} one)
   * select in {@code schema}, in the schema's order, label, weight and offset excluded.
   *
   * @throws IllegalArgumentException when a pattern matches no column or a matched column is not numeric, naming
   *     {@code source}, the pattern and the columns
   */
  public static List<String> featureColumns(StructType schema, String source, List<String> featureCols,
      String labelCol, String weightCol, String offsetCol) {
    if (featureCols.isEmpty()) {
      throw new IllegalArgumentException("featureCols is empty");
    }
    return DatasetBlocks.featureColumns(schema, source, null, featureCols, labelCol, weightCol, offsetCol);
  }

  /**
   * Runs a Spark action on loaded data, turning a data error raised in a task into an
   * {@link IllegalArgumentException} with file, line and column (see {@link #translate}). Any other failure
   * is rethrown unchanged.
   */
  public static <T> T runAction(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) { // Spark actions throw the checked SparkException without declaring it
      DataFormatException cause = findCause(e);
      if (cause == null) {
        throw BlockLoader.<RuntimeException>rethrow(e);
      }
      throw describe(cause);
    }
  }

  /**
   * The failure of a Spark action as a clean error: if a {@link DataFormatException} is in the cause
   * chain, an {@link IllegalArgumentException} whose message reads {@code <file> line <n>, <column>:
   * <detail>} (the line counted on the driver from the byte offset, header included); otherwise the
   * failure itself if unchecked, else an {@link IllegalStateException} wrapping it.
   */
  public static RuntimeException translate(Throwable sparkFailure) {
    DataFormatException cause = findCause(sparkFailure);
    if (cause != null) {
      return describe(cause);
    }
    return sparkFailure instanceof RuntimeException r ? r
        : new IllegalStateException(sparkFailure.getMessage(), sparkFailure);
  }

  /**
   * Throws unless there are rows to train on.
   *
   * @param rows the number of rows (after dropping zero weights)
   * @param source the data's source, for the message
   */
  public static void requireNonEmpty(long rows, String source) {
    if (rows <= 0) {
      throw new IllegalArgumentException("no training rows in " + source
          + " (empty input, or every row has weight 0)");
    }
  }

  private static DataFormatException findCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof DataFormatException d) {
        return d;
      }
    }
    return null;
  }

  private static IllegalArgumentException describe(DataFormatException e) {
    String where;
    if (e.byteOffset() < 0) {
      where = e.file() + " " + e.row();
    } else {
      String name = LineNumbers.displayName(e.file());
      try {
        where = name + " line " + LineNumbers.lineAt(hadoopConf(), e.file(), e.byteOffset());
      } catch (IOException | RuntimeException io) {
        where = name + " at byte offset " + e.byteOffset();
      }
    }
    return new IllegalArgumentException(where + ", " + e.column() + ": " + e.detail(), e);
  }

  private static Configuration hadoopConf() {
    try {
      return SparkSession.active().sparkContext().hadoopConfiguration();
    } catch (RuntimeException noSession) {
      return new Configuration();
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }
}
