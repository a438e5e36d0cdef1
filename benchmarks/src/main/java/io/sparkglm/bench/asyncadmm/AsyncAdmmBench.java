package io.sparkglm.bench.asyncadmm;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Benchmark (not a test) of issue 4: the async-ADMM seed's experiment on {@code local[2]}. Lasso least squares
 * ({@link LassoData}: n = 2e6 x {@code scale}, p = 100, partitions of 5e4 rows), lambda = 0.1 lambda_max,
 * alpha = 1, standardized, with intercept. Reference optimum F* from {@code newton}; then synchronous
 * {@code admm}, {@code async-admm} single and batched, each until KKT <= 1e-6 or its limit; then the same three
 * with partition 0 made 3x slower (it sleeps twice the typical single-partition update time per local update).
 * Writes {@code results.csv}, {@code results.svg} and {@code results.md} to the output directory and prints the
 * table. Run with {@code scripts/bench-async-admm [--scale F] [--out DIR] [--budget SECONDS] [--seed N]}.
 */
public final class AsyncAdmmBench {
  static final double FULL_ROWS = 2e6;
  static final int P = 100;
  static final double TOL = 1e-6;
  static final double LAMBDA_FRACTION = 0.1;
  /** Concurrent single-partition jobs of async-admm: twice the task slots of local[2]. */
  static final int IN_FLIGHT = 4;

  private AsyncAdmmBench() {
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> a = arguments(args);
    double scale = Double.parseDouble(a.getOrDefault("scale", "1"));
    Path out = Path.of(a.getOrDefault("out", "benchmarks/target/bench-async-admm"));
    double budget = Double.parseDouble(a.getOrDefault("budget", Double.toString(Math.max(30, 120 * scale))));
    long seed = Long.parseLong(a.getOrDefault("seed", "4"));
    long rows = Math.round(FULL_ROWS * scale);
    int partitions = (int) Math.max(4, Math.round(rows / (double) LassoData.PARTITION_ROWS));
    SparkSession spark = SparkSession.builder().master("local[2]").appName("sparkglm async-admm benchmark")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Block> blocks = LassoData.generate(jsc, rows, partitions, LassoData.trueBeta(seed, P), seed);
    blocks.persist(StorageLevel.MEMORY_ONLY()).setName("async-admm benchmark blocks");
    try {
      long t = System.nanoTime();
      long count = blocks.count();
      double lambda = LAMBDA_FRACTION * LassoData.lambdaMax(blocks, P);
      progress("data: %d rows, p=%d, %d partitions, %d blocks, generated in %.1f s; lambda=%.6g", rows, P,
          partitions, count, (System.nanoTime() - t) * 1e-9, lambda);
      FitResult ref = fit(blocks, lambda, "newton", new StoppingRule(50, 1e-12, 0.0), Map.of());
      progress("newton: %s, %d iterations, %.1f s, F*=%.15g, kkt=%.1e, nonzero=%d", ref.status(), ref.iterations(),
          ref.wallSeconds(), ref.objective(), ref.kktViolation(), nonZeros(ref));
      List<BenchRun> runs = new ArrayList<>(threeRuns(blocks, lambda, partitions, budget, -1, 0));
      BenchRun single = runs.get(1);
      double tLocal = single.last().seconds() * IN_FLIGHT / single.localUpdates();
      long slowMillis = Math.max(1, Math.round(2000 * tLocal));
      progress("typical single-partition update (Little's law on async single: solver-clock s x %d in flight / local updates): "
          + "%.1f ms; straggler sleeps %d ms", IN_FLIGHT, 1000 * tLocal, slowMillis);
      runs.addAll(threeRuns(blocks, lambda, partitions, budget, 0, slowMillis));
      String header = header(rows, partitions, lambda, ref, budget, tLocal, slowMillis);
      String table = AsyncAdmmReport.table(runs, ref.objective(), TOL);
      Files.createDirectories(out);
      Files.writeString(out.resolve("results.csv"), AsyncAdmmReport.csv(runs), StandardCharsets.UTF_8);
      Files.writeString(out.resolve("results.svg"), ResidualPlot.svg(runs, String.format(Locale.ROOT,
          "async-admm benchmark: lasso n=%d p=%d, %d partitions, local[2]", rows, P, partitions)),
          StandardCharsets.UTF_8);
      Files.writeString(out.resolve("results.md"), header + "\n" + table, StandardCharsets.UTF_8);
      System.out.print(header + "\n" + table);
    } finally {
      blocks.unpersist(false);
      spark.stop();
    }
  }

