package io.sparkglm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.spark.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark in quick mode at a tiny scale (5000 rows) on the shared {@code local[2]} session, L2 problem,
 * one dataset per family (binomial, gaussian, poisson), so that every MLlib parameter mapping is exercised:
 * every contestant must end within 1e-6 of {@code F*} (a wrong mapping would land elsewhere), the report
 * must have a row per contestant, the JSON must parse, and the roofline loop must compute SparkDataTerm's
 * loss.
 */
class BenchSmokeTest {
  @TempDir
  static Path out;
  private static List<Results.DatasetResult> results;
  private static String markdown;

  @BeforeAll
  static void runQuickBench() {
    BenchOptions options = new BenchOptions(true, 0.005, List.of("wide", "lasso", "counts"), List.of("L2"),
        out.toString(), 1, 0, 500, 300, "wide", 1);
    Benchmark bench = new Benchmark(SparkTestSession.get(), options);
    results = bench.run();
    markdown = BenchReport.write(out, results, options, bench.partitions(), 0.0);
  }

  @Test
  void everyContestantReachesFStarOnL2() {
    for (Results.DatasetResult d : results) {
      Results.ProblemResult p = d.problems().get(0);
      assertEquals("L2", p.problem().name());
      for (Results.Entry e : p.entries()) {
        double rel = (e.trial().objective() - p.fStar()) / Math.abs(p.fStar());
        assertTrue(rel >= 0 && rel <= 1e-6, d.data().name() + " " + e.name() + ": (F-F*)/|F*| = " + rel);
        assertTrue(e.timing().reached(), d.data().name() + " " + e.name() + " did not reach the target");
      }
    }
  }

  @Test
  void contestantsIncludeMllib() {
    for (Results.DatasetResult d : results) {
      List<Results.Entry> entries = d.problems().get(0).entries();
      assertTrue(entries.stream().anyMatch(e -> e.name().startsWith("MLlib")), d.data().name());
      assertTrue(entries.stream().anyMatch(e -> e.name().equals("sparkglm newton")), d.data().name());
    }
  }

  @Test
  void tableHasARowPerContestant() {
    for (Results.DatasetResult d : results) {
      for (Results.Entry e : d.problems().get(0).entries()) {
        String row = "| " + d.data().name() + " | L2 ";
        assertEquals(1, markdown.lines().filter(l -> l.startsWith(row) && l.contains("| " + e.name() + " |"))
            .count(), "row of " + d.data().name() + " " + e.name());
      }
    }
  }

  @Test
  void jsonParsesAndSvgIsWritten() throws Exception {
    JsonNode root = new ObjectMapper().readTree(out.resolve("bench-results.json").toFile());
    assertEquals(3, root.get("datasets").size());
    JsonNode first = root.get("datasets").get(0).get("problems").get(0);
    assertTrue(first.get("fStar").isNumber());
    assertEquals(results.get(0).problems().get(0).entries().size(), first.get("contestants").size());
    String svg = Files.readString(out.resolve("bench-results.svg"));
    assertTrue(svg.startsWith("<svg") && svg.contains("<polyline"));
  }

  @Test
  void rooflineComputesTheSameLoss() {
    for (Results.DatasetResult d : results) {
      assertTrue(d.rooflineLossError() <= 1e-10, d.data().name() + ": " + d.rooflineLossError());
      assertTrue(d.rooflineSeconds() > 0 && d.passSeconds() > 0);
    }
  }

  @Test
  void ablationVariantsAgree() {
    List<Ablation.Variant> variants = results.get(0).ablation();
    assertEquals(8, variants.size());
    double loss = variants.get(variants.size() - 1).loss();
    for (Ablation.Variant v : variants) {
      assertEquals(loss, v.loss(), 1e-9 * Math.abs(loss), v.toString());
    }
    assertFalse(results.get(1).ablation().size() > 0);
  }
}
