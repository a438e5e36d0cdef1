package io.sparkglm.bench;

import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.eval.SparkDataTerm;
import io.sparkglm.spark.solver.SolverRegistry;
import io.sparkglm.spark.solver.TrainingProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark of issue 8 ({@code scripts/bench-sgd}): the AdaDamp table redone for an L2 logistic regression
 * (max batch size vs model updates vs wall time vs final objective, constant vs geometric batch schedules), and
 * the stochastic solvers against the full-batch ones (time to reach {@code F*(1 + 1e-3)} and
 * {@code F*(1 + 1e-6)}, from each run's history of full-data evaluations), on {@code seed001} and {@code wide}
 * ({@link SyntheticData}) cached in memory. {@code F*} is newton's optimum at tol 1e-10. Every fit is a
 * {@link TrainingProblem} built once per dataset, solved by the registered solver; times are the solver's wall
 * seconds (curvature sample and evaluations included). Issue 16 adds {@code downpour-sgd}, with and without a
 * straggler partition (its test hook: every task of partition 0 starts 200 ms late; the synchronous solvers have
 * no such hook, a straggler there delays every job by the same amount). Prints Markdown and writes it to
 * {@code --out}.
 *
 * <p>Flags: {@code --seed001-rows N} (default 4e6: half of seed001's 8e6, to keep the run near 10 minutes on two
 * shared cores), {@code --wide-rows N} (default 1e6), {@code --partitions K} (default 4), {@code --epochs E}
 * (default 8), {@code --out FILE}. The first batch size is {@code n/128}.
 */
public final class SgdBench {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.bench");
  private static final double LAMBDA = 1e-3;
  /** The first batch size is n / this (128 updates in the first epoch). */
  private static final long B0_DIVISOR = 128;

  private SgdBench() {
  }

  /** One run's figures. */
  record Run(String label, String solver, long maxBatch, int updates, double epochs, double seconds,
      double objective, double secondsTo1e3, double secondsTo1e6, String status) {
  }

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    long seedRows = (long) Double.parseDouble(a.getOrDefault("seed001-rows", "4e6"));
    long wideRows = (long) Double.parseDouble(a.getOrDefault("wide-rows", "1e6"));
    int parts = Integer.parseInt(a.getOrDefault("partitions", "4"));
    double epochs = Double.parseDouble(a.getOrDefault("epochs", "8"));
    Path out = Path.of(a.getOrDefault("out", "benchmarks/results/bench-sgd-results.md"));
    SparkSession spark = SparkSession.builder().appName("sparkglm sgd bench").master("local[*]")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    long t0 = System.nanoTime();
    StringBuilder md = new StringBuilder();
    try {
      md.append("# Stochastic solvers (issue 8): batch schedules and time to accuracy\n\n");
      md.append(String.format(Locale.ROOT, "Machine: %d cores (shared), %s, Java %s, Spark %s local[*], %d "
          + "partitions. L2 logistic regression, lambda = %g, standardize = true. `F*` = newton at tol 1e-10. "
          + "Times are solver wall seconds on cached blocks (sgd's curvature sample and full-data evaluations "
          + "included; evaluations once per epoch, so times to a target are resolved to an epoch).\n\n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
          System.getProperty("java.version"), spark.version(), parts, LAMBDA));
      md.append(dataset(spark, SyntheticData.named("seed001", 1.0).withRows(seedRows), parts, epochs));
      md.append(dataset(spark, SyntheticData.named("wide", 1.0).withRows(wideRows), parts, epochs));
      md.append(String.format(Locale.ROOT, "Total %.0f s. Command: `flock /tmp/sparkglm-bench.lock "
          + "scripts/bench-sgd %s`.%n", (System.nanoTime() - t0) * 1e-9, String.join(" ", args)));
    } finally {
      spark.stop();
    }
    Files.writeString(out, md.toString());
    System.out.print(md);
  }

  private static String dataset(SparkSession spark, SyntheticData d, int parts, double epochs) {
    LOG.info("dataset {}: n={} p={}", d.name(), d.rows(), d.numFeatures());
    try (CachedData cached = CachedData.of(spark, d, parts)) {
      SyntheticData used = cached.data();
      GlmSpec spec = new GlmSpec(used.family(), used.family().defaultLink(), LAMBDA, 0.0, true,
          used.fitIntercept(), "newton", StoppingRule.defaults());
      FitSetup setup = FitSetup.of(spec, cached.stats());
      SparkDataTerm data = new SparkDataTerm(cached.blocks(), spec.loss(), used.numFeatures(),
          cached.stats().weightSum(), 2);
      TrainingProblem problem = new TrainingProblem(cached.blocks(), spec.loss(), setup, setup.solverView(data), 2);
      long n = used.rows();
      int b0 = (int) Math.max(256, n / B0_DIVISOR);
      Run newton = run(problem, "newton", "newton", Map.of(), 100, 1e-10, Double.NaN);
      double fStar = newton.objective();
      List<Run> schedule = new ArrayList<>();
      String e = Double.toString(epochs);
      schedule.add(run(problem, "constant", "sgd", Map.of("batchSchedule", "constant", "batchSize",
          Integer.toString(b0), "epochs", e), 1_000_000, 1e-10, fStar));
      for (long cap : new long[] {4L * b0, 16L * b0, n}) {
        schedule.add(run(problem, "geometric x2 / epoch", "sgd", Map.of("batchSchedule", "geometric",
            "batchSize", Integer.toString(b0), "batchFactor", "2", "batchDelay", "1", "maxBatchSize",
            Long.toString(Math.min(cap, n)), "epochs", e), 1_000_000, 1e-10, fStar));
      }
      schedule.add(run(problem, "adaptive (theta 0.5)", "sgd", Map.of("batchSchedule", "adaptive", "batchSize",
          Integer.toString(b0), "epochs", e), 1_000_000, 1e-10, fStar));
      List<Run> race = new ArrayList<>();
      race.add(newton);
      race.add(run(problem, "lbfgs", "lbfgs", Map.of(), 500, 1e-10, fStar));
      race.add(schedule.get(3));
      race.add(schedule.get(4));
      race.add(run(problem, "parallel-sgd", "parallel-sgd", Map.of("epochs", e), 1_000_000, 1e-10, fStar));
      race.add(run(problem, "local-sgd (tau 1000)", "local-sgd", Map.of("epochs", e, "tau", "1000"), 1_000_000,
          1e-10, fStar));
      // downpour-sgd (issue 16): a task of nFetch = 10 steps covers about b0 / partitions rows per step, so that a
      // round of tasks draws what one sgd batch of b0 does; then the same with a straggler partition whose tasks
      // start 200 ms late.
      String local = Integer.toString((int) Math.max(64, b0 / parts / 10));
      race.add(run(problem, "downpour-sgd (" + local + " rows/step)", "downpour-sgd", Map.of("epochs", e,
          "localBatchSize", local), 1_000_000, 1e-10, fStar));
      race.add(run(problem, "downpour-sgd, straggler +200 ms", "downpour-sgd", Map.of("epochs", e,
          "localBatchSize", local, "slowPartition", "0", "slowMillis", "200"), 1_000_000, 1e-10, fStar));
      return table(used, cached.note(), b0, fStar, schedule, race);
    }
  }

  private static Run run(TrainingProblem problem, String label, String solver, Map<String, String> options,
      int maxIter, double tol, double fStar) {
    LOG.info("  {} {} {}", solver, label, options);
    long t0 = System.nanoTime();
    Solution s = SolverRegistry.load().create(solver, problem.numFeatures(), problem.penalty(), options)
        .solve(problem, new StoppingRule(maxIter, tol, 0.0), IterationListener.none());
    double secs = (System.nanoTime() - t0) * 1e-9;
    double f = Double.isNaN(fStar) ? s.objective() : fStar;
    double to3 = Double.NaN;
    double to6 = Double.NaN;
    long maxBatch = 0;
    double epochs = Double.NaN;
    for (IterationRecord r : s.history()) {
      Double b = r.details().get("batchSize");
      if (b != null) {
        maxBatch = Math.max(maxBatch, Math.round(b));
      }
      epochs = r.details().getOrDefault("epochs", Double.NaN);
      boolean evaluated = r.details().getOrDefault("evaluated", 1.0) > 0;
      double gap = (r.objective() - f) / Math.abs(f);
      if (evaluated && Double.isNaN(to3) && gap <= 1e-3) {
        to3 = r.seconds();
      }
      if (evaluated && Double.isNaN(to6) && gap <= 1e-6) {
        to6 = r.seconds();
      }
    }
    double finalGap = (s.objective() - f) / Math.abs(f);
    if (Double.isNaN(to3) && finalGap <= 1e-3) {
      to3 = secs;
    }
    if (Double.isNaN(to6) && finalGap <= 1e-6) {
      to6 = secs;
    }
    int updates = s.history().isEmpty() ? s.iterations() : (int) Math.round(s.history().get(s.history().size() - 1)
        .details().getOrDefault("updates", (double) s.iterations()));
    LOG.info("    updates={} secs={} objective={} status={}", updates, secs, s.objective(), s.status());
    return new Run(label, solver, maxBatch, updates, epochs, secs, s.objective(), to3, to6, s.status().name());
  }

  private static String table(SyntheticData d, String note, int b0, double fStar, List<Run> schedule,
      List<Run> race) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "## %s: %,d x %d %s%s%n%n", d.name(), d.rows(), d.numFeatures(),
        d.family().name(), note.isEmpty() ? "" : " (" + note + ")"));
    sb.append(String.format(Locale.ROOT, "`F*` = %.10f. Batch schedules of `sgd` (start %d rows = n/128, momentum 0.9, "
        + "default learning rate 1/L(B0), iterate averaging; geometric: x2 every epoch up to the max batch size, "
        + "then the rate decays x2 per epoch unless the cap is n):%n%n", fStar, b0));
    sb.append("| schedule | max batch size | model updates | epochs | wall s | final objective | (F - F*)/F* |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : schedule) {
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.2f | %.1f | %.8f | %.1e |%n", r.label(),
          r.maxBatch(), r.updates(), r.epochs(), r.seconds(), r.objective(), (r.objective() - fStar) / fStar));
    }
    sb.append("\nTime to accuracy (first full-data evaluation within the target; - = not reached):\n\n");
    sb.append("| solver | wall s | updates / iterations | status | (F - F*)/F* at end | s to 1e-3 | s to 1e-6 |\n");
    sb.append("|---|---:|---:|---|---:|---:|---:|\n");
    for (Run r : race) {
      sb.append(String.format(Locale.ROOT, "| %s | %.1f | %,d | %s | %.1e | %s | %s |%n", r.label(), r.seconds(),
          r.updates(), r.status(), (r.objective() - fStar) / fStar, secs(r.secondsTo1e3()),
          secs(r.secondsTo1e6())));
    }
    sb.append('\n');
    return sb.toString();
  }

  private static String secs(double s) {
    return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.1f", s);
  }
}
