package io.sparkglm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Data larger than the storage memory still trains: seed001 at 2.5 million rows (about 320 MB of blocks) through
 * {@code scripts/sparkglm} with a 768 MB driver (local mode: about 280 MB of storage memory), so Spark cannot
 * keep every block in memory and the default {@code MEMORY_AND_DISK} level puts the rest on local disk. The fit
 * must finish, converge, and give the coefficients of the same fit with every block on disk
 * ({@code --conf spark.sparkglm.storageLevel=DISK_ONLY}) to 1e-12 (not bit for bit: Spark may list the two
 * equal-sized Parquet files in either order, which changes the order of the sums).
 */
class SpillToDiskIT {
  private static final int ROWS = 2_500_000;

  @Test
  void aFitWhoseBlocksDoNotFitInMemorySpillsToDiskAndFinishes() throws Exception {
    Path root = Path.of(System.getProperty("sparkglm.root")).toAbsolutePath().normalize();
    Path work = Path.of(System.getProperty("sparkglm.itDir")).resolve("spill-" + System.nanoTime());
    Files.createDirectories(work);
    String classpath = Files.readString(Path.of(System.getProperty("sparkglm.classpathFile"))).strip();
    run(root, classpath, work.resolve("gen.log"), "2g", root.resolve("scripts/gen-data").toString(), "--out",
        work.resolve("data").toString(), "--datasets", "seed001", "--rows", Integer.toString(ROWS));
    String data = work.resolve("data/seed001.parquet").toString();
    String spilled = run(root, classpath, work.resolve("memory-and-disk.log"), "768m",
        root.resolve("scripts/sparkglm").toString(), "train", "--data", data, "--family", "binomial",
        "--reg-param", "0.001", "--partitions", "8", "--out", work.resolve("out1").toString());
    run(root, classpath, work.resolve("disk-only.log"), "768m", root.resolve("scripts/sparkglm").toString(),
        "train", "--data", data, "--family", "binomial", "--reg-param", "0.001", "--partitions", "8",
        "--conf", "spark.sparkglm.storageLevel=DISK_ONLY", "--out", work.resolve("out2").toString());
    assertTrue(spilled.contains("Not enough space to cache"), "the blocks were expected not to fit in memory:\n"
        + tail(spilled));
    JsonNode a = new ObjectMapper().readTree(work.resolve("out1/summary.json").toFile());
    JsonNode b = new ObjectMapper().readTree(work.resolve("out2/summary.json").toFile());
    assertEquals(ROWS, a.path("rows").asLong());
    assertEquals("CONVERGED", a.path("status").asText());
    for (int j = 0; j < 15; j++) {
      assertEquals(b.path("coefficients").get(j).asDouble(), a.path("coefficients").get(j).asDouble(), 1e-12,
          "coefficient " + j);
    }
    assertEquals(b.path("intercept").asDouble(), a.path("intercept").asDouble(), 1e-12);
  }

  private static String run(Path root, String classpath, Path log, String driverMemory, String... command)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARKGLM_CLASSPATH", classpath);
    pb.environment().put("SPARKGLM_BENCH_CLASSPATH", classpath);
    pb.environment().put("SPARKGLM_DRIVER_MEMORY", driverMemory);
    Process p = pb.start();
    boolean ended = p.waitFor(8, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended && p.exitValue() == 0, String.join(" ", command) + " failed:\n" + tail(text));
    return text;
  }

  private static String tail(String text) {
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }
}
