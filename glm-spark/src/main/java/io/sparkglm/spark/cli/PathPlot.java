package io.sparkglm.spark.cli;

import io.sparkglm.spark.plot.SvgChart;
import io.sparkglm.spark.train.RegularizationPath;
import java.util.ArrayList;
import java.util.List;

/** The coefficient-path plot (coefficients against log10 lambda, glmnet's classic picture) as an SVG. */
final class PathPlot {
  private PathPlot() {
  }

  static String render(RegularizationPath.Result r, List<String> names) {
    List<RegularizationPath.Point> pts = r.points();
    double[] x = pts.stream().mapToDouble(p -> Math.log10(p.lambda())).toArray();
    List<SvgChart.Series> series = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      int feature = j;
      series.add(new SvgChart.Series(names.get(j), x, pts.stream().mapToDouble(p -> p.coefficients()[feature])
          .toArray(), j));
    }
    return SvgChart.render("coefficient paths", List.of(new SvgChart.Panel("coefficients (original scale)",
        "log10(lambda), decreasing", false, true, null, null, Double.NaN, series)), 480, 360);
  }
}
