package io.sparkglm.spark.ml;

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

/**
 * {@link GlmRegressionCV}'s {@code foldCol}: an integer column of fold ids {@code 0..K-1} (spark.ml
 * {@code CrossValidator}'s convention), read in the order the training blocks hold the rows, rows of weight 0
 * left out as the loader leaves them out, as a {@link FoldAssignment} (whose ids are R's, {@code 1..K}).
 *
 * <p>The caller reads the ids and the blocks from the same cached Dataset, so both see its rows in one order.
 */
final class FoldColumn {
  private FoldColumn() {
  }

  /** One partition's ids (0-based), or the first bad value met. */
  private record Part(int[] ids, String problem) implements java.io.Serializable {
  }

  /** Requires {@code column} to exist with an integer type (byte, short, int or long). */
  static void requireIntegral(StructType schema, String column) {
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
  static FoldAssignment read(Dataset<Row> data, String column, String weightCol) {
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
