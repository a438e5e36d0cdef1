package io.sparkglm.bench.asyncadmm;

import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.spark.plot.SvgChart;
import java.util.ArrayList;
import java.util.List;

/**
 * ADMM residuals against wall seconds ({@link SvgChart}): two panels (without and with the straggler), log10 y
 * axis, one colour per run, primal residual solid, dual residual dashed.
 */
final class ResidualPlot {
  private ResidualPlot() {
  }

  /** The SVG document; {@code title} goes on top. */
  static String svg(List<BenchRun> runs, String title) {
    double maxSeconds = runs.stream().flatMap(r -> r.thinned(AsyncAdmmReport.MAX_POINTS).stream())
        .mapToDouble(IterationRecord::seconds).max().orElse(1);
    List<SvgChart.Panel> panels = new ArrayList<>();
    for (boolean straggler : new boolean[] {false, true}) {
      List<SvgChart.Series> series = new ArrayList<>();
      int colour = 0;
      for (BenchRun run : runs) {
        if (run.straggler() == straggler) {
          List<IterationRecord> records = run.thinned(AsyncAdmmReport.MAX_POINTS);
          double[] seconds = records.stream().mapToDouble(IterationRecord::seconds).toArray();
          series.add(new SvgChart.Series(run.name(), seconds,
              residual(records, "primalResidual"), colour, false, true));
          series.add(new SvgChart.Series(run.name() + " dual", seconds, residual(records, "dualResidual"), colour,
              true, false));
          colour++;
        }
      }
      panels.add(new SvgChart.Panel((straggler ? "straggler: partition 0 slowed (3x)" : "no straggler")
          + "; residuals: primal solid, dual dashed", "wall seconds (solver clock)", true, false,
          new double[] {0, maxSeconds > 0 ? maxSeconds : 1}, null, Double.NaN, series));
    }
    return SvgChart.render(title, panels, 520, 360);
  }

  private static double[] residual(List<IterationRecord> records, String key) {
    return records.stream().mapToDouble(r -> r.details().getOrDefault(key, Double.NaN)).toArray();
  }
}
