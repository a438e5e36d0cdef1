package io.sparkglm.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.spark.data.DatasetBlocks.DatasetRowReader;
import io.sparkglm.spark.data.FuzzRows.Row;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzz test of the per-row checks of Parquet and Dataset rows, below Spark: the fuzzer's bytes
 * become a partition of rows (label, a features vector in {@code VectorUDT}'s struct form or numeric feature
 * columns, optional weight and offset) with nulls, NaN, infinities, vectors of the wrong size or type, sparse
 * vectors with bad, unordered or too few or too many indices. The rows go through both readers, Spark's internal
 * rows ({@code DatasetBlocks.PartitionRows}, as after a select) and Parquet's columnar batches
 * ({@link ColumnarRows}, numeric columns of every type it reads), into blocks. Both must give the same: the rows
 * a plain check of every value accepts (zero weights dropped), or one {@link DataFormatException} naming the
 * partition, the first bad row and a column. Any other exception, or a row the plain check rejects, is a finding.
 */
class DatasetRowsFuzzTest {
  private static final String SOURCE = "fuzz.parquet";
  private static final Family[] FAMILIES = {Family.gaussian(), Family.binomial(), Family.poisson(), Family.gamma()};
  private static final byte SPARSE = 0;
  private static final byte DENSE = 1;
  private static final StructType VECTOR = (StructType)
      ((org.apache.spark.sql.types.UserDefinedType<?>) SQLDataTypes.VectorType()).sqlType();
  private static final DataType[] KINDS = {DataTypes.DoubleType, DataTypes.FloatType, DataTypes.LongType,
      DataTypes.IntegerType, DataTypes.ShortType, DataTypes.ByteType};
  private static final String[] KIND_FIELDS = {"DOUBLE", "FLOAT", "LONG", "INT", "SHORT", "BYTE"};
  private static final int BLOCK_ROWS = 3;

  /** A features value: the VectorUDT struct (type, size, indices, values), any part possibly null. */
  private record Vec(byte type, Integer size, int[] indices, double[] values) {}

  /** One row; a null field is a SQL null. The label and feature columns are of their column's kind. */
  private record In(Number label, Vec vector, Number[] columns, Double weight, Double offset) {}

  @FuzzTest(maxDuration = "60s")
  void rows(FuzzedDataProvider data) {
    boolean vector = data.consumeBoolean();
    int p = data.consumeInt(vector ? 0 : 1, 5);
    boolean hasWeights = data.consumeBoolean();
    boolean hasOffsets = data.consumeBoolean();
    Family family = FAMILIES[data.consumeInt(0, FAMILIES.length - 1)];
    int partition = data.consumeInt(0, 3);
    int[] kinds = new int[vector ? 0 : p];
    for (int j = 0; j < kinds.length; j++) {
      kinds[j] = data.consumeInt(0, KINDS.length - 1);
    }
    int labelKind = data.consumeInt(0, KINDS.length - 1);
    int n = data.consumeInt(0, 6);
    int firstBatch = data.consumeInt(0, n);
    List<In> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Number label = numberOfKind(data, labelKind);
      Vec v = vector ? vec(data, p) : null;
      Number[] cols = new Number[kinds.length];
      for (int j = 0; j < cols.length; j++) {
        cols[j] = numberOfKind(data, kinds[j]);
      }
      rows.add(new In(label, v, cols, hasWeights ? number(data) : null, hasOffsets ? number(data) : null));
    }
    String[] featureColumns = null;
    if (!vector) {
      featureColumns = new String[p];
      for (int j = 0; j < p; j++) {
        featureColumns[j] = "x" + (j + 1);
      }
    }
    DatasetRowReader spec = new DatasetRowReader(SOURCE, "label", "features", hasWeights ? "w" : null,
        hasOffsets ? "off" : null, p, family, featureColumns);

