package io.sparkglm.spark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.LabelValidator;
import io.sparkglm.spark.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: Parquet with one numeric column per feature trains without a VectorAssembler. The same rows stored
 * as columns {@code x1..x3} and as a vector column load into the same blocks; {@code featureCols} names or globs
 * pick columns in file order; errors name the column.
 */
class FeatureColumnsTest {
  private static final LabelValidator ANY = LabelValidator.anyFinite();
  private static SparkSession spark;
  private static List<TestRows> rows;
  @TempDir
  static Path dir;
  private static String columnsOnly;
  private static String mixed;

  @BeforeAll
  static void data() {
    spark = SparkTestSession.get();
    rows = TestRows.generate(23, 3, 9);
    Dataset<Row> vec = TestRows.dataFrame(spark, rows, false).repartition(2);
    Dataset<Row> wide = vec.withColumn("arr", org.apache.spark.ml.functions.vector_to_array(col("features"), "float64"))
        .withColumn("x1", col("arr").getItem(0)).withColumn("x2", col("arr").getItem(1))
        .withColumn("x3", col("arr").getItem(2)).drop("arr");
    columnsOnly = dir.resolve("columns.parquet").toString();
    // Numeric columns only (x2 as float, to show the cast), no vector: the default takes all but label/w/off.
    wide.drop("features").withColumn("x2", col("x2").cast("float")).select("label", "x1", "w", "x2", "off", "x3")
        .write().parquet(columnsOnly);
    mixed = dir.resolve("mixed.parquet").toString();
    wide.withColumn("id", lit(7)).withColumn("name", lit("a")).write().parquet(mixed);
  }

  private static LoadedData load(String path, List<String> featureCols) {
    DataSpec spec = new DataSpec(path, DataFormat.PARQUET, "label", DataSpec.DEFAULT_FEATURES_COL, "w", "off",
        DataSpec.INFER, 0, 4, featureCols);
    return BlockLoader.load(spark, spec, ANY);
  }

  @Test
  void columnsGiveTheSameBlocksAsTheVector() {
    LoadedData data = load(columnsOnly, List.of());
    assertEquals(3, data.numFeatures());
    assertEquals(List.of("x1", "x2", "x3"), data.featureNames(), "file order, label/weight/offset left out");
    List<TestRows> expected = TestRows.expected(rows, true, true);
    List<TestRows> fromColumns = TestRows.fromBlocks(TestRows.collect(data.blocks()));
    // x2 went through float: the generated values (quarters in [-5, 5]) are exact in float.
    assertEquals(expected, fromColumns);
    LoadedData vector = load(mixed, List.of());
    assertEquals(expected, TestRows.fromBlocks(TestRows.collect(vector.blocks())), "the vector column wins");
  }

  @Test
  void namesAndGlobsPickColumnsInFileOrder() {
    LoadedData data = load(mixed, List.of("x3", "x?"));
    assertEquals(List.of("x1", "x2", "x3"), data.featureNames());
    assertEquals(TestRows.expected(rows, true, true), TestRows.fromBlocks(TestRows.collect(data.blocks())));
    LoadedData withId = load(mixed, List.of("x*", "id"));
    assertEquals(List.of("x1", "x2", "x3", "id"), withId.featureNames());
  }

  @Test
  void badColumnsAndValuesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(mixed, List.of("z*")));
    assertTrue(e.getMessage().startsWith("feature column 'z*' matches no column of " + mixed), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> load(mixed, List.of("x1", "name")));
    assertTrue(e.getMessage().startsWith("feature column 'name' of " + mixed + " has type string"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DataSpec("a.csv", DataFormat.CSV, "label",
        "features", null, null, -1, 0, 4, List.of("x1")));
    assertTrue(e.getMessage().startsWith("feature columns are for Parquet data"), e.getMessage());

    String nulls = dir.resolve("nulls.parquet").toString();
    spark.read().parquet(columnsOnly).coalesce(1).withColumn("x3", when(col("label").equalTo(2.5), lit(null))
        .otherwise(col("x3"))).write().parquet(nulls);
    LoadedData data = load(nulls, List.of());
    e = assertThrows(IllegalArgumentException.class, () -> BlockLoader.runAction(() -> data.blocks().count()));
    assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(nulls)
        + " partition 0 row \\d+, column 'x3': value is null"), e.getMessage());
  }
}
