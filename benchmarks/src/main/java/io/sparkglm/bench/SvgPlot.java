package io.sparkglm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A hand-written SVG: the relative objective gap {@code (F - F*)/|F*|} (log scale, floored at
 * {@value #FLOOR}) against seconds, one line per contestant, for up to two problems (wide L2 and seed001 L2
 * when present, else the first two). sparkglm traces are per iteration from the fit history; MLlib's spread
 * its fit time evenly over its iterations (see {@link MllibContestant}).
 */
public final class SvgPlot {
  /** Smallest relative gap drawn. */
  public static final double FLOOR = 1e-12;
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
      "#e377c2"};
  private static final int W = 600;
  private static final int H = 360;
  private static final int LEFT = 60;
  private static final int TOP = 30;
  private static final int PW = 300;
  private static final int PH = 280;

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
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"11\">%n", W * Math.max(1, chosen.size()), H));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (int i = 0; i < chosen.size(); i++) {
      panel(s, chosen.get(i), titles.get(i)[0] + " " + titles.get(i)[1], i * W);
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static void panel(StringBuilder s, Results.ProblemResult p, String title, int x0) {
    double tMax = 0;
    for (Results.Entry e : p.entries()) {
      for (double[] t : e.trial().trace()) {
        tMax = Math.max(tMax, t[0]);
      }
    }
    tMax = tMax > 0 ? tMax : 1;
    double yTop = 0;
    double yBottom = Math.log10(FLOOR);
    int ox = x0 + LEFT;
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">%s: (F-F*)/|F*| vs seconds"
        + "</text>%n", ox, title));
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"black\"/>%n", ox, TOP, PW, PH));
    for (int e = 0; e >= -12; e -= 2) {
      double y = TOP + PH * (yTop - e) / (yTop - yBottom);
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>%n", ox, ox + PW, y, y, ox - 4, y + 4, e));
    }
    for (int k = 0; k <= 4; k++) {
      double x = ox + PW * k / 4.0;
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.3g</text>%n", x,
          TOP + PH + 14, tMax * k / 4));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds</text>%n",
        ox + PW / 2, TOP + PH + 28));
    double scale = Math.abs(p.fStar()) > 0 ? Math.abs(p.fStar()) : 1;
    for (int i = 0; i < p.entries().size(); i++) {
      Results.Entry e = p.entries().get(i);
      String color = COLORS[i % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (double[] t : e.trial().trace()) {
        double gap = Math.max(FLOOR, (t[2] - p.fStar()) / scale);
        double y = TOP + PH * (yTop - Math.min(yTop, Math.log10(gap))) / (yTop - yBottom);
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", ox + PW * t[0] / tMax, y));
      }
      s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
          + "points=\"%s\"/>%n", color, pts.toString().trim()));
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", ox + PW + 8, TOP + 14 * i, color, ox + PW + 22, TOP + 9 + 14 * i,
          escape(e.name())));
    }
    double ty = TOP + PH * (yTop - Math.log10(Benchmark.TARGET_GAP)) / (yTop - yBottom);
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"black\" "
        + "stroke-dasharray=\"4 3\"/>%n", ox, ox + PW, ty, ty));
  }

  private static String escape(String t) {
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
