package io.sparkglm.bench;

import io.sparkglm.spark.plot.SvgChart;
import java.util.ArrayList;
import java.util.List;

/**
 * The solver benchmark's plot ({@link SvgChart}): the relative objective gap {@code (F - F*)/|F*|} (log scale,
 * floored at {@value #FLOOR}) against seconds, one line per contestant, for up to two problems (wide L2 and seed001 L2
 * when present, else the first two). sparkglm traces are per iteration from the fit history; MLlib's spread
 * its fit time evenly over its iterations (see {@link MllibContestant}).
 */
public final class SvgPlot {
  /** Smallest relative gap drawn. */
  public static final double FLOOR = 1e-12;

  private SvgPlot() {
  }

  /** The SVG document. */
  public static String render(List<Results.DatasetResult> results) {
    List<String[]> titles = new ArrayList<>();
    List<Results.ProblemResult> chosen = new ArrayList<>();
    for (String want : List.of("wide", "seed001")) {
      for (Results.DatasetResult d : results) {
        for (Results.ProblemResult p : d.problems()) {
          if (d.data().name().equals(want) && p.problem().name().equals("L2")) {
            chosen.add(p);
            titles.add(new String[] {d.data().name(), p.problem().name()});
          }
        }
      }
    }
    for (Results.DatasetResult d : results) {
      for (Results.ProblemResult p : d.problems()) {
        if (chosen.size() < 2 && !chosen.contains(p)) {
          chosen.add(p);
          titles.add(new String[] {d.data().name(), p.problem().name()});
        }
      }
    }
    List<SvgChart.Panel> panels = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      panels.add(panel(chosen.get(i), titles.get(i)[0] + " " + titles.get(i)[1]));
    }
    return SvgChart.render("", panels, 300, 280);
  }

  private static SvgChart.Panel panel(Results.ProblemResult p, String title) {
    double scale = Math.abs(p.fStar()) > 0 ? Math.abs(p.fStar()) : 1;
    List<SvgChart.Series> series = new ArrayList<>();
    for (int i = 0; i < p.entries().size(); i++) {
      Results.Entry e = p.entries().get(i);
      List<double[]> trace = e.trial().trace();
      series.add(new SvgChart.Series(e.name(), trace.stream().mapToDouble(t -> t[0]).toArray(),
          trace.stream().mapToDouble(t -> Math.max(FLOOR, (t[2] - p.fStar()) / scale)).toArray(), i));
    }
    double tMax = series.stream().flatMapToDouble(t -> java.util.Arrays.stream(t.x())).max().orElse(1);
    return new SvgChart.Panel(title + ": (F-F*)/|F*| vs seconds", "seconds", true, false,
        new double[] {0, tMax > 0 ? tMax : 1}, new double[] {Math.log10(FLOOR), 0}, Benchmark.TARGET_GAP, series);
  }
}
