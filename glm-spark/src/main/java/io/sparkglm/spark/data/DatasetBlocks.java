package io.sparkglm.spark.data;

import static org.apache.spark.sql.functions.col;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.LabelValidator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark ML-shaped data (a numeric label, an ML {@link Vector} features column, optional numeric weight and
 * offset columns) to blocks. Columns are checked on the driver; values are checked inside the tasks, and a
 * bad one is reported with its partition and row.
 *
 * <p>Partitions: with {@code partitions > 0} the selected rows are coalesced (no shuffle) or repartitioned
 * (a shuffle in Spark SQL's binary row format) to exactly that many partitions before blocking.
 */
final class DatasetBlocks {
  private DatasetBlocks() {}

  /**
   * @param weightCol null for none
   * @param offsetCol null for none
   * @param numFeatures p, or {@link DataSpec#INFER} (the ML attribute metadata, else the first vector's
   *     size: a small Spark job)
   * @param partitions 0 to keep the Dataset's partitions
   */
  static LoadedData load(Dataset<Row> df, String source, String labelCol, String featuresCol, String weightCol,
      String offsetCol, LabelValidator labels, int numFeatures, int partitions, int blockRows) {
    return load(df, source, labelCol, featuresCol, weightCol, offsetCol, List.of(), labels, numFeatures,
        partitions, blockRows);
  }

  /**
   * @param featureCols numeric feature columns, names or globs (see {@link DataSpec#featureCols}); empty for the
   *     vector column {@code featuresCol} or, when the data has no such column and it is the default name, every
   *     numeric column but label, weight and offset
   */
  static LoadedData load(Dataset<Row> df, String source, String labelCol, String featuresCol, String weightCol,
      String offsetCol, List<String> featureCols, LabelValidator labels, int numFeatures, int partitions,
      int blockRows) {
    StructType schema = df.schema();
    requireNumeric(schema, source, labelCol, "label");
    if (weightCol != null) {
      requireNumeric(schema, source, weightCol, "weight");
    }
    if (offsetCol != null) {
      requireNumeric(schema, source, offsetCol, "offset");
    }
    List<String> columns = featureColumns(schema, source, featuresCol, featureCols, labelCol, weightCol, offsetCol);
    int p;
    List<String> names;
    List<Column> cols = new ArrayList<>();
    cols.add(col(labelCol).cast("double"));
    if (columns == null) {
      StructField features = requireVector(schema, source, featuresCol);
      AttributeGroup group = AttributeGroup.fromStructField(features);
      p = numFeatures(df, source, featuresCol, group.size(), numFeatures);
      names = attributeNames(group, p);
      cols.add(col(featuresCol));
    } else {
      p = columns.size();
      if (numFeatures != DataSpec.INFER && numFeatures != p) {
        throw new IllegalArgumentException("numFeatures " + numFeatures + " does not match the " + p
            + " feature columns of " + source + ": " + columns);
      }
      names = columns;
      columns.forEach(c -> cols.add(col(c).cast("double")));
    }
    boolean hasWeights = weightCol != null;
    boolean hasOffsets = offsetCol != null;
    if (hasWeights) {
      cols.add(col(weightCol).cast("double"));
    }
    if (hasOffsets) {
      cols.add(col(offsetCol).cast("double"));
    }
    DatasetRowReader reader = new DatasetRowReader(source, labelCol, featuresCol, weightCol, offsetCol, p,
        labels, columns == null ? null : columns.toArray(new String[0]));
    // A plain file scan that yields columnar batches (Parquet's vectorized reader) is read batch by batch, with no
    // conversion to rows (issue 12); it can be coalesced, not repartitioned. Anything else goes through Spark's
    // internal rows, not external Rows: no Row or Vector object per row, the vector struct's values array copied
    // straight into the block.
    JavaRDD<Block> columnar = ColumnarRows.blocks(df, reader, partitions, blockRows, hasWeights, hasOffsets);
    if (columnar != null) {
      return new LoadedData(columnar, p, names, source, hasWeights, hasOffsets);
    }
    Dataset<Row> selected = df.select(cols.toArray(new Column[0]));
    if (partitions > 0) {
      int current = selected.javaRDD().getNumPartitions();
      if (current > partitions) {
        selected = selected.coalesce(partitions);
      } else if (current < partitions) {
        selected = selected.repartition(partitions);
      }
    }
    JavaRDD<InternalRow> internal = selected.queryExecution().toRdd().toJavaRDD();
    JavaRDD<Block> blocks = internal.mapPartitionsWithIndex((Integer partition, Iterator<InternalRow> rows) ->
        new BlockIterator(reader.source(partition, rows), p, blockRows, hasWeights, hasOffsets), true);
    return new LoadedData(blocks, p, names, source, hasWeights, hasOffsets);
  }

  private static int numFeatures(Dataset<Row> df, String source, String featuresCol, int fromMetadata,
      int requested) {
    if (requested != DataSpec.INFER) {
      if (fromMetadata >= 0 && fromMetadata != requested) {
        throw new IllegalArgumentException("numFeatures " + requested + " does not match the size "
            + fromMetadata + " in the metadata of column '" + featuresCol + "' of " + source);
      }
      return requested;
    }
    if (fromMetadata >= 0) {
      return fromMetadata;
    }
    List<Row> first = BlockLoader.runAction(() ->
        df.select(col(featuresCol)).where(col(featuresCol).isNotNull()).limit(1).collectAsList());
    return first.isEmpty() ? 0 : ((Vector) first.get(0).get(0)).size();
  }

  /** The ML attribute names when every one of the p attributes has one, else x1..xp. */
  private static List<String> attributeNames(AttributeGroup group, int p) {
    if (group.attributes().isDefined()) {
      Attribute[] attrs = group.attributes().get();
      if (attrs.length == p) {
        List<String> names = new ArrayList<>(p);
        for (Attribute a : attrs) {
          if (a.name().isEmpty()) {
            return LoadedData.defaultNames(p);
          }
          names.add(a.name().get());
        }
        return names;
      }
    }
    return LoadedData.defaultNames(p);
  }

  private static StructField requireColumn(StructType schema, String source, String name, String role) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException(role + " column '" + name + "' is not in " + source + "; columns: "
          + Arrays.toString(schema.fieldNames()));
    }
    return schema.apply(name);
  }

  private static void requireNumeric(StructType schema, String source, String name, String role) {
    StructField field = requireColumn(schema, source, name, role);
    if (!(field.dataType() instanceof NumericType)) {
      throw new IllegalArgumentException(role + " column '" + name + "' of " + source + " has type "
          + field.dataType().simpleString() + "; expected a numeric type (double, float, int, long, ...)");
    }
  }

  private static StructField requireVector(StructType schema, String source, String name) {
    StructField field = requireColumn(schema, source, name, "features");
    if (!field.dataType().equals(SQLDataTypes.VectorType())) {
      String hint = field.dataType().getClass().getName().startsWith("org.apache.spark.mllib")
          ? " (an old mllib vector: convert it with MLUtils.convertVectorColumnsToML)" : "";
      throw new IllegalArgumentException("features column '" + name + "' of " + source + " has type "
          + field.dataType().simpleString() + "; expected org.apache.spark.ml.linalg.Vector" + hint);
    }
    return field;
  }

  /**
   * The feature columns in schema order, or null for the vector column: {@code featureCols} resolved (each entry
   * must match a numeric column), else, when the schema has no {@code featuresCol} and it is the default name,
   * every numeric column but label, weight and offset.
   */
  static List<String> featureColumns(StructType schema, String source, String featuresCol, List<String> featureCols,
      String labelCol, String weightCol, String offsetCol) {
    List<String> all = Arrays.asList(schema.fieldNames());
    java.util.Set<String> roles = new java.util.HashSet<>(Arrays.asList(labelCol, weightCol, offsetCol));
    if (featureCols.isEmpty()) {
      if (all.contains(featuresCol) || !featuresCol.equals(DataSpec.DEFAULT_FEATURES_COL)) {
        return null;
      }
      List<String> numeric = new ArrayList<>();
      for (StructField f : schema.fields()) {
        if (!roles.contains(f.name()) && f.dataType() instanceof NumericType) {
          numeric.add(f.name());
        }
      }
      if (numeric.isEmpty()) {
        throw new IllegalArgumentException(source + " has neither a vector column '" + featuresCol
            + "' nor numeric feature columns; columns: " + all);
      }
      return numeric;
    }
    java.util.LinkedHashSet<String> chosen = new java.util.LinkedHashSet<>();
    for (String pattern : featureCols) {
      java.util.regex.Pattern re = glob(pattern);
      List<String> matched = all.stream().filter(c -> re.matcher(c).matches() && !roles.contains(c)).toList();
      if (matched.isEmpty()) {
        throw new IllegalArgumentException("feature column '" + pattern + "' matches no column of " + source
            + " (label, weight and offset columns excluded); columns: " + all);
      }
      for (String c : matched) {
        requireNumeric(schema, source, c, "feature");
      }
      chosen.addAll(matched);
    }
    return all.stream().filter(chosen::contains).toList();
  }

  /** A glob ({@code *} any characters, {@code ?} one) as a regular expression; other characters literal. */
  private static java.util.regex.Pattern glob(String pattern) {
    StringBuilder re = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      re.append(ch == '*' ? ".*" : ch == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(ch)));
    }
    return java.util.regex.Pattern.compile(re.toString());
  }

  /**
   * What the tasks need to read selected rows {@code (label, features[, weight][, offset])}, features either one
   * vector or {@code featureColumns.length} numeric columns.
   */
  record DatasetRowReader(String source, String labelCol, String featuresCol, String weightCol,
      String offsetCol, int numFeatures, LabelValidator labels, String[] featureColumns)
      implements java.io.Serializable {

    RowSource source(int partition, Iterator<InternalRow> rows) {
      return new PartitionRows(this, partition, rows);
    }
  }

  /**
   * The checks every value of a selected row gets, for both readers (internal rows, columnar batches); a failure
   * names the source, the partition and the row within it (1-based, counting every row read), and the column.
   */
  abstract static class CheckedRows implements RowSource {
    final DatasetRowReader spec;
    final int partition;
    long rowNumber;

    CheckedRows(DatasetRowReader spec, int partition) {
      this.spec = spec;
      this.partition = partition;
    }

    final double label(double y) {
      if (!spec.labels().isValidLabel(y)) {
        throw fail(spec.labelCol(), "label " + y + " is not valid; expected " + spec.labels().labelDomain());
      }
      return y;
    }

    final double weight(double w) {
      if (w < 0) {
        throw fail(spec.weightCol(), "weight " + w + " is negative");
      }
      return w;
    }

    /** A numeric column's value (label, weight, offset, a feature column): finite. */
    final double finiteColumn(double x, String name) {
      if (!Double.isFinite(x)) {
        throw fail(name, "value " + x + " is not finite");
      }
      return x;
    }

    /** Element {@code j} of the features vector: finite. */
    final double finiteElement(double x, int j) {
      if (!Double.isFinite(x)) {
        throw fail(spec.featuresCol(), "element " + j + " is " + x + ", not finite");
      }
      return x;
    }

    /**
     * The type byte of a features vector's struct ({@code VectorUDT}: 0 sparse, 1 dense): whether it is dense.
     * Spark's own reader fails on any other value; a hand-made Parquet file can hold one.
     */
    final boolean isDense(byte type) {
      if (type != 0 && type != 1) {
        throw fail(spec.featuresCol(), "vector type " + type + " is neither 0 (sparse) nor 1 (dense)");
      }
      return type == 1;
    }

    /** The vector struct's values array is there (null only in a hand-made file). */
    final void hasValues(boolean present) {
      if (!present) {
        throw fail(spec.featuresCol(), "vector values are null");
      }
    }

    /**
     * A sparse vector's indices array is there and as long as its values array (Spark's SparseVector requires
     * both); {@code indices} is -1 for a null array.
     */
    final void sparseEntries(int indices, int values) {
      if (indices < 0) {
        throw fail(spec.featuresCol(), "sparse vector indices are null");
      }
      if (indices != values) {
        throw fail(spec.featuresCol(), "sparse vector has " + indices + " indices and " + values + " values");
      }
    }

    final void vectorSize(int size) {
      if (size != spec.numFeatures()) {
        throw fail(spec.featuresCol(), "vector has size " + size + ", expected " + spec.numFeatures());
      }
    }

    /** Sparse index {@code j} at position {@code k}, after {@code previous}: increasing, in [0, p). */
    final int sparseIndex(int j, int k, int previous) {
      if (k > 0 && j <= previous) {
        throw fail(spec.featuresCol(), "sparse indices are not strictly increasing at " + j);
      }
      if (j < 0 || j >= spec.numFeatures()) {
        throw fail(spec.featuresCol(), "sparse index " + j + " is outside [0, " + spec.numFeatures() + ")");
      }
      return j;
    }

    final DataFormatException nullValue(String column) {
      return fail(column, "value is null");
    }

    final DataFormatException fail(String column, String detail) {
      return DataFormatException.inRow(spec.source(), "partition " + partition + " row " + rowNumber,
          "column '" + column + "'", detail);
    }
  }

  /**
   * One partition's rows, as Spark's internal rows {@code (label double, features struct[, weight][, offset])}
   * where the features struct is the {@code VectorUDT}'s SQL form {@code (type byte: 0 sparse, 1 dense; size int;
   * indices array<int>; values array<double>)}, or {@code (label, x_1..x_p[, weight][, offset])} for feature
   * columns; counts them so an error can name the row.
   */
  private static final class PartitionRows extends CheckedRows {
    private final Iterator<InternalRow> rows;
    private final int weightAt;
    private final int offsetAt;
    /** The dense row, reused from row to row (the block builder copies it). */
    private final double[] x;

    PartitionRows(DatasetRowReader spec, int partition, Iterator<InternalRow> rows) {
      super(spec, partition);
      this.rows = rows;
      int afterFeatures = spec.featureColumns() == null ? 2 : 1 + spec.numFeatures();
      this.weightAt = afterFeatures;
      this.offsetAt = spec.weightCol() == null ? afterFeatures : afterFeatures + 1;
      this.x = new double[spec.numFeatures()];
    }

    @Override
    public boolean next(RowBuffer row) {
      while (rows.hasNext()) {
        InternalRow r = rows.next();
        rowNumber++;
        read(r, row);
        if (row.weight > 0) {
          return true;
        }
      }
      return false;
    }

    private void read(InternalRow r, RowBuffer row) {
      row.clear();
      row.label = label(number(r, 0, spec.labelCol()));
      if (spec.weightCol() != null) {
        row.weight = weight(number(r, weightAt, spec.weightCol()));
      }
      if (spec.offsetCol() != null) {
        row.offset = number(r, offsetAt, spec.offsetCol());
      }
      if (spec.featureColumns() != null) {
        String[] names = spec.featureColumns();
        for (int j = 0; j < x.length; j++) {
          x[j] = number(r, 1 + j, names[j]);
        }
        row.setDense(x);
        return;
      }
      if (r.isNullAt(1)) {
        throw nullValue(spec.featuresCol());
      }
      readFeatures(r.getStruct(1, 4), row);
    }

    private void readFeatures(InternalRow v, RowBuffer row) {
      boolean dense = isDense(v.getByte(0));
      hasValues(!v.isNullAt(3));
      ArrayData vals = v.getArray(3);
      if (dense) {
        vectorSize(vals.numElements());
        for (int j = 0; j < x.length; j++) {
          x[j] = finiteElement(vals.getDouble(j), j);
        }
        row.setDense(x);
        return;
      }
      vectorSize(v.getInt(1));
      ArrayData idx = v.isNullAt(2) ? null : v.getArray(2);
      sparseEntries(idx == null ? -1 : idx.numElements(), vals.numElements());
      int previous = -1;
      for (int k = 0, n = idx.numElements(); k < n; k++) {
        int j = sparseIndex(idx.getInt(k), k, previous);
        row.addFeature(j, finiteElement(vals.getDouble(k), j));
        previous = j;
      }
    }

    private double number(InternalRow r, int at, String name) {
      if (r.isNullAt(at)) {
        throw nullValue(name);
      }
      return finiteColumn(r.getDouble(at), name);
    }
  }
}
