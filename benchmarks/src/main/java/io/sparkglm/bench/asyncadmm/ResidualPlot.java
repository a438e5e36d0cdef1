package io.sparkglm.bench.asyncadmm;

import io.sparkglm.core.solver.IterationRecord;
import java.util.List;
import java.util.Locale;

/**
 * A hand-drawn SVG of ADMM residuals against wall seconds: two panels (without and with the straggler), log10
 * y axis, one colour per run, primal residual solid, dual residual dashed.
 */
final class ResidualPlot {
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final int PANEL_W = 520;
  private static final int PANEL_H = 360;
  private static final int LEFT = 60;
  private static final int TOP = 40;
  private static final int GAP = 70;

  private ResidualPlot() {
  }

  /** The SVG document; {@code title} goes on top. */
  static String svg(List<BenchRun> runs, String title) {
    double maxSeconds = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (BenchRun run : runs) {
      for (IterationRecord r : run.thinned(BenchReport.MAX_POINTS)) {
        maxSeconds = Math.max(maxSeconds, r.seconds());
        for (double v : residuals(r)) {
          if (v > 0 && Double.isFinite(v)) {
            lo = Math.min(lo, Math.log10(v));
            hi = Math.max(hi, Math.log10(v));
          }
        }
      }
    }
    lo = Math.floor(lo);
    hi = Math.ceil(hi);
    int width = LEFT + 2 * PANEL_W + GAP + 20;
    int height = TOP + PANEL_H + 130;
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
        width, height));
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", LEFT,
        escape(title)));
    for (int panel = 0; panel < 2; panel++) {
      boolean straggler = panel == 1;
      int x0 = LEFT + panel * (PANEL_W + GAP);
      Frame f = new Frame(x0, TOP, maxSeconds, lo, hi);
      axes(out, f, straggler ? "straggler: partition 0 slowed (3x)" : "no straggler");
      int colour = 0;
      for (BenchRun run : runs) {
        if (run.straggler() == straggler) {
          String c = COLOURS[colour++ % COLOURS.length];
          out.append(line(run, f, 0, c, "")).append(line(run, f, 1, c, " stroke-dasharray=\"5,3\""));
          int ly = TOP + PANEL_H + 45 + 16 * (colour - 1);
          out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
              + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s (solid primal, dashed dual)</text>%n", x0, ly - 4,
              x0 + 25, ly - 4, c, x0 + 30, ly, escape(run.name())));
        }
      }
    }
    return out.append("</svg>\n").toString();
  }

  /** Pixel mapping of one panel. */
  private record Frame(int x0, int y0, double maxSeconds, double lo, double hi) {
    double x(double seconds) {
      return x0 + PANEL_W * seconds / maxSeconds;
    }

    double y(double log10) {
      return y0 + PANEL_H * (hi - log10) / (hi - lo);
    }
  }

  private static double[] residuals(IterationRecord r) {
    return new double[] {r.details().getOrDefault("primalResidual", Double.NaN),
        r.details().getOrDefault("dualResidual", Double.NaN)};
  }

  private static void axes(StringBuilder out, Frame f, String label) {
    out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"black\"/>%n<text x=\"%d\" y=\"%d\">%s</text>%n", f.x0(), f.y0(), PANEL_W, PANEL_H, f.x0(),
        f.y0() - 6, escape(label)));
    for (int e = (int) f.lo(); e <= (int) f.hi(); e++) {
      double y = f.y(e);
      out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>%n", f.x0(), y, f.x0() + PANEL_W, y,
          f.x0() - 4, y + 4, e));
    }
    double step = niceStep(f.maxSeconds() / 6);
    for (double s = 0; s <= f.maxSeconds() + 1e-9; s += step) {
      double x = f.x(s);
      out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, f.y0(), x, f.y0() + PANEL_H, x,
          f.y0() + PANEL_H + 15, trim(s)));
    }
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">wall seconds "
        + "(solver clock)</text>%n", f.x0() + PANEL_W / 2, f.y0() + PANEL_H + 30));
  }

  private static String line(BenchRun run, Frame f, int which, String colour, String dash) {
    StringBuilder pts = new StringBuilder();
    for (IterationRecord r : run.thinned(BenchReport.MAX_POINTS)) {
      double v = residuals(r)[which];
      if (v > 0 && Double.isFinite(v)) {
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.x(r.seconds()), f.y(Math.log10(v))));
      }
    }
    return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\"%s points=\"%s\"/>%n",
        colour, dash, pts.toString().trim());
  }

  private static double niceStep(double raw) {
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
  }

  private static String trim(double s) {
    return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.2g", s);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
