package io.sparkglm.spark.data;

import static org.apache.spark.sql.functions.col;

import io.sparkglm.core.data.Block;
import io.sparkglm.spark.data.DatasetBlocks.CheckedRows;
import io.sparkglm.spark.data.DatasetBlocks.DatasetRowReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads the selected columns of a plain columnar file scan (Parquet's vectorized reader) straight from Spark's
 * {@link ColumnarBatch}es into blocks, with no conversion to rows: on seed001 the row conversion (Spark's
 * {@code ColumnarToRow}, copying every vector into an {@code UnsafeRow}) was about 40% of the load (issue 12).
 * The values get the same checks, and errors the same "partition k row r" position, as the row reader
 * ({@link CheckedRows}).
 *
 * <p>Taken only when Spark's physical plan for the needed columns is a bare columnar scan (whole-stage code
 * generation, {@code ColumnarToRow}, the scan) and every column has a type read here (double, float, long, int,
 * short, byte; the ML vector): {@link #blocks} returns null otherwise and the caller reads rows.
 */
final class ColumnarRows extends CheckedRows {
  private static final org.apache.logging.log4j.Logger LOG =
      org.apache.logging.log4j.LogManager.getLogger(BlockLoader.class);
  private static final int DOUBLE = 0;
  private static final int FLOAT = 1;
  private static final int LONG = 2;
  private static final int INT = 3;
  private static final int SHORT = 4;
  private static final int BYTE = 5;

  /** Where the needed columns are in the scan's batches, and how each numeric one is read. */
  private record Layout(int label, int features, int[] featureColumns, int weight, int offset, int[] kinds)
      implements java.io.Serializable {}

  private final Layout layout;
  private final Iterator<ColumnarBatch> batches;
  private final double[] x;
  private ColumnarBatch batch;
  private int rowInBatch;
  private int batchRows;

  private ColumnarRows(DatasetRowReader spec, Layout layout, int partition, Iterator<ColumnarBatch> batches) {
    super(spec, partition);
    this.layout = layout;
    this.batches = batches;
    this.x = new double[spec.numFeatures()];
  }

  /**
   * The blocks of {@code df}'s needed columns read from its scan's columnar batches, or null when the plan is not
   * a bare columnar scan, a column's type is not read here, or {@code partitions} asks for more partitions than
   * the scan has (a shuffle: the row reader repartitions).
   *
   * @param partitions 0 to keep the scan's partitions; fewer than the scan's are coalesced (no shuffle)
   */
  static JavaRDD<Block> blocks(Dataset<Row> df, DatasetRowReader spec, int partitions, int blockRows,
      boolean hasWeights, boolean hasOffsets) {
    List<String> needed = new ArrayList<>();
    needed.add(spec.labelCol());
    if (spec.featureColumns() == null) {
      needed.add(spec.featuresCol());
    } else {
      needed.addAll(Arrays.asList(spec.featureColumns()));
    }
    if (hasWeights) {
      needed.add(spec.weightCol());
    }
    if (hasOffsets) {
      needed.add(spec.offsetCol());
    }
    // In the schema's order, so the optimizer leaves no projection over the scan.
    List<Column> cols = new ArrayList<>();
    for (String name : df.schema().fieldNames()) {
      if (needed.contains(name)) {
        cols.add(col(name));
      }
    }
    if (cols.size() != new java.util.HashSet<>(needed).size()) {
      return null;
    }
    SparkPlan plan = df.select(cols.toArray(new Column[0])).queryExecution().executedPlan();
    SparkPlan scan = columnarScan(plan);
    Layout layout = scan == null ? null : layout(scan, spec);
    if (layout == null) {
      LOG.info("{}: reading rows (the plan is not a bare columnar scan of supported types: {})", spec.source(),
          plan.nodeName());
      return null;
    }
    JavaRDD<ColumnarBatch> rdd = scan.executeColumnar().toJavaRDD();
    if (partitions > 0 && rdd.getNumPartitions() < partitions) {
      LOG.info("{}: reading rows ({} partitions asked for, the scan has {}: a shuffle)", spec.source(),
          partitions, rdd.getNumPartitions());
      return null;
    }
    LOG.info("{}: reading the columnar batches of {} (no row conversion)", spec.source(), scan.nodeName());
    if (partitions > 0 && rdd.getNumPartitions() > partitions) {
      rdd = rdd.coalesce(partitions);
    }
    int p = spec.numFeatures();
    return rdd.mapPartitionsWithIndex((Integer partition, Iterator<ColumnarBatch> it) ->
        new BlockIterator(new ColumnarRows(spec, layout, partition, it), p, blockRows, hasWeights, hasOffsets),
        true);
  }

  /** The columnar scan under whole-stage code generation and {@code ColumnarToRow}, or null. */
  private static SparkPlan columnarScan(SparkPlan plan) {
    SparkPlan node = plan;
    boolean toRow = false;
    while (true) {
      if (node instanceof WholeStageCodegenExec w) {
        node = w.child();
      } else if (node instanceof InputAdapter a) {
        node = a.child();
      } else if (node instanceof ColumnarToRowExec c) {
        node = c.child();
        toRow = true;
      } else {
        break;
      }
    }
    return toRow && node.supportsColumnar() && node.children().isEmpty() ? node : null;
  }

  private static Layout layout(SparkPlan scan, DatasetRowReader spec) {
    List<Attribute> output = scala.jdk.javaapi.CollectionConverters.asJava(scan.output());
    List<String> names = output.stream().map(Attribute::name).toList();
    int[] kinds = new int[output.size()];
    for (int k = 0; k < kinds.length; k++) {
      kinds[k] = kind(output.get(k).dataType());
    }
    int label = numeric(names, kinds, spec.labelCol());
    int weight = spec.weightCol() == null ? -1 : numeric(names, kinds, spec.weightCol());
    int offset = spec.offsetCol() == null ? -1 : numeric(names, kinds, spec.offsetCol());
    if (label == -2 || weight == -2 || offset == -2) {
      return null;
    }
    if (spec.featureColumns() == null) {
      int features = names.indexOf(spec.featuresCol());
      if (features < 0 || !output.get(features).dataType().equals(SQLDataTypes.VectorType())) {
        return null;
      }
      return new Layout(label, features, null, weight, offset, kinds);
    }
    int[] columns = new int[spec.featureColumns().length];
    for (int j = 0; j < columns.length; j++) {
      columns[j] = numeric(names, kinds, spec.featureColumns()[j]);
      if (columns[j] == -2) {
        return null;
      }
    }
    return new Layout(label, -1, columns, weight, offset, kinds);
  }

  /** The position of numeric column {@code name}, or -2 when it is missing or of a type not read here. */
  private static int numeric(List<String> names, int[] kinds, String name) {
    int at = names.indexOf(name);
    return at < 0 || kinds[at] < 0 ? -2 : at;
  }

  private static int kind(DataType t) {
    if (t instanceof DoubleType) {
      return DOUBLE;
    } else if (t instanceof FloatType) {
      return FLOAT;
    } else if (t instanceof LongType) {
      return LONG;
    } else if (t instanceof IntegerType) {
      return INT;
    } else if (t instanceof ShortType) {
      return SHORT;
    } else if (t instanceof ByteType) {
      return BYTE;
    }
    return -1;
  }

  @Override
  public boolean next(RowBuffer row) {
    while (true) {
      if (batch == null || rowInBatch >= batchRows) {
        if (!batches.hasNext()) {
          return false;
        }
        batch = batches.next();
        batchRows = batch.numRows();
        rowInBatch = 0;
        continue;
      }
      int i = rowInBatch++;
      rowNumber++;
      read(i, row);
      if (row.weight > 0) {
        return true;
      }
    }
  }

  private void read(int i, RowBuffer row) {
    row.clear();
    row.label = label(number(layout.label(), i, spec.labelCol()));
    if (layout.weight() >= 0) {
      row.weight = weight(number(layout.weight(), i, spec.weightCol()));
    }
    if (layout.offset() >= 0) {
      row.offset = number(layout.offset(), i, spec.offsetCol());
    }
    if (layout.featureColumns() != null) {
      String[] names = spec.featureColumns();
      int[] at = layout.featureColumns();
      for (int j = 0; j < x.length; j++) {
        x[j] = number(at[j], i, names[j]);
      }
      row.setDense(x);
      return;
    }
    ColumnVector v = batch.column(layout.features());
    if (v.isNullAt(i)) {
      throw nullValue(spec.featuresCol());
    }
    boolean dense = isDense(v.getChild(0).getByte(i));
    hasValues(!v.getChild(3).isNullAt(i));
    ColumnarArray vals = v.getChild(3).getArray(i);
    if (dense) {
      vectorSize(vals.numElements());
      for (int j = 0; j < x.length; j++) {
        x[j] = finiteElement(vals.getDouble(j), j);
      }
      row.setDense(x);
      return;
    }
    vectorSize(v.getChild(1).isNullAt(i) ? 0 : v.getChild(1).getInt(i)); // as the row reader reads a null size
    ColumnarArray idx = v.getChild(2).getArray(i);
    sparseEntries(idx == null ? -1 : idx.numElements(), vals.numElements());
    int previous = -1;
    for (int k = 0, n = idx.numElements(); k < n; k++) {
      int j = sparseIndex(idx.getInt(k), k, previous);
      row.addFeature(j, finiteElement(vals.getDouble(k), j));
      previous = j;
    }
  }

  private double number(int at, int i, String name) {
    ColumnVector v = batch.column(at);
    if (v.isNullAt(i)) {
      throw nullValue(name);
    }
    double value = switch (layout.kinds()[at]) {
      case DOUBLE -> v.getDouble(i);
      case FLOAT -> v.getFloat(i);
      case LONG -> v.getLong(i);
      case INT -> v.getInt(i);
      case SHORT -> v.getShort(i);
      default -> v.getByte(i);
    };
    return finiteColumn(value, name);
  }
}
