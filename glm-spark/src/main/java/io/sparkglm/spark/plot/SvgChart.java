package io.sparkglm.spark.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The project's one SVG line chart (no dependency): side-by-side panels, each with a linear x axis (optionally
 * reversed), a linear or log10 y axis, lines with a legend, and an optional dashed reference level. Used for the
 * coefficient paths of {@code sparkglm path} and by the benchmarks' plots.
 */
public final class SvgChart {
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
      "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  private static final int LEFT = 64;
  private static final int TOP = 40;
  private static final int LEGEND = 190;
  private static final int BOTTOM = 46;
  private static final int LEGEND_ROWS = 20;

  /**
   * One line.
   *
   * @param color an index into the palette (lines that belong together may share one)
   * @param dashed drawn dashed
   * @param legend shown in the legend
   */
  public record Series(String name, double[] x, double[] y, int color, boolean dashed, boolean legend) {
    /** A solid line with a legend entry. */
    public Series(String name, double[] x, double[] y, int color) {
      this(name, x, y, color, false, true);
    }
  }

  /**
   * One panel.
   *
   * @param logY a log10 y axis (points with {@code y <= 0} or not finite are left out)
   * @param reverseX x grows to the left
   * @param xRange {@code {min, max}} of the x axis, or {@code null} to fit the data
   * @param yRange {@code {min, max}} of the y axis (log10 units when {@code logY}), or {@code null} to fit the data
   * @param reference a y value drawn as a dashed black line, or NaN for none
   */
  public record Panel(String title, String xLabel, boolean logY, boolean reverseX, double[] xRange, double[] yRange,
      double reference, List<Series> series) {
  }

  private SvgChart() {
  }

  /** The SVG document: {@code panels} side by side, each {@code width x height} pixels of plot area. */
  public static String render(String title, List<Panel> panels, int width, int height) {
    int panelWidth = LEFT + width + LEGEND;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
        panelWidth * Math.max(1, panels.size()), TOP + height + BOTTOM));
    if (title != null && !title.isEmpty()) {
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"14\">%s</text>%n", LEFT,
          escape(title)));
    }
    for (int i = 0; i < panels.size(); i++) {
      panel(s, panels.get(i), i * panelWidth + LEFT, width, height);
    }
    return s.append("</svg>\n").toString();
  }

  private static double value(Panel p, double y) {
    return p.logY() ? Math.log10(y) : y;
  }

  private static boolean drawable(Panel p, double x, double y) {
    return Double.isFinite(x) && Double.isFinite(y) && (!p.logY() || y > 0);
  }

  private static void panel(StringBuilder s, Panel p, int ox, int w, int h) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series series : p.series()) {
      for (int k = 0; k < series.x().length; k++) {
        if (drawable(p, series.x()[k], series.y()[k])) {
          xMin = Math.min(xMin, series.x()[k]);
          xMax = Math.max(xMax, series.x()[k]);
          yMin = Math.min(yMin, value(p, series.y()[k]));
          yMax = Math.max(yMax, value(p, series.y()[k]));
        }
      }
    }
    if (p.xRange() != null) {
      xMin = p.xRange()[0];
      xMax = p.xRange()[1];
    }
    if (p.yRange() != null) {
      yMin = p.yRange()[0];
      yMax = p.yRange()[1];
    } else if (p.logY() && yMin <= yMax) {
      yMin = Math.floor(yMin);
      yMax = Math.ceil(yMax);
    }
    if (!(xMin < xMax)) {
      xMin = Double.isFinite(xMin) ? xMin : 0;
      xMax = xMin + 1;
    }
    if (!(yMin < yMax)) {
      yMin = Double.isFinite(yMin) ? yMin : 0;
      yMax = yMin + 1;
    }
    Frame f = new Frame(ox, w, h, xMin, xMax, p.reverseX(), yMin, yMax);
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n", ox, TOP - 8,
        escape(p.title())));
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"black\"/>%n", ox, TOP, w, h));
    yTicks(s, p, f);
    double step = niceStep((xMax - xMin) / 5);
    for (double x = Math.ceil(xMin / step) * step; x <= xMax + 1e-9 * step; x += step) {
      double px = f.x(x);
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP, px, TOP + h, px, TOP + h + 14,
          number(x)));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", ox + w / 2,
        TOP + h + 30, escape(p.xLabel())));
    int row = 0;
    for (Series series : p.series()) {
      String color = COLORS[Math.floorMod(series.color(), COLORS.length)];
      StringBuilder pts = new StringBuilder();
      for (int k = 0; k < series.x().length; k++) {
        if (drawable(p, series.x()[k], series.y()[k])) {
          double y = Math.max(yMin, Math.min(yMax, value(p, series.y()[k])));
          pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.x(series.x()[k]), f.y(y)));
        }
      }
      s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s "
          + "points=\"%s\"/>%n", color, series.dashed() ? " stroke-dasharray=\"5,3\"" : "", pts.toString().trim()));
      if (series.legend() && row < LEGEND_ROWS) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
            + "<text x=\"%d\" y=\"%d\">%s</text>%n", ox + w + 8, TOP + 14 * row, color, ox + w + 22,
            TOP + 9 + 14 * row, escape(series.name())));
        row++;
      }
    }
    if (Double.isFinite(p.reference())) {
      double y = f.y(value(p, p.reference()));
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"black\" "
          + "stroke-dasharray=\"4 3\"/>%n", ox, ox + w, y, y));
    }
  }

  private static void yTicks(StringBuilder s, Panel p, Frame f) {
    List<double[]> ticks = new ArrayList<>();
    if (p.logY()) {
      int stride = (int) Math.max(1, Math.ceil((f.yMax() - f.yMin()) / 8));
      for (int e = (int) Math.ceil(f.yMin()); e <= f.yMax(); e += stride) {
        ticks.add(new double[] {e});
      }
    } else {
      double step = niceStep((f.yMax() - f.yMin()) / 6);
      for (double y = Math.ceil(f.yMin() / step) * step; y <= f.yMax() + 1e-9 * step; y += step) {
        ticks.add(new double[] {y});
      }
    }
    for (double[] t : ticks) {
      double py = f.y(t[0]);
      String label = p.logY() ? "1e" + (int) t[0] : number(t[0]);
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", f.ox(), py, f.ox() + f.w(), py, f.ox() - 4,
          py + 4, label));
    }
  }

  /** Pixel mapping of one panel. */
  private record Frame(int ox, int w, int h, double xMin, double xMax, boolean reverse, double yMin, double yMax) {
    double x(double v) {
      double t = (v - xMin) / (xMax - xMin);
      return ox + w * (reverse ? 1 - t : t);
    }

    double y(double v) {
      return TOP + h * (yMax - v) / (yMax - yMin);
    }
  }

  private static double niceStep(double raw) {
    if (!(raw > 0) || !Double.isFinite(raw)) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
  }

  private static String number(double v) {
    if (Math.abs(v) < 1e-12) {
      return "0";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
  }

  private static String escape(String t) {
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
