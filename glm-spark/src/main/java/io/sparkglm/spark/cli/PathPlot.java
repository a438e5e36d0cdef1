package io.sparkglm.spark.cli;

import io.sparkglm.spark.train.RegularizationPath;
import java.util.List;
import java.util.Locale;

/** The coefficient-path plot (coefficients against log10 lambda, glmnet's classic picture) as a plain SVG. */
final class PathPlot {
  private static final int W = 720;
  private static final int H = 440;
  private static final int LEFT = 70;
  private static final int TOP = 30;
  private static final int PW = 480;
  private static final int PH = 360;
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
      "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

  private PathPlot() {
  }

  static String render(RegularizationPath.Result r, List<String> names) {
    List<RegularizationPath.Point> pts = r.points();
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = 0;
    double yMax = 0;
    for (RegularizationPath.Point p : pts) {
      double x = Math.log10(p.lambda());
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
      for (double c : p.coefficients()) {
        yMin = Math.min(yMin, c);
        yMax = Math.max(yMax, c);
      }
    }
    if (xMax == xMin) {
      xMax = xMin + 1;
    }
    if (yMax == yMin) {
      yMax = yMin + 1;
    }
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
        W, H));
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"black\"/>%n", LEFT, TOP, PW, PH));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">coefficient paths</text>%n", LEFT, TOP - 10));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">log10(lambda): %.2f .. %.2f</text>%n", LEFT,
        TOP + PH + 25, xMin, xMax));
    s.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%.3g</text><text x=\"5\" y=\"%d\">%.3g</text>%n",
        TOP + 10, yMax, TOP + PH, yMin));
    int p = names.size();
    for (int j = 0; j < p; j++) {
      StringBuilder path = new StringBuilder();
      for (int k = 0; k < pts.size(); k++) {
        double x = LEFT + PW * (xMax - Math.log10(pts.get(k).lambda())) / (xMax - xMin);
        double y = TOP + PH * (yMax - pts.get(k).coefficients()[j]) / (yMax - yMin);
        path.append(k == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      String color = COLORS[j % COLORS.length];
      s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\"/>%n", path, color));
      if (j < 20) {
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", LEFT + PW + 10,
            TOP + 12 + 16 * j, color, names.get(j).replace("&", "&amp;").replace("<", "&lt;")));
      }
    }
    s.append("</svg>\n");
    return s.toString();
  }
}
