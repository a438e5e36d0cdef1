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
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
    StructType schema = df.schema();
    requireNumeric(schema, source, labelCol, "label");
    StructField features = requireVector(schema, source, featuresCol);
    if (weightCol != null) {
      requireNumeric(schema, source, weightCol, "weight");
    }
    if (offsetCol != null) {
      requireNumeric(schema, source, offsetCol, "offset");
    }
    AttributeGroup group = AttributeGroup.fromStructField(features);
    int p = numFeatures(df, source, featuresCol, group.size(), numFeatures);
    List<String> names = attributeNames(group, p);

    List<Column> cols = new ArrayList<>(Arrays.asList(col(labelCol).cast("double"), col(featuresCol)));
    boolean hasWeights = weightCol != null;
    boolean hasOffsets = offsetCol != null;
    if (hasWeights) {
      cols.add(col(weightCol).cast("double"));
    }
    if (hasOffsets) {
      cols.add(col(offsetCol).cast("double"));
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
    DatasetRowReader reader = new DatasetRowReader(source, labelCol, featuresCol, weightCol, offsetCol, p,
        labels);
    JavaRDD<Block> blocks = selected.javaRDD().mapPartitionsWithIndex((Integer partition, Iterator<Row> rows) ->
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

  /** What the tasks need to read selected rows {@code (label, features[, weight][, offset])}. */
  private record DatasetRowReader(String source, String labelCol, String featuresCol, String weightCol,
      String offsetCol, int numFeatures, LabelValidator labels) implements java.io.Serializable {

    RowSource source(int partition, Iterator<Row> rows) {
      return new PartitionRows(this, partition, rows);
    }
  }

  /** One partition's rows; counts them so an error can name the row. */
  private static final class PartitionRows implements RowSource {
    private final DatasetRowReader spec;
    private final int partition;
    private final Iterator<Row> rows;
    private final int weightAt;
    private final int offsetAt;
    private long rowNumber;

    PartitionRows(DatasetRowReader spec, int partition, Iterator<Row> rows) {
      this.spec = spec;
      this.partition = partition;
      this.rows = rows;
      this.weightAt = 2;
      this.offsetAt = spec.weightCol() == null ? 2 : 3;
    }

    @Override
    public boolean next(RowBuffer row) {
      while (rows.hasNext()) {
        Row r = rows.next();
        rowNumber++;
        read(r, row);
        if (row.weight > 0) {
          return true;
        }
      }
      return false;
    }

    private void read(Row r, RowBuffer row) {
      row.clear();
      row.label = number(r, 0, spec.labelCol());
      if (!spec.labels().isValidLabel(row.label)) {
        throw fail(spec.labelCol(), "label " + row.label + " is not valid; expected "
            + spec.labels().labelDomain());
      }
      if (spec.weightCol() != null) {
        row.weight = number(r, weightAt, spec.weightCol());
        if (row.weight < 0) {
          throw fail(spec.weightCol(), "weight " + row.weight + " is negative");
        }
      }
      if (spec.offsetCol() != null) {
        row.offset = number(r, offsetAt, spec.offsetCol());
      }
      if (r.isNullAt(1)) {
        throw fail(spec.featuresCol(), "value is null");
      }
      readFeatures((Vector) r.get(1), row);
    }

    private void readFeatures(Vector v, RowBuffer row) {
      if (v.size() != spec.numFeatures()) {
        throw fail(spec.featuresCol(), "vector has size " + v.size() + ", expected " + spec.numFeatures());
      }
      if (v instanceof SparseVector sv) {
        int[] idx = sv.indices();
        double[] vals = sv.values();
        for (int k = 0; k < idx.length; k++) {
          if (k > 0 && idx[k] <= idx[k - 1]) {
            throw fail(spec.featuresCol(), "sparse indices are not strictly increasing at " + idx[k]);
          }
          row.addFeature(idx[k], finite(vals[k], idx[k]));
        }
      } else {
        double[] vals = ((DenseVector) v).values();
        for (int j = 0; j < vals.length; j++) {
          row.addFeature(j, finite(vals[j], j));
        }
      }
    }

    private double finite(double x, int j) {
      if (!Double.isFinite(x)) {
        throw fail(spec.featuresCol(), "element " + j + " is " + x + ", not finite");
      }
      return x;
    }

    private double number(Row r, int at, String name) {
      if (r.isNullAt(at)) {
        throw fail(name, "value is null");
      }
      double x = r.getDouble(at);
      if (!Double.isFinite(x)) {
        throw fail(name, "value " + x + " is not finite");
      }
      return x;
    }

    private DataFormatException fail(String column, String detail) {
      return DataFormatException.inRow(spec.source(), "partition " + partition + " row " + rowNumber,
          "column '" + column + "'", detail);
    }
  }
}
