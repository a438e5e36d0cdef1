package io.sparkglm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.data.LoadedData;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/gen-data}: what it writes is what {@code sparkglm train} loads, row for row equal to the generator
 * (label sums and feature sums over all rows, in both formats), and bad options or an existing output stop it
 * before anything is written.
 */
class GenerateDataTest {
  @TempDir
  Path out;

  @Test
  void parquetAndLibsvmLoadBackAsTheGeneratedRows() throws Exception {
    SparkSession spark = SparkTestSession.get();
    for (String format : List.of("parquet", "libsvm")) {
      GenerateData.Options options = GenerateData.Options.parse(new String[] {"--out", out.resolve(format).toString(),
          "--datasets", "counts,sparse", "--rows", "1500", "--partitions", "3", "--format", format});
      List<String> commands = GenerateData.run(spark, options);
      assertEquals(2, commands.size());
      for (String name : List.of("counts", "sparse")) {
        SyntheticData d = options.data(name);
        String path = out.resolve(format).resolve(name + "." + format).toString();
        assertTrue(commands.stream().anyMatch(c -> c.contains(path) && c.contains("--family " + d.family().name())),
            commands.toString());
        LoadedData loaded = BlockLoader.load(spark, new DataSpec(path, DataFormat.fromPath(path), "label", "features",
            null, null, d.numFeatures(), 0, 256), d.family());
        assertEquals(d.numFeatures(), loaded.numFeatures(), name + " " + format + ": p");
        double[] sums = loaded.blocks().map(GenerateDataTest::sums).reduce(GenerateDataTest::add);
        double[] expected = expectedSums(d, options.partitions());
        assertEquals(expected[0], sums[0], 0.0, name + " " + format + ": rows");
        assertEquals(expected[1], sums[1], 1e-9 * Math.abs(expected[1]), name + " " + format + ": sum of labels");
        assertEquals(expected[2], sums[2], 1e-9 * Math.abs(expected[2]) + 1e-9, name + " " + format
            + ": sum of feature values");
      }
    }
  }

  @Test
  void badOptionsAndExistingOutputsAreRefused() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> GenerateData.Options.parse(new String[] {"--rows", "10"}));
    assertThrows(IllegalArgumentException.class, () -> GenerateData.Options.parse(new String[] {"--out", "x",
        "--datasets", "nope"}));
    assertThrows(IllegalArgumentException.class, () -> GenerateData.Options.parse(new String[] {"--out", "x",
        "--rows", "0"}));
    assertThrows(IllegalArgumentException.class, () -> GenerateData.Options.parse(new String[] {"--out", "x",
        "--format", "csv"}));
    GenerateData.Options once = GenerateData.Options.parse(new String[] {"--out", out.toString(), "--datasets",
        "counts", "--rows", "1000"});
    GenerateData.run(SparkTestSession.get(), once);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GenerateData.run(SparkTestSession.get(), once));
    assertTrue(e.getMessage().contains("counts.parquet already exists"), e.getMessage());
  }

  /** {rows, sum y, sum x} of a block. */
  private static double[] sums(Block b) {
    double[] s = new double[3];
    for (int i = 0; i < b.numRows(); i++) {
      s[0] += 1;
      s[1] += b.labels()[i];
    }
    double[] sum = new double[b.numFeatures()];
    b.addFeatureMomentsInto(sum, new double[b.numFeatures()]);
    for (double v : sum) {
      s[2] += v;
    }
    return s;
  }

  private static double[] add(double[] a, double[] b) {
    return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
  }

  private static double[] expectedSums(SyntheticData d, int parts) {
    double[] s = new double[3];
    for (int k = 0; k < parts; k++) {
      SyntheticData.RowStream r = d.stream(k, parts);
      while (r.hasNext()) {
        r.next();
        s[0] += 1;
        s[1] += r.y;
        if (d.sparse()) {
          for (int j = 0; j < r.nnz; j++) {
            s[2] += r.val[j];
          }
        } else {
          for (double v : r.x) {
            s[2] += v;
          }
        }
      }
    }
    return s;
  }
}
