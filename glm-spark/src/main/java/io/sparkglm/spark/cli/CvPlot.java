package io.sparkglm.spark.cli;

import io.sparkglm.core.fit.CvCurve;
import io.sparkglm.spark.plot.SvgChart;
import java.util.ArrayList;
import java.util.List;

/**
 * The cross-validation curve as an SVG ({@code plot.cv.glmnet}'s picture): mean held-out deviance against log10
 * lambda, an error bar of one standard error at each lambda, dashed verticals at lambdaMin and lambda1se.
 */
final class CvPlot {
  private CvPlot() {
  }

  static String render(CvCurve c) {
    double[] x = java.util.Arrays.stream(c.lambdas()).map(Math::log10).toArray();
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (int l = 0; l < x.length; l++) {
      low = Math.min(low, c.cvm()[l] - c.cvsd()[l]);
      high = Math.max(high, c.cvm()[l] + c.cvsd()[l]);
    }
    List<SvgChart.Series> series = new ArrayList<>();
    series.add(new SvgChart.Series("mean deviance (cvm)", x, c.cvm(), 3));
    for (int l = 0; l < x.length; l++) {
      series.add(new SvgChart.Series("cvm +- cvsd", new double[] {x[l], x[l]},
          new double[] {c.cvm()[l] - c.cvsd()[l], c.cvm()[l] + c.cvsd()[l]}, 7, false, l == 0));
    }
    series.add(new SvgChart.Series("lambdaMin", new double[] {x[c.indexMin()], x[c.indexMin()]},
        new double[] {low, high}, 0, true, true));
    series.add(new SvgChart.Series("lambda1se", new double[] {x[c.index1se()], x[c.index1se()]},
        new double[] {low, high}, 2, true, true));
    return SvgChart.render("cross-validation curve", List.of(new SvgChart.Panel("held-out deviance",
        "log10(lambda), decreasing", false, true, null, null, Double.NaN, series)), 480, 360);
  }
}
