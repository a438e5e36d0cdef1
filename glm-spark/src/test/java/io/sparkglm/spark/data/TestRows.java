package io.sparkglm.spark.data;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.DenseBlock;
import io.sparkglm.core.data.SparseBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Test rows, their files in every format, and the rows read back out of blocks. */
record TestRows(double label, double weight, double offset, double[] x) {

  /**
   * {@code n} rows with distinct labels {@code i + 0.5}, p features (about half zero, every fifth row
   * all zero), weights in {0, 0.5, 1, 2} (every seventh row 0) and offsets.
   */
  static List<TestRows> generate(int n, int p, long seed) {
    Random rnd = new Random(seed);
    List<TestRows> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[p];
      if (i % 5 != 0) {
        for (int j = 0; j < p; j++) {
          x[j] = rnd.nextBoolean() ? 0.0 : rnd.nextInt(41) / 4.0 - 5.0;
        }
      }
      double w = i % 7 == 3 ? 0.0 : new double[] {0.5, 1.0, 2.0}[rnd.nextInt(3)];
      rows.add(new TestRows(i + 0.5, w, rnd.nextInt(9) / 8.0 - 0.5, x));
    }
    return rows;
  }

  /** The rows a loader should return: zero weights dropped; unit weights and no offsets if asked. */
  static List<TestRows> expected(List<TestRows> rows, boolean weights, boolean offsets) {
    List<TestRows> out = new ArrayList<>();
    for (TestRows r : rows) {
      if (!weights || r.weight > 0) {
        out.add(new TestRows(r.label, weights ? r.weight : 1.0, offsets ? r.offset : 0.0, r.x));
      }
    }
    return out;
  }

  /** Every row of every block, sorted by label (the labels are distinct). */
  static List<TestRows> fromBlocks(List<Block> blocks) {
    List<TestRows> out = new ArrayList<>();
    for (Block b : blocks) {
      int p = b.numFeatures();
      for (int i = 0; i < b.numRows(); i++) {
        double[] x = new double[p];
        if (b instanceof DenseBlock d) {
          System.arraycopy(d.values(), i * p, x, 0, p);
        } else {
          SparseBlock s = (SparseBlock) b;
          for (int k = s.rowPtr()[i]; k < s.rowPtr()[i + 1]; k++) {
            x[s.colIdx()[k]] = s.values()[k];
          }
        }
        out.add(new TestRows(b.labels()[i], b.weight(i), b.offsets() == null ? 0.0 : b.offsets()[i], x));
      }
    }
    out.sort(Comparator.comparingDouble(TestRows::label));
    return out;
  }

  /** Collects the blocks (tests only: small data) through {@link BlockLoader#runAction}. */
  static List<Block> collect(JavaRDD<Block> blocks) {
    return BlockLoader.runAction(blocks::collect);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TestRows r && r.label == label && r.weight == weight && r.offset == offset
        && Arrays.equals(r.x, x);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(label);
  }

  @Override
  public String toString() {
    return "(" + label + ", w=" + weight + ", off=" + offset + ", " + Arrays.toString(x) + ")";
  }

  static Path writeLibsvm(Path file, List<TestRows> rows) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (TestRows r : rows) {
      sb.append(r.label);
      for (int j = 0; j < r.x.length; j++) {
        if (r.x[j] != 0.0) {
          sb.append(' ').append(j + 1).append(':').append(r.x[j]);
        }
      }
      sb.append('\n');
    }
    return Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** CSV with columns label, x1, w, x2.., off (weight and offset between and after features). */
  static String csvHeader(int p) {
    StringBuilder sb = new StringBuilder("label,x1,w");
    for (int j = 2; j <= p; j++) {
      sb.append(",x").append(j);
    }
    return sb.append(",off").toString();
  }

  static String csvLine(TestRows r) {
    StringBuilder sb = new StringBuilder().append(r.label).append(',').append(r.x[0]).append(',')
        .append(r.weight);
    for (int j = 1; j < r.x.length; j++) {
      sb.append(',').append(r.x[j]);
    }
    return sb.append(',').append(r.offset).toString();
  }

  static Path writeCsv(Path file, List<TestRows> rows) throws IOException {
    StringBuilder sb = new StringBuilder(csvHeader(rows.get(0).x.length)).append('\n');
    for (TestRows r : rows) {
      sb.append(csvLine(r)).append('\n');
    }
    return Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** A DataFrame (label, features, w, off); features sparse or dense vectors. */
  static Dataset<Row> dataFrame(SparkSession spark, List<TestRows> rows, boolean sparse) {
    StructType schema = new StructType()
        .add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType())
        .add("w", DataTypes.DoubleType)
        .add("off", DataTypes.DoubleType);
    List<Row> out = new ArrayList<>();
    for (TestRows r : rows) {
      out.add(RowFactory.create(r.label, sparse ? Vectors.dense(r.x).toSparse() : Vectors.dense(r.x),
          r.weight, r.offset));
    }
    return spark.createDataFrame(out, schema);
  }
}
