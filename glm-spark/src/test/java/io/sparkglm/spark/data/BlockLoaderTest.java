package io.sparkglm.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.DenseBlock;
import io.sparkglm.core.data.LabelValidator;
import io.sparkglm.core.data.SparseBlock;
import io.sparkglm.spark.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The same rows loaded as LIBSVM, CSV and Parquet, for several block sizes and partition counts. */
class BlockLoaderTest {
  private static final int N = 23;
  private static final int P = 4;
  private static final LabelValidator ANY = LabelValidator.anyFinite();

  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static List<TestRows> rows;
  private static String libsvm;
  private static String csv;
  private static String parquet;

  @BeforeAll
  static void writeFiles() throws IOException {
    spark = SparkTestSession.get();
    rows = TestRows.generate(N, P, 42);
    libsvm = TestRows.writeLibsvm(dir.resolve("data.libsvm"), rows).toString();
    csv = TestRows.writeCsv(dir.resolve("data.csv"), rows).toString();
    parquet = dir.resolve("data.parquet").toString();
    TestRows.dataFrame(spark, rows, true).coalesce(2).write().parquet(parquet);
  }

  @ParameterizedTest(name = "blockRows={0} partitions={1}")
  @CsvSource({"1,0", "2,0", "7,0", "1,1", "2,3", "7,8", "7,1", "2,8"})
  void everyFormatGivesTheSameRows(int blockRows, int partitions) {
    List<TestRows> weighted = TestRows.expected(rows, true, true);
    List<TestRows> plain = TestRows.expected(rows, false, false);

    DataSpec svmSpec = DataSpec.of(libsvm).withNumFeatures(P).withBlockRows(blockRows).withPartitions(partitions);
    check(BlockLoader.load(spark, svmSpec, ANY), plain, blockRows, partitions);

    DataSpec csvSpec = DataSpec.of(csv).withWeightCol("w").withOffsetCol("off").withBlockRows(blockRows)
        .withPartitions(partitions);
    LoadedData fromCsv = BlockLoader.load(spark, csvSpec, ANY);
    check(fromCsv, weighted, blockRows, partitions);
    assertEquals(List.of("x1", "x2", "x3", "x4"), fromCsv.featureNames());

    DataSpec pqSpec = DataSpec.of(parquet).withWeightCol("w").withOffsetCol("off").withBlockRows(blockRows)
        .withPartitions(partitions);
    check(BlockLoader.load(spark, pqSpec, ANY), weighted, blockRows, partitions);
  }

  @Test
  void libsvmInfersNumFeaturesAndReadsBareLabels() throws IOException {
    Path file = Files.writeString(dir.resolve("bare.svm"), "1.5\n2.5 3:1.25\n\n3.5   1:2 # comment\n 4.5\t5:-1\n");
    LoadedData data = BlockLoader.load(spark, DataSpec.of(file.toString()).withBlockRows(2), ANY);
    assertEquals(5, data.numFeatures());
    assertEquals(List.of("x1", "x2", "x3", "x4", "x5"), data.featureNames());
    List<TestRows> got = TestRows.fromBlocks(TestRows.collect(data.blocks()));
    assertEquals(List.of(
        new TestRows(1.5, 1, 0, new double[5]),
        new TestRows(2.5, 1, 0, new double[] {0, 0, 1.25, 0, 0}),
        new TestRows(3.5, 1, 0, new double[] {2, 0, 0, 0, 0}),
        new TestRows(4.5, 1, 0, new double[] {0, 0, 0, 0, -1})), got);
    assertTrue(!data.hasWeights() && !data.hasOffsets());
  }

  @Test
  void blockRowsOneGivesDenseAndSparseBlocks() {
    LoadedData data = BlockLoader.load(spark, DataSpec.of(libsvm).withBlockRows(1), ANY);
    List<Block> blocks = TestRows.collect(data.blocks());
    assertTrue(blocks.stream().anyMatch(b -> b instanceof DenseBlock));
    assertTrue(blocks.stream().anyMatch(b -> b instanceof SparseBlock));
  }