  /** Sync admm, async single, async batched; partition {@code slow} sleeps {@code slowMillis} (-1: none). */
  private static List<BenchRun> threeRuns(JavaRDD<Block> blocks, double lambda, int partitions, double budget,
      int slow, long slowMillis) {
    Map<String, String> hook = slow < 0 ? Map.of()
        : Map.of("slowPartition", Integer.toString(slow), "slowMillis", Long.toString(slowMillis));
    Map<String, String> admm = new HashMap<>(Map.of("absTol", "0", "relTol", "0"));
    admm.putAll(hook);
    List<BenchRun> runs = new ArrayList<>();
    runs.add(run("admm", slow >= 0, blocks, lambda, new StoppingRule(admmMaxIter(budget), TOL, 0.0), admm));
    for (String mode : List.of("single", "batched")) {
      Map<String, String> o = new HashMap<>(Map.of("mode", mode, "absTol", "0", "inFlight",
          Integer.toString(IN_FLIGHT), "maxStaleness", Integer.toString(2 * partitions), "evaluateEvery",
          Integer.toString(partitions), "budgetSeconds", Double.toString(budget)));
      o.putAll(hook);
      runs.add(run("async-admm " + mode, slow >= 0, blocks, lambda,
          new StoppingRule(Integer.MAX_VALUE, TOL, 0.0), o));
    }
    return runs;
  }

  /** admm has no wall budget: its iteration limit stands in for one (about 0.1 s per iteration or more). */
  private static int admmMaxIter(double budget) {
    return (int) Math.max(100, 10 * budget);
  }

  private static BenchRun run(String name, boolean straggler, JavaRDD<Block> blocks, double lambda,
      StoppingRule stop, Map<String, String> options) {
    FitResult r = fit(blocks, lambda, name.startsWith("async") ? "async-admm" : name, stop, options);
    BenchRun run = new BenchRun(name, straggler, r);
    progress("%s%s: %s, %d iterations/updates, %d jobs, %.1f s, kkt=%.1e, s to KKT<=%.0e: %.2f", name,
        straggler ? " (straggler)" : "", r.status(), r.iterations(), run.jobs(), r.wallSeconds(),
        r.kktViolation(), TOL, run.secondsToKkt(TOL));
    return run;
  }

  private static FitResult fit(JavaRDD<Block> blocks, double lambda, String solver, StoppingRule stop,
      Map<String, String> options) {
    GlmSpec spec = new GlmSpec(Family.gaussian(), null, lambda, 1.0, true, true, solver, stop);
    return new GlmTrainer(2, options).fit(spec, blocks, P, s -> s.get());
  }

  private static String header(long rows, int partitions, double lambda, FitResult ref, double budget,
      double tLocal, long slowMillis) {
    return String.format(Locale.ROOT, """
        Lasso least squares (async-ADMM seed): n=%d, p=%d, %d partitions, local[2]; lambda = %.1f lambda_max = \
        %.6g, alpha=1, standardize, intercept.
        F* = %.15g (newton: %s, %d iterations, KKT %.1e, %d nonzero coefficients).
        Budget: async %.0f s per run (budgetSeconds), admm at most %d iterations. Async: inFlight=%d, \
        maxStaleness=2N=%d, evaluateEvery=N=%d, rho=1/N adaptive; admm: rho=1/N adaptive, over-relaxation 1.5.
        Straggler: partition 0 sleeps %d ms per local update (2 x the typical update time %.1f ms, by Little's law         on the async single run: its seconds x %d in flight / its local updates).
        Times are on each solver's clock (from the start of its first round, partition setup excluded).
        Machine: %s.
        """, rows, P, partitions, LAMBDA_FRACTION, lambda, ref.objective(), ref.status(), ref.iterations(),
        ref.kktViolation(), nonZeros(ref), budget, admmMaxIter(budget), IN_FLIGHT, 2 * partitions, partitions,
        slowMillis, 1000 * tLocal, IN_FLIGHT, io.sparkglm.bench.BenchReport.machine(partitions));
  }

  private static int nonZeros(FitResult r) {
    int k = 0;
    for (double b : r.coefficients()) {
      k += b != 0 ? 1 : 0;
    }
    return k;
  }

  private static Map<String, String> arguments(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: [--scale F] [--out DIR] [--budget SECONDS] [--seed N], got '"
            + args[i] + "'");
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }

  private static void progress(String format, Object... values) {
    System.err.println(String.format(Locale.ROOT, format, values));
  }
}
