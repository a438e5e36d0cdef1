package io.sparkglm.spark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.LabelValidator;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.DatasetBlocks.DatasetRowReader;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12: Parquet read straight from Spark's columnar batches gives the same blocks, in the same partitions, and
 * the same errors (partition, row, column) as the row reader, which Spark's row-wise Parquet reader
 * ({@code spark.sql.parquet.enableVectorizedReader=false}) forces; plans that are not a bare columnar scan fall back.
 */
class ColumnarRowsTest {
  private static final String VECTORIZED = "spark.sql.parquet.enableVectorizedReader";
  private static SparkSession spark;
  private static List<TestRows> rows;
  @TempDir
  static Path dir;
  private static String dense;
  private static String sparse;

  @BeforeAll
  static void data() {
    spark = SparkTestSession.get();
    rows = TestRows.generate(57, 4, 11);
    dense = dir.resolve("dense.parquet").toString();
    // A float weight column (its values are exact in float) and an unused column.
    TestRows.dataFrame(spark, rows, false).repartition(3).withColumn("w", col("w").cast("float"))
        .withColumn("id", lit("unused")).write().parquet(dense);
    sparse = dir.resolve("sparse.parquet").toString();
    TestRows.dataFrame(spark, rows, true).repartition(2).write().parquet(sparse);
  }

  @AfterEach
  void vectorized() {
    spark.conf().unset(VECTORIZED);
  }

  private static LoadedData load(String path, int partitions, boolean vectorized) {
    spark.conf().set(VECTORIZED, Boolean.toString(vectorized));
    DataSpec spec = new DataSpec(path, DataFormat.PARQUET, "label", DataSpec.DEFAULT_FEATURES_COL, "w", "off",
        DataSpec.INFER, partitions, 5, List.of());
    return BlockLoader.load(spark, spec, LabelValidator.anyFinite());
  }

  private static DatasetRowReader reader(String source) {
    return new DatasetRowReader(source, "label", "features", "w", "off", 4, LabelValidator.anyFinite(), null);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void columnarAndRowReadersGiveTheSameBlocksPerPartition(int partitions) {
    for (String path : List.of(dense, sparse)) {
      List<List<TestRows>> columnar = perPartition(load(path, partitions, true));
      List<List<TestRows>> byRows = perPartition(load(path, partitions, false));
      assertEquals(byRows, columnar, path);
      assertEquals(TestRows.expected(rows, true, true),
          TestRows.fromBlocks(TestRows.collect(load(path, partitions, true).blocks())), path);
    }
  }

  @Test
  void onlyABareColumnarScanIsReadColumnar() {
    Dataset<Row> scan = spark.read().parquet(dense);
    assertNotNull(ColumnarRows.blocks(scan, reader(dense), 0, 5, true, true));
    assertNull(ColumnarRows.blocks(scan.where(col("label").gt(0)), reader(dense), 0, 5, true, true),
        "a filter over the scan");
    assertNull(ColumnarRows.blocks(TestRows.dataFrame(spark, rows, false), reader("df"), 0, 5, true, true),
        "an in-memory Dataset");
    assertNull(ColumnarRows.blocks(scan, reader(dense), 50, 5, true, true), "more partitions need a shuffle");
    assertNull(ColumnarRows.blocks(scan.withColumn("label", col("label").cast("decimal(10,2)")), reader(dense), 0,
        5, true, true), "a decimal label");
  }

  @Test
  void badValuesAreReportedAsByTheRowReader() {
    String bad = dir.resolve("bad.parquet").toString();
    spark.read().parquet(dense).coalesce(1)
        .withColumn("off", when(col("label").equalTo(rows.get(6).label()), lit(null)).otherwise(col("off")))
        .write().parquet(bad);
    String columnar = assertThrows(IllegalArgumentException.class, () -> TestRows.collect(load(bad, 0, true).blocks()))
        .getMessage();
    String byRows = assertThrows(IllegalArgumentException.class, () -> TestRows.collect(load(bad, 0, false).blocks()))
        .getMessage();
    assertEquals(byRows, columnar);
    assertTrue(columnar.matches(java.util.regex.Pattern.quote(bad)
        + " partition 0 row [1-9][0-9]*, column 'off': value is null"), columnar);
  }

  private static List<List<TestRows>> perPartition(LoadedData data) {
    return BlockLoader.runAction(() -> data.blocks().glom().collect()).stream()
        .map(TestRows::fromBlocks).toList();
  }
}
