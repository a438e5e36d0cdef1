package io.sparkglm.spark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.LabelValidator;
import io.sparkglm.spark.SparkTestSession;
import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BlockLoader#fromDataset}: dense and sparse vectors, column checks, per-row checks. */
class FromDatasetTest {
  private static final LabelValidator ANY = LabelValidator.anyFinite();
  private static SparkSession spark;
  private static List<TestRows> rows;

  @BeforeAll
  static void data() {
    spark = SparkTestSession.get();
    rows = TestRows.generate(17, 3, 5);
  }

  @ParameterizedTest(name = "sparse={0}")
  @ValueSource(booleans = {false, true})
  void readsDenseAndSparseVectors(boolean sparse) {
    Dataset<Row> df = TestRows.dataFrame(spark, rows, sparse).repartition(3);
    LoadedData data = BlockLoader.fromDataset(df, "label", "features", "w", "off", ANY, 2);
    assertEquals(3, data.numFeatures());
    assertTrue(data.hasWeights() && data.hasOffsets());
    assertEquals(3, data.blocks().getNumPartitions());
    assertEquals(TestRows.expected(rows, true, true), TestRows.fromBlocks(TestRows.collect(data.blocks())));

    LoadedData plain = BlockLoader.fromDataset(df, "label", "features", null, null, ANY, 7);
    assertEquals(TestRows.expected(rows, false, false), TestRows.fromBlocks(TestRows.collect(plain.blocks())));
  }

  @Test
  void integerLabelsAreCastAndAttributeNamesKept() {
    AttributeGroup group = new AttributeGroup("features", new org.apache.spark.ml.attribute.Attribute[] {
        NumericAttribute.defaultAttr().withName("age"), NumericAttribute.defaultAttr().withName("income"),
        NumericAttribute.defaultAttr().withName("height")});
    Dataset<Row> df = TestRows.dataFrame(spark, rows, false)
        .withColumn("y", lit(1))
        .withColumn("features", col("features").as("features", group.toMetadata()));
    LoadedData data = BlockLoader.fromDataset(df, "y", "features", null, null, ANY, 4);
    assertEquals(List.of("age", "income", "height"), data.featureNames());
    assertTrue(TestRows.fromBlocks(TestRows.collect(data.blocks())).stream().allMatch(r -> r.label() == 1.0));
  }

  @Test
  void wrongColumnTypesAreNamed() {
    Dataset<Row> df = TestRows.dataFrame(spark, rows, false).withColumn("s", lit("a"));
    assertMessage(() -> BlockLoader.fromDataset(df, "s", "features", null, null, ANY, 4),
        "label column 's' of dataset has type string; expected a numeric type");
    assertMessage(() -> BlockLoader.fromDataset(df, "label", "w", null, null, ANY, 4),
        "features column 'w' of dataset has type double; expected org.apache.spark.ml.linalg.Vector");
    assertMessage(() -> BlockLoader.fromDataset(df, "label", "features", "s", null, ANY, 4),
        "weight column 's' of dataset has type string; expected a numeric type");
    assertMessage(() -> BlockLoader.fromDataset(df, "label", "features", null, "nope", ANY, 4),
        "offset column 'nope' is not in dataset; columns: [label, features, w, off, s]");
  }

  @Test
  void badValuesNameThePartitionRowAndColumn() {
    Dataset<Row> df = spark.createDataFrame(List.of(
            org.apache.spark.sql.RowFactory.create(1.0, Vectors.dense(1, 2), 1.0, 0.0),
            org.apache.spark.sql.RowFactory.create(2.0, Vectors.dense(1, Double.NaN), 1.0, 0.0)),
        TestRows.dataFrame(spark, rows, false).schema()).coalesce(1);
    LoadedData data = BlockLoader.fromDataset(df, "label", "features", "w", null, ANY, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BlockLoader.runAction(() -> data.blocks().count()));
    assertEquals("dataset partition 0 row 2, column 'features': element 1 is NaN, not finite", e.getMessage());

    Dataset<Row> negative = df.withColumn("w", lit(-1.0));
    LoadedData neg = BlockLoader.fromDataset(negative, "label", "features", "w", null, ANY, 4);
    e = assertThrows(IllegalArgumentException.class, () -> BlockLoader.runAction(() -> neg.blocks().count()));
    assertEquals("dataset partition 0 row 1, column 'w': weight -1.0 is negative", e.getMessage());

    Dataset<Row> nulls = df.withColumn("off", lit(null).cast("double"));
    LoadedData nul = BlockLoader.fromDataset(nulls, "label", "features", null, "off", ANY, 4);
    e = assertThrows(IllegalArgumentException.class, () -> BlockLoader.runAction(() -> nul.blocks().count()));
    assertEquals("dataset partition 0 row 1, column 'off': value is null", e.getMessage());
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
