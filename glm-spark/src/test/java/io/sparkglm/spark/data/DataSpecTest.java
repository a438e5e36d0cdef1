package io.sparkglm.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.BlockBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DataFormat} guessing and parsing, {@link DataSpec} defaults and validation. */
class DataSpecTest {
  @TempDir
  Path dir;

  @Test
  void formatFromExtension() {
    assertEquals(DataFormat.LIBSVM, DataFormat.fromPath("a/b.libsvm"));
    assertEquals(DataFormat.LIBSVM, DataFormat.fromPath("b.svm"));
    assertEquals(DataFormat.LIBSVM, DataFormat.fromPath("hdfs://x/b.txt.gz"));
    assertEquals(DataFormat.CSV, DataFormat.fromPath("B.CSV"));
    assertEquals(DataFormat.PARQUET, DataFormat.fromPath("out.parquet/"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataFormat.fromPath("data.json"));
    assertTrue(e.getMessage().contains("--format"), e.getMessage());
  }

  @Test
  void formatFromDirectoryContents() throws IOException {
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve("part-00000-abc.snappy.parquet"), "");
    assertEquals(DataFormat.PARQUET, DataFormat.fromPath(dir.toString()));
  }

  @Test
  void parseFormatNames() {
    assertEquals(DataFormat.LIBSVM, DataFormat.parse(" LibSVM "));
    assertEquals(DataFormat.CSV, DataFormat.parse("csv"));
    assertEquals(DataFormat.PARQUET, DataFormat.parse("parquet"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFormat.parse("orc"));
    assertEquals("format must be one of libsvm, csv, parquet; got 'orc'", e.getMessage());
  }

  @Test
  void defaults() {
    DataSpec spec = DataSpec.of("x.csv");
    assertEquals(new DataSpec("x.csv", DataFormat.CSV, "label", "features", null, null, -1, 0,
        BlockBuilder.DEFAULT_BLOCK_ROWS), spec);
  }

  @Test
  void validationNamesFieldAndValue() {
    DataSpec spec = DataSpec.of("x.csv");
    assertMessage(() -> spec.withBlockRows(0), "blockRows must be >= 1, got 0");
    assertMessage(() -> spec.withPartitions(-2), "partitions must be >= 0 (0 = one per input split), got -2");
    assertMessage(() -> spec.withNumFeatures(-3), "numFeatures must be >= 0, or -1 to infer it; got -3");
    assertMessage(() -> spec.withLabelCol(" "), "labelCol must be a non-empty column name, got ' '");
    assertMessage(() -> spec.withWeightCol("label"), "weightCol and labelCol must differ, both are 'label'");
    assertMessage(() -> spec.withWeightCol("w").withOffsetCol("w"),
        "offsetCol and weightCol must differ, both are 'w'");
    assertMessage(() -> DataSpec.of(""), "path must be non-empty, got ''");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
