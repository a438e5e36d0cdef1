package io.sparkglm.spark.ml;

import io.sparkglm.core.data.LabelValidator;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.FoldAssignment;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@link GlmRegressionCV}'s {@code foldCol} and {@code sparkglm cv --fold-col}: an integer column of fold ids {@code 0..K-1} (spark.ml
 * {@code CrossValidator}'s convention), read in the order the training blocks hold the rows, rows of weight 0
 * left out as the loader leaves them out, as a {@link FoldAssignment} (whose ids are R's, {@code 1..K}).
 *
 * <p>The caller reads the ids and the blocks from the same cached Dataset, so both see its rows in one order.
 */
public final class FoldColumn {
  private FoldColumn() {
  }

  /**
   * The training blocks of a Dataset and the folds of its fold column, both read from one cached copy of the columns
   * the fit needs; {@link #close} unpersists the copy (after the fit, refit included).
   *
   * @param data the blocks (not persisted: the caller persists them)
   * @param folds the fold of every row of positive weight, in the blocks' row order
   * @param cached the cached columns
   */
  public record Folded(LoadedData data, FoldAssignment folds, Dataset<Row> cached) implements AutoCloseable {
    @Override
    public void close() {
      cached.unpersist(false);
    }
  }

  /**
   * Loads {@code df} with the fold ids of column {@code fold}: selects label, features, weight, offset and fold,
   * repartitions when {@code partitions > 0} (before caching, so ids and rows keep one order), caches that, reads
   * the ids ({@link #read}) and builds the blocks from it.
   *
   * @param featureCols feature column names (resolved, the fold column not among them; see {@link #features}), or
   *     empty for the vector column {@code featuresCol}
   * @param weightCol null for none
   * @param offsetCol null for none
   */
  public static Folded load(Dataset<Row> df, String labelCol, String featuresCol, List<String> featureCols,
      String weightCol, String offsetCol, String fold, LabelValidator labels, int partitions, int blockRows) {
    requireIntegral(df.schema(), fold);
    List<String> names = new java.util.ArrayList<>();
    names.add(labelCol);
    if (featureCols.isEmpty()) {
      names.add(featuresCol);
    } else {
      names.addAll(featureCols);
    }
    for (String c : new String[] {weightCol, offsetCol, fold}) {
      if (c != null && !names.contains(c)) {
        names.add(c);
      }
    }
    Dataset<Row> selected = df.select(names.stream().map(functions::col).toArray(Column[]::new));
    if (partitions > 0) {
      int current = selected.javaRDD().getNumPartitions();
      selected = current > partitions ? selected.coalesce(partitions)
          : current < partitions ? selected.repartition(partitions) : selected;
    }
    Dataset<Row> cached = selected.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      FoldAssignment folds = read(cached, fold, weightCol);
      LoadedData data = BlockLoader.fromDataset(cached, labelCol, featuresCol, featureCols, weightCol, offsetCol,
          labels, blockRows);
      return new Folded(data, folds, cached);
    } catch (RuntimeException e) {
      cached.unpersist(false);
      throw e;
    }
  }

  /**
   * The feature columns without the fold column: {@code featureCols} (names or globs) resolved, the fold column
   * skipped (naming it is an error); when {@code featureCols} is empty, none (the vector column), unless
   * {@code numericByDefault} and the schema has no column {@code featuresCol}: then every numeric column but label,
   * weight, offset and fold (as the CLI reads a table without a vector column).
   */
  public static List<String> features(StructType schema, String source, String featuresCol, List<String> featureCols,
      String labelCol, String weightCol, String offsetCol, String fold, boolean numericByDefault) {
    List<String> columns;
    if (featureCols.isEmpty()) {
      if (!numericByDefault || Arrays.asList(schema.fieldNames()).contains(featuresCol)) {
        return List.of();
      }
      java.util.Set<String> roles = new java.util.HashSet<>(Arrays.asList(labelCol, weightCol, offsetCol, fold));
      columns = Arrays.stream(schema.fields()).filter(f -> !roles.contains(f.name())
          && f.dataType() instanceof org.apache.spark.sql.types.NumericType).map(f -> f.name()).toList();
      if (columns.isEmpty()) {
        throw new IllegalArgumentException(source + " has neither a vector column '" + featuresCol + "' nor numeric "
            + "feature columns besides label, weight, offset and the fold column; columns: "
            + String.join(", ", schema.fieldNames()));
      }
      return columns;
    }
    if (featureCols.contains(fold)) {
      throw new IllegalArgumentException("featureCols names the foldCol '" + fold + "'; the fold ids cannot be a "
          + "feature");
    }
    columns = new java.util.ArrayList<>(BlockLoader.featureColumns(schema, source, featureCols, labelCol, weightCol,
        offsetCol));
    columns.remove(fold);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("featureCols " + featureCols + " selects only the foldCol '" + fold + "'");
    }
    return columns;
  }

  /** One partition's ids (0-based), or the first bad value met. */
  private record Part(int[] ids, String problem) implements java.io.Serializable {
  }

  /** Requires {@code column} to exist with an integer type (byte, short, int or long). */
  public static void requireIntegral(StructType schema, String column) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("foldCol '" + column + "' does not exist; columns: "
          + String.join(", ", schema.fieldNames()));
    }
    DataType t = schema.apply(column).dataType();
    if (!(t instanceof IntegerType || t instanceof LongType || t instanceof ShortType || t instanceof ByteType)) {
      throw new IllegalArgumentException("foldCol '" + column + "' has type " + t.simpleString() + "; expected an "
          + "integer type (int, long, short, byte) holding fold ids 0..K-1");
    }
  }

  /**
   * The folds of the rows of {@code data} whose weight (column {@code weightCol}, null for none) is {@code > 0}, in
   * the Dataset's row order (one Spark job).
   *
   * @throws IllegalArgumentException naming the column and the value for a null, a negative id or one beyond
   *     {@code int}; for a fold of {@code 0..K-1} without rows; for fewer than 2 folds
   */
  public static FoldAssignment read(Dataset<Row> data, String column, String weightCol) {
    Dataset<Row> kept = weightCol == null ? data
        : data.where(functions.col(weightCol).cast("double").gt(0));
    Column id = functions.col(column).cast("long");
    List<Part> parts = kept.select(id).javaRDD()
        .mapPartitionsWithIndex((part, rows) -> List.of(part(part, rows)).iterator(), true).collect();
    int n = 0;
    for (Part p : parts) {
      if (p.problem() != null) {
        throw new IllegalArgumentException("foldCol '" + column + "' " + p.problem() + "; fold ids are integers "
            + "0..K-1 (as CrossValidator's foldCol; R's foldid 1..K minus 1)");
      }
      n += p.ids().length;
    }
    int[] ids = new int[n];
    int at = 0;
    int k = 0;
    for (Part p : parts) {
      for (int v : p.ids()) {
        ids[at++] = v + 1;
        k = Math.max(k, v + 1);
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("foldCol '" + column + "': no rows (of positive weight)");
    }
    boolean[] seen = new boolean[k];
    for (int v : ids) {
      seen[v - 1] = true;
    }
    for (int f = 0; f < k; f++) {
      if (!seen[f]) {
        throw new IllegalArgumentException("foldCol '" + column + "': fold " + f + " of 0.." + (k - 1) + " has no "
            + "rows (of positive weight); fold ids are 0..K-1 (as CrossValidator's foldCol; R's foldid 1..K minus 1)");
      }
    }
    if (k < 2) {
      throw new IllegalArgumentException("foldCol '" + column + "' holds one fold only (0); cross validation needs "
          + "at least 2");
    }
    return FoldAssignment.given(ids);
  }

  private static Part part(int partition, Iterator<Row> rows) {
    int[] ids = new int[1024];
    int n = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.isNullAt(0) || r.getLong(0) < 0 || r.getLong(0) >= Integer.MAX_VALUE) {
        String where = " (partition " + partition + " row " + (n + 1) + ")";
        return new Part(null, (r.isNullAt(0) ? "has a null value" : "has value " + r.getLong(0)) + where);
      }
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, 2 * n);
      }
      ids[n++] = (int) r.getLong(0);
    }
    return new Part(Arrays.copyOf(ids, n), null);
  }
}
