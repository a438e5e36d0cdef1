package io.sparkglm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.spark.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/gen-data} as a user runs it (a child process through {@code scripts/sparkglm}, against the packaged
 * jars, no Maven call): it writes seed001 at 10,000 rows, and those rows are the ones async-admm's cluster test
 * reads from its resource {@code seed001-10000.parquet}, written by the same command. A change to the generator
 * that moves the rows fails here, not silently in the cluster test.
 */
class GenDataScriptIT {
  @Test
  void genDataWritesTheRowsOfTheClusterTestsResource() throws Exception {
    Path root = Path.of(System.getProperty("sparkglm.root")).toAbsolutePath().normalize();
    Path work = Path.of(System.getProperty("sparkglm.itDir"));
    Path out = work.resolve("data-" + System.nanoTime());
    Files.createDirectories(work);
    String classpath = Files.readString(Path.of(System.getProperty("sparkglm.classpathFile"))).strip();
    Path log = work.resolve("gen-data.log");
    ProcessBuilder pb = new ProcessBuilder(root.resolve("scripts/gen-data").toString(), "--out", out.toString(),
        "--datasets", "seed001", "--rows", "10000").directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // The product's classpath (glm-spark's own jar is part of it through this module's dependencies) and the
    // benchmarks' classpath: both skip the build.
    pb.environment().put("SPARKGLM_CLASSPATH", classpath);
    pb.environment().put("SPARKGLM_BENCH_CLASSPATH", classpath);
    Process p = pb.start();
    boolean ended = p.waitFor(8, TimeUnit.MINUTES);
    String text = Files.readString(log, StandardCharsets.UTF_8);
    if (!ended) {
      p.destroyForcibly();
    }
    assertTrue(ended && p.exitValue() == 0, "scripts/gen-data failed:\n" + text);
    Path written = out.resolve("seed001.parquet");
    assertTrue(text.contains("wrote " + written + ": 10000 rows x 15 features (binomial)"), text);
    assertTrue(text.contains("scripts/sparkglm train --data " + written + " --family binomial"), text);

    SparkSession spark = SparkTestSession.get();
    List<String> fresh = rows(spark, written);
    List<String> resource = rows(spark, root.resolve("async-admm/src/test/resources/seed001-10000.parquet"));
    assertEquals(10_000, fresh.size());
    // Row for row, in any order (the reader may list the two equal-sized files either way); only a count in the
    // message, never 10,000 rows.
    long differing = java.util.stream.IntStream.range(0, Math.min(fresh.size(), resource.size()))
        .filter(i -> !fresh.get(i).equals(resource.get(i))).count();
    assertTrue(fresh.size() == resource.size() && differing == 0, "async-admm's seed001-10000.parquet is no longer"
        + " what scripts/gen-data writes (" + resource.size() + " rows there, " + differing + " differ); write it"
        + " again with scripts/gen-data --datasets seed001 --rows 10000");
  }

  /** The rows of a Parquet folder as text, sorted. */
  private static List<String> rows(SparkSession spark, Path path) {
    return spark.read().parquet(path.toString()).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
