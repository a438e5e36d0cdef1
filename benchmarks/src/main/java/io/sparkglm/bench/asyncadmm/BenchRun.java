package io.sparkglm.bench.asyncadmm;

import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.spark.train.FitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run: its name, whether it had a straggler, and the trainer's result, whose history holds one
 * {@link IterationRecord} per ADMM iteration ({@code admm}) or consensus update ({@code async-admm}). Derived
 * figures are first-crossing times on the solver's own clock ({@link IterationRecord#seconds}).
 *
 * @param name e.g. {@code async-admm single}
 * @param straggler whether partition 0 was slowed down
 * @param result the fit
 */
record BenchRun(String name, boolean straggler, FitResult result) {

  /** Seconds at the first record whose KKT violation is at most {@code tol}; NaN if never. */
  double secondsToKkt(double tol) {
    for (IterationRecord r : result.history()) {
      if (r.optimality() <= tol) {
        return r.seconds();
      }
    }
    return Double.NaN;
  }

  /** Seconds at the first record with {@code (F - F*) / |F*| <= tol}; NaN if never. */
  double secondsToObjective(double optimum, double tol) {
    for (IterationRecord r : result.history()) {
      if ((r.objective() - optimum) / Math.abs(optimum) <= tol) {
        return r.seconds();
      }
    }
    return Double.NaN;
  }

  /** The last history record. */
  IterationRecord last() {
    return result.history().get(result.history().size() - 1);
  }

  /** Spark jobs the solver ran (its {@code passes}: one per admm iteration, one per async update/evaluation). */
  long jobs() {
    return last().passes();
  }

  /** A detail of the last record, NaN when absent. */
  double lastDetail(String key) {
    return last().details().getOrDefault(key, Double.NaN);
  }

  /** Reports of partition 0 and the mean over the other partitions (async runs), else null. */
  double[] reportsSlowVsOthers() {
    Map<String, Double> d = last().details();
    if (!d.containsKey("reports.partition0")) {
      return null;
    }
    double others = 0;
    int count = 0;
    for (Map.Entry<String, Double> e : d.entrySet()) {
      if (e.getKey().startsWith("reports.partition") && !e.getKey().equals("reports.partition0")) {
        others += e.getValue();
        count++;
      }
    }
    return new double[] {d.get("reports.partition0"), others / count};
  }

  /** Local updates after the first round (async runs: reports beyond the first per partition), else NaN. */
  double localUpdates() {
    double sum = 0;
    int count = 0;
    for (Map.Entry<String, Double> e : last().details().entrySet()) {
      if (e.getKey().startsWith("reports.partition")) {
        sum += e.getValue() - 1;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum;
  }

  /**
   * At most about {@code max} records for the CSV and the plot: evenly thinned, plus every record where a new
   * objective/KKT evaluation appears, plus the last.
   */
  List<IterationRecord> thinned(int max) {
    List<IterationRecord> h = result.history();
    int stride = Math.max(1, h.size() / max);
    List<IterationRecord> out = new ArrayList<>();
    double lastKkt = Double.NaN;
    for (int i = 0; i < h.size(); i++) {
      IterationRecord r = h.get(i);
      boolean evaluated = Double.compare(r.optimality(), lastKkt) != 0;
      lastKkt = r.optimality();
      if (i % stride == 0 || i == h.size() - 1 || (evaluated && !Double.isNaN(r.optimality()))) {
        out.add(r);
      }
    }
    return out;
  }
}