    Expected expected = reference(rows, spec, family);
    Outcome internal = run(spec, hasWeights, hasOffsets,
        spec.source(partition, internalRows(rows, vector, hasWeights, hasOffsets).iterator()));
    Outcome columnar = run(spec, hasWeights, hasOffsets,
        columnarRows(spec, partition, rows, vector, kinds, labelKind, firstBatch));
    if (expected.rows() != null) {
      assertNull(internal.error(), () -> "rejected rows the plain check accepts: " + internal.error().getMessage());
      assertEquals(expected.rows(), internal.rows(), "internal rows");
      assertNull(columnar.error(), () -> "columnar: rejected rows the plain check accepts: "
          + columnar.error().getMessage());
      assertEquals(expected.rows(), columnar.rows(), "columnar batches");
      return;
    }
    if (internal.error() == null) {
      fail("accepted row " + expected.badRow() + " " + rows.get(expected.badRow() - 1) + " ("
          + expected.why() + "): " + internal.rows());
    }
    String where = SOURCE + " partition " + partition + " row " + expected.badRow() + ", column '";
    assertTrue(internal.error().getMessage().startsWith(where), () -> "expected " + where + "... ("
        + expected.why() + "), got " + internal.error().getMessage());
    assertNotNull(columnar.error(), () -> "columnar: accepted " + columnar.rows() + "; internal rows: "
        + internal.error().getMessage());
    assertEquals(internal.error().getMessage(), columnar.error().getMessage(), "the two readers' messages");
  }

  /**
   * Vector structs only a hand-made Parquet file holds (Spark's VectorUDT writes none of them) get one message from
   * both readers, no NullPointerException and no silently misread row (fuzzer findings, issue 14).
   */
  @ParameterizedTest(name = "{1}")
  @MethodSource("malformedVectors")
  void malformedVectorsAreReportedByBothReaders(Vec v, String detail) {
    DatasetRowReader spec = new DatasetRowReader(SOURCE, "label", "features", null, null, 2, Family.gaussian(),
        null);
    List<In> rows = List.of(new In(1.0, new Vec(DENSE, null, null, new double[] {1, 2}), null, null, null),
        new In(1.0, v, null, null, null));
    String expected = SOURCE + " partition 2 row 2, column 'features': " + detail;
    Outcome internal = run(spec, false, false, spec.source(2, internalRows(rows, true, false, false).iterator()));
    Outcome columnar = run(spec, false, false, columnarRows(spec, 2, rows, true, new int[0], 0, 1));
    assertEquals(expected, internal.error() == null ? "rows " + internal.rows() : internal.error().getMessage());
    assertEquals(expected, columnar.error() == null ? "rows " + columnar.rows() : columnar.error().getMessage());
  }

  static Stream<Arguments> malformedVectors() {
    return Stream.of(
        Arguments.of(new Vec((byte) 7, 2, new int[] {0}, new double[] {1}),
            "vector type 7 is neither 0 (sparse) nor 1 (dense)"),
        Arguments.of(new Vec(DENSE, null, null, null), "vector values are null"),
        Arguments.of(new Vec(SPARSE, 2, new int[] {0}, null), "vector values are null"),
        Arguments.of(new Vec(SPARSE, 2, null, new double[] {1}), "sparse vector indices are null"),
        Arguments.of(new Vec(SPARSE, 2, new int[] {0, 1}, new double[] {1}),
            "sparse vector has 2 indices and 1 values"),
        Arguments.of(new Vec(SPARSE, 2, new int[] {1}, new double[] {1, 2}),
            "sparse vector has 1 indices and 2 values"),
        Arguments.of(new Vec(SPARSE, null, new int[0], new double[0]), "vector has size 0, expected 2"));
  }

  // ---------------------------------------------------------------------------------------------- inputs

  /** A value for a double column: often small, sometimes NaN, infinite, any double or null. */
  private static Double number(FuzzedDataProvider data) {
    Number v = numberOfKind(data, 0);
    return v == null ? null : v.doubleValue();
  }

  /** A value of column kind {@code kind} (an index into {@link #KINDS}), or null. */
  private static Number numberOfKind(FuzzedDataProvider data, int kind) {
    int pick = data.consumeInt(0, 15);
    if (pick == 0) {
      return null;
    }
    return switch (kind) {
      case 0 -> pick == 1 ? Double.NaN : pick == 2 ? Double.POSITIVE_INFINITY : pick == 3
          ? Double.NEGATIVE_INFINITY : pick == 4 ? data.consumeDouble() : (double) data.consumeInt(-2, 3) / 2;
      case 1 -> pick == 1 ? Float.NaN : pick == 2 ? Float.POSITIVE_INFINITY : pick == 3 ? data.consumeFloat()
          : (float) data.consumeInt(-2, 3);
      case 2 -> pick < 4 ? data.consumeLong() : (long) data.consumeInt(-2, 3);
      case 3 -> pick < 4 ? data.consumeInt() : data.consumeInt(-2, 3);
      case 4 -> pick < 4 ? data.consumeShort() : (short) data.consumeInt(-2, 3);
      default -> pick < 4 ? data.consumeByte() : (byte) data.consumeInt(-2, 3);
    };
  }

  private static Vec vec(FuzzedDataProvider data, int p) {
    int shape = data.consumeInt(0, 15);
    if (shape == 0) {
      return null;
    }
    byte type = shape == 1 ? data.consumeByte() : shape < 8 ? DENSE : SPARSE;
    boolean wellFormed = data.consumeInt(0, 3) > 0;
    Integer size = null;
    if (type != DENSE && (wellFormed || data.consumeBoolean())) {
      size = wellFormed ? p : data.consumeInt(-1, p + 1);
    }
    int count = type == DENSE ? (wellFormed ? p : data.consumeInt(0, p + 1)) : data.consumeInt(0, p + 1);
    int[] indices = null;
    if (type != DENSE) {
      indices = new int[count];
      int previous = -1;
      for (int k = 0; k < count; k++) {
        indices[k] = wellFormed ? previous + 1 + data.consumeInt(0, 1) : data.consumeInt(-2, p + 1);
        previous = indices[k];
      }
    }
    int valueCount = wellFormed ? count : data.consumeInt(0, p + 1);
    double[] values = new double[valueCount];
    for (int k = 0; k < valueCount; k++) {
      Double v = number(data);
      values[k] = v == null ? 0.0 : v;
    }
    if (!wellFormed && data.consumeInt(0, 3) == 0) {
      return data.consumeBoolean() ? new Vec(type, size, null, values) : new Vec(type, size, indices, null);
    }
    return new Vec(type, size, indices, values);
  }

  // ---------------------------------------------------------------------------------------------- reference

  private record Expected(List<Row> rows, int badRow, String why) {}

  /** The plain check of every value, in row order: the kept rows, or the first bad row (1-based) and why. */
  private static Expected reference(List<In> rows, DatasetRowReader spec, Family family) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      In r = rows.get(i);
      String why = bad(r, spec, family);
      if (why != null) {
        return new Expected(null, i + 1, why);
      }
      List<Integer> idx = new ArrayList<>();
      List<Double> val = new ArrayList<>();
      if (r.vector() == null) {
        for (int j = 0; j < r.columns().length; j++) {
          idx.add(j);
          val.add(r.columns()[j].doubleValue());
        }
      } else if (r.vector().type() == DENSE) {
        for (int j = 0; j < spec.numFeatures(); j++) {
          idx.add(j);
          val.add(r.vector().values()[j]);
        }
      } else {
        for (int k = 0; k < r.vector().indices().length; k++) {
          idx.add(r.vector().indices()[k]);
          val.add(r.vector().values()[k]);
        }
      }
      double w = r.weight() == null ? 1.0 : r.weight();
      if (spec.weightCol() == null || w > 0) {
        out.add(Row.of(r.label().doubleValue(), w, r.offset() == null ? 0.0 : r.offset(), idx, val));
      }
    }
    return new Expected(out, 0, null);
  }

  private static String bad(In r, DatasetRowReader spec, Family family) {
    if (r.label() == null || !family.isValidLabel(r.label().doubleValue())) {
      return "label " + r.label();
    }
    if (spec.weightCol() != null && (r.weight() == null || !(r.weight() >= 0) || r.weight().isInfinite())) {
      return "weight " + r.weight();
    }
    if (spec.offsetCol() != null && (r.offset() == null || !Double.isFinite(r.offset()))) {
      return "offset " + r.offset();
    }
    if (spec.featureColumns() != null) {
      for (Number x : r.columns()) {
        if (x == null || !Double.isFinite(x.doubleValue())) {
          return "feature column " + x;
        }
      }
      return null;
    }
    Vec v = r.vector();
    if (v == null) {
      return "null vector";
    }
    int p = spec.numFeatures();
    if (v.type() == DENSE) {
      if (v.values() == null || v.values().length != p) {
        return "dense values of p = " + p;
      }
      for (double x : v.values()) {
        if (!Double.isFinite(x)) {
          return "dense value " + x;
        }
      }
      return null;
    }
    if (v.type() != SPARSE) {
      return "vector type " + v.type();
    }
    // A null size reads as 0, as Spark's VectorUDT reads it.
    if ((v.size() == null ? 0 : v.size()) != p) {
      return "sparse size " + v.size();
    }
    if (v.indices() == null || v.values() == null || v.indices().length != v.values().length) {
      return "sparse indices and values";
    }
    int previous = -1;
    for (int k = 0; k < v.indices().length; k++) {
      int j = v.indices()[k];
      if (j <= previous || j >= p || !Double.isFinite(v.values()[k])) {
        return "sparse entry " + k;
      }
      previous = j;
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------- readers

  private record Outcome(List<Row> rows, DataFormatException error) {}

  private static Outcome run(DatasetRowReader spec, boolean hasWeights, boolean hasOffsets, RowSource source) {
    List<Block> blocks = new ArrayList<>();
    try {
      BlockIterator it = new BlockIterator(source, spec.numFeatures(), BLOCK_ROWS, hasWeights, hasOffsets);
      while (it.hasNext()) {
        blocks.add(it.next());
      }
    } catch (DataFormatException e) {
      FuzzRows.checkMessage(e, SOURCE);
      return new Outcome(null, e);
    }
    return new Outcome(FuzzRows.rows(blocks, spec.numFeatures(), hasWeights, hasOffsets), null);
  }

  /** The rows as the select in {@code DatasetBlocks.load} gives them: (label, features..., w, off), doubles. */
  private static List<InternalRow> internalRows(List<In> rows, boolean vector, boolean hasWeights,
      boolean hasOffsets) {
    List<InternalRow> out = new ArrayList<>();
    for (In r : rows) {
      List<Object> values = new ArrayList<>();
      values.add(r.label() == null ? null : r.label().doubleValue());
      if (vector) {
        Vec v = r.vector();
        values.add(v == null ? null : new GenericInternalRow(new Object[] {v.type(), v.size(),
            v.indices() == null ? null : new GenericArrayData(v.indices()),
            v.values() == null ? null : new GenericArrayData(v.values())}));
      } else {
        for (Number x : r.columns()) {
          values.add(x == null ? null : x.doubleValue());
        }
      }
      if (hasWeights) {
        values.add(r.weight());
      }
      if (hasOffsets) {
        values.add(r.offset());
      }
      out.add(new GenericInternalRow(values.toArray()));
    }
    return out;
  }

  /**
   * The rows as Parquet's vectorized reader gives them: columnar batches (the first {@code firstBatch} rows, then
   * the rest), label of kind {@code labelKind}, feature columns of their kinds, read by a {@link ColumnarRows}.
   */
  private static RowSource columnarRows(DatasetRowReader spec, int partition, List<In> rows, boolean vector,
      int[] kinds, int labelKind, int firstBatch) {
    List<ColumnarBatch> batches = new ArrayList<>();
    if (firstBatch > 0) {
      batches.add(batch(spec, rows.subList(0, firstBatch), vector, kinds, labelKind));
    }
    if (firstBatch < rows.size()) {
      batches.add(batch(spec, rows.subList(firstBatch, rows.size()), vector, kinds, labelKind));
    }
    return newColumnarRows(spec, partition, vector, kinds, labelKind, batches.iterator());
  }

  private static ColumnarBatch batch(DatasetRowReader spec, List<In> rows, boolean vector, int[] kinds,
      int labelKind) {
    int n = rows.size();
    List<ColumnVector> columns = new ArrayList<>();
    OnHeapColumnVector label = new OnHeapColumnVector(n, KINDS[labelKind]);
    for (int i = 0; i < n; i++) {
      put(label, i, rows.get(i).label());
    }
    columns.add(label);
    if (vector) {
      OnHeapColumnVector features = new OnHeapColumnVector(n, VECTOR);
      WritableColumnVector indices = features.getChild(2);
      WritableColumnVector values = features.getChild(3);
      int indexAt = 0;
      int valueAt = 0;
      for (int i = 0; i < n; i++) {
        Vec v = rows.get(i).vector();
        if (v == null) {
          features.putNull(i);
          features.getChild(0).putNull(i);
          features.getChild(1).putNull(i);
          indices.putNull(i);
          values.putNull(i);
          continue;
        }
        features.getChild(0).putByte(i, v.type());
        if (v.size() == null) {
          features.getChild(1).putNull(i);
        } else {
          features.getChild(1).putInt(i, v.size());
        }
        if (v.indices() == null) {
          indices.putNull(i);
        } else {
          indices.arrayData().reserve(indexAt + v.indices().length);
          for (int k = 0; k < v.indices().length; k++) {
            indices.arrayData().putInt(indexAt + k, v.indices()[k]);
          }
          indices.putArray(i, indexAt, v.indices().length);
          indexAt += v.indices().length;
        }
        if (v.values() == null) {
          values.putNull(i);
        } else {
          values.arrayData().reserve(valueAt + v.values().length);
          for (int k = 0; k < v.values().length; k++) {
            values.arrayData().putDouble(valueAt + k, v.values()[k]);
          }
          values.putArray(i, valueAt, v.values().length);
          valueAt += v.values().length;
        }
      }
      columns.add(features);
    } else {
      for (int j = 0; j < kinds.length; j++) {
        OnHeapColumnVector c = new OnHeapColumnVector(n, KINDS[kinds[j]]);
        for (int i = 0; i < n; i++) {
          put(c, i, rows.get(i).columns()[j]);
        }
        columns.add(c);
      }
    }
    if (spec.weightCol() != null) {
      OnHeapColumnVector w = new OnHeapColumnVector(n, DataTypes.DoubleType);
      for (int i = 0; i < n; i++) {
        put(w, i, rows.get(i).weight());
      }
      columns.add(w);
    }
    if (spec.offsetCol() != null) {
      OnHeapColumnVector off = new OnHeapColumnVector(n, DataTypes.DoubleType);
      for (int i = 0; i < n; i++) {
        put(off, i, rows.get(i).offset());
      }
      columns.add(off);
    }
    return new ColumnarBatch(columns.toArray(new ColumnVector[0]), n);
  }

  private static void put(OnHeapColumnVector c, int i, Number v) {
    if (v == null) {
      c.putNull(i);
    } else if (v instanceof Double d) {
      c.putDouble(i, d);
    } else if (v instanceof Float f) {
      c.putFloat(i, f);
    } else if (v instanceof Long l) {
      c.putLong(i, l);
    } else if (v instanceof Integer n) {
      c.putInt(i, n);
    } else if (v instanceof Short s) {
      c.putShort(i, s);
    } else {
      c.putByte(i, v.byteValue());
    }
  }

  /** {@code new ColumnarRows(spec, layout, partition, batches)} (private: the reader is made by its plan check). */
  private static RowSource newColumnarRows(DatasetRowReader spec, int partition, boolean vector, int[] kinds,
      int labelKind, Iterator<ColumnarBatch> batches) {
    try {
      int columns = 1 + (vector ? 1 : kinds.length) + (spec.weightCol() != null ? 1 : 0)
          + (spec.offsetCol() != null ? 1 : 0);
      int[] layoutKinds = new int[columns];
      layoutKinds[0] = kindCode(labelKind);
      int[] featureColumns = null;
      if (vector) {
        layoutKinds[1] = -1;
      } else {
        featureColumns = new int[kinds.length];
        for (int j = 0; j < kinds.length; j++) {
          featureColumns[j] = 1 + j;
          layoutKinds[1 + j] = kindCode(kinds[j]);
        }
      }
      int next = vector ? 2 : 1 + kinds.length;
      int weight = -1;
      int offset = -1;
      if (spec.weightCol() != null) {
        weight = next++;
        layoutKinds[weight] = kindCode(0);
      }
      if (spec.offsetCol() != null) {
        offset = next;
        layoutKinds[offset] = kindCode(0);
      }
      Class<?> layoutClass = Class.forName(ColumnarRows.class.getName() + "$Layout");
      Constructor<?> layoutNew = layoutClass.getDeclaredConstructor(int.class, int.class, int[].class, int.class,
          int.class, int[].class);
      layoutNew.setAccessible(true);
      Object layout = layoutNew.newInstance(0, vector ? 1 : -1, featureColumns, weight, offset, layoutKinds);
      Constructor<ColumnarRows> rowsNew = ColumnarRows.class.getDeclaredConstructor(DatasetRowReader.class,
          layoutClass, int.class, Iterator.class);
      rowsNew.setAccessible(true);
      return rowsNew.newInstance(spec, layout, partition, batches);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("ColumnarRows changed: update DatasetRowsFuzzTest", e);
    }
  }

  /** ColumnarRows' code for a column kind (its private DOUBLE, FLOAT, ... constants). */
  private static int kindCode(int kind) throws ReflectiveOperationException {
    java.lang.reflect.Field f = ColumnarRows.class.getDeclaredField(KIND_FIELDS[kind]);
    f.setAccessible(true);
    return f.getInt(null);
  }
}