  @Test
  void moreSplitsThanLinesLeaveEmptyPartitionsWithoutBlocks() throws IOException {
    List<TestRows> three = TestRows.generate(3, P, 7);
    String file = TestRows.writeCsv(dir.resolve("three.csv"), three).toString();
    LoadedData data = BlockLoader.load(spark,
        DataSpec.of(file).withWeightCol("w").withOffsetCol("off").withPartitions(8), ANY);
    List<List<Block>> parts = BlockLoader.runAction(() -> data.blocks().glom().collect());
    assertEquals(8, parts.size());
    assertTrue(parts.stream().anyMatch(List::isEmpty));
    assertEquals(TestRows.expected(three, true, true),
        TestRows.fromBlocks(parts.stream().flatMap(List::stream).toList()));
  }

  @Test
  void partFilesInADirectorySkipEveryHeader() throws IOException {
    Path parts = Files.createDirectories(dir.resolve("parts"));
    TestRows.writeCsv(parts.resolve("part-00000.csv"), rows.subList(0, 10));
    TestRows.writeCsv(parts.resolve("part-00001.csv"), rows.subList(10, N));
    Files.writeString(parts.resolve("_SUCCESS"), "");
    DataSpec spec = DataSpec.of(parts.toString(), DataFormat.CSV).withWeightCol("w").withOffsetCol("off");
    LoadedData data = BlockLoader.load(spark, spec, ANY);
    assertEquals(TestRows.expected(rows, true, true), TestRows.fromBlocks(TestRows.collect(data.blocks())));
  }

  /** Two part files give two splits: one partition coalesces rows; a gzip file (one split) is shuffled to 3. */
  @Test
  void exactPartitionCountsCoalesceOrShuffleRows() throws IOException {
    Path parts = Files.createDirectories(dir.resolve("two"));
    TestRows.writeLibsvm(parts.resolve("a.libsvm"), rows.subList(0, 12));
    TestRows.writeLibsvm(parts.resolve("b.libsvm"), rows.subList(12, N));
    check(BlockLoader.load(spark, DataSpec.of(parts.toString(), DataFormat.LIBSVM).withBlockRows(7).withPartitions(1),
        ANY), TestRows.expected(rows, false, false), 7, 1);

    Path gz = dir.resolve("data.csv.gz");
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(Path.of(csv)));
    }
    DataSpec spec = DataSpec.of(gz.toString()).withWeightCol("w").withOffsetCol("off").withBlockRows(2)
        .withPartitions(3);
    check(BlockLoader.load(spark, spec, ANY), TestRows.expected(rows, true, true), 2, 3);
  }

  @Test
  void csvWithoutWeightColumnTreatsItAsAFeature() {
    LoadedData data = BlockLoader.load(spark, DataSpec.of(csv), ANY);
    assertEquals(List.of("x1", "w", "x2", "x3", "x4", "off"), data.featureNames());
    assertEquals(N, TestRows.fromBlocks(TestRows.collect(data.blocks())).size());
  }

  @Test
  void allZeroWeightsLeaveNoRows() throws IOException {
    Path file = Files.writeString(dir.resolve("zero.csv"), "label,w,a\n1,0,2\n2,0,3\n");
    LoadedData data = BlockLoader.load(spark, DataSpec.of(file.toString()).withWeightCol("w"), ANY);
    long n = BlockLoader.runAction(() -> data.blocks().map(Block::numRows).fold(0, Integer::sum));
    assertEquals(0, n);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> BlockLoader.requireNonEmpty(n, data.source()));
    assertTrue(e.getMessage().contains("no training rows in " + file), e.getMessage());
  }

  private static void check(LoadedData data, List<TestRows> expected, int blockRows, int partitions) {
    assertEquals(P, data.numFeatures());
    List<List<Block>> parts = BlockLoader.runAction(() -> data.blocks().glom().collect());
    if (partitions > 0) {
      assertEquals(partitions, parts.size(), data.source());
    }
    for (List<Block> part : parts) {
      for (int k = 0; k < part.size(); k++) {
        Block b = part.get(k);
        assertEquals(P, b.numFeatures());
        assertTrue(b.numRows() >= 1 && b.numRows() <= blockRows, "block of " + b.numRows());
        if (k < part.size() - 1) {
          assertEquals(blockRows, b.numRows(), "only the last block of a partition may be partial");
        }
      }
    }
    assertEquals(expected, TestRows.fromBlocks(parts.stream().flatMap(List::stream).toList()), data.source());
  }
}
