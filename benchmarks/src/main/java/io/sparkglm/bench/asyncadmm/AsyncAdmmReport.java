package io.sparkglm.bench.asyncadmm;

import io.sparkglm.core.solver.IterationRecord;
import java.util.List;
import java.util.Locale;

/**
 * The sync-vs-async ADMM benchmark's text outputs: the convergence traces as CSV and the per-run summary as a
 * Markdown table, headed by the machine line of {@link io.sparkglm.bench.BenchReport#machine} (the solver
 * benchmark's report).
 */
final class AsyncAdmmReport {
  /** Records per run kept in the CSV and the plot. */
  static final int MAX_POINTS = 1500;

  private AsyncAdmmReport() {
  }

  /** One row per kept record: {@code run,straggler,seconds,updates,jobs,primal,dual,objective,kkt}. */
  static String csv(List<BenchRun> runs) {
    StringBuilder out = new StringBuilder("run,straggler,seconds,updates,jobs,primal,dual,objective,kkt\n");
    for (BenchRun run : runs) {
      for (IterationRecord r : run.thinned(MAX_POINTS)) {
        out.append(String.format(Locale.ROOT, "%s,%b,%.4f,%d,%d,%.6e,%.6e,%.15e,%.6e%n", run.name(),
            run.straggler(), r.seconds(), r.iteration(), r.passes(),
            r.details().getOrDefault("primalResidual", Double.NaN),
            r.details().getOrDefault("dualResidual", Double.NaN), r.objective(), r.optimality()));
      }
    }
    return out.toString();
  }

  /**
   * The summary table: per run, seconds to KKT <= {@code tol} and to a relative objective gap <= {@code tol}
   * (solver clock), iterations or updates, Spark jobs, solver wall seconds, final residuals, the certified KKT
   * violation of the returned coefficients, and for async runs the reports of partition 0 vs the others' mean.
   */
  static String table(List<BenchRun> runs, double optimum, double tol) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "| run | straggler | status | s to KKT<=%.0e | s to gap<=%.0e "
        + "| iterations/updates | Spark jobs | solver s | final primal | final dual | certified KKT "
        + "| reports p0 / others |%n", tol, tol));
    out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (BenchRun run : runs) {
      double[] reports = run.reportsSlowVsOthers();
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %d | %.1f | %.2e | %.2e | %.1e | %s |%n",
          run.name(), run.straggler() ? "yes" : "no", run.result().status(), seconds(run.secondsToKkt(tol)),
          seconds(run.secondsToObjective(optimum, tol)), run.result().iterations(), run.jobs(),
          run.result().wallSeconds(), run.lastDetail("primalResidual"), run.lastDetail("dualResidual"),
          run.result().kktViolation(), reports == null ? "-"
              : String.format(Locale.ROOT, "%.0f / %.1f", reports[0], reports[1])));
    }
    return out.toString();
  }

  private static String seconds(double s) {
    return Double.isNaN(s) ? "not reached" : String.format(Locale.ROOT, "%.2f", s);
  }
}
