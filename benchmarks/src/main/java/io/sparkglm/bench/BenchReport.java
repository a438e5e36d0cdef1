package io.sparkglm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the results: {@code bench-results.md} (the Markdown tables, also returned), {@code bench-results.json}
 * (every number) and {@code bench-results.svg} ({@link SvgPlot}) in the output directory.
 */
public final class BenchReport {
  private BenchReport() {
  }

  /** Writes the three files into {@code dir} and returns the Markdown. */
  public static String write(Path dir, List<Results.DatasetResult> results, BenchOptions options, int partitions,
      double totalSeconds) {
    String md = markdown(results, options, partitions, totalSeconds);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("bench-results.md"), md);
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      json.writeValue(dir.resolve("bench-results.json").toFile(), json(results, options, partitions,
          totalSeconds));
      Files.writeString(dir.resolve("bench-results.svg"), SvgPlot.render(results));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the results to " + dir, e);
    }
    return md;
  }

  /** The machine the benchmark ran on, one line. */
  public static String machine(int partitions) {
    Runtime rt = Runtime.getRuntime();
    return String.format(Locale.ROOT, "%d cores, max heap %.1f GiB, Java %s, %s %s, Spark %s local[*], "
        + "%d partitions, load average %.1f when the report was written", rt.availableProcessors(), rt.maxMemory() / 1073741824.0,
        System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
        org.apache.spark.package$.MODULE$.SPARK_VERSION(), partitions,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** The Markdown report. */
  public static String markdown(List<Results.DatasetResult> results, BenchOptions o, int partitions,
      double totalSeconds) {
    StringBuilder s = new StringBuilder();
    s.append("# sparkglm benchmark (issue 6)\n\n");
    s.append("Machine: ").append(machine(partitions)).append(".  \n");
    s.append(String.format(Locale.ROOT, "Options: quick=%s scale=%s runs=%d (median) first-order maxIter=%d "
        + "lbfgs/MLlib maxIter=%d. Total %.0f s.%n%n", o.quick(), o.scale(), o.runs(), o.firstOrderMaxIter(),
        o.lbfgsMaxIter(), totalSeconds));
    s.append("Target: F*(1+1e-6), F* the best objective any contestant reached (sparkglm's F, evaluated by the "
        + "benchmark at every contestant's coefficients). Time to target includes sparkglm's statistics pass "
        + "and all of MLlib's fit (its own blockify/summary passes).\n\n");
    s.append("## Data, memory, pass vs roofline\n\n");
    s.append("| dataset | n | p | blocks MB | raw MB | blocks/raw | DataFrame MB | DF/raw | s/pass (grad) "
        + "| ns/value/core | s/pass (Hessian) | roofline s | pass/roofline | read s | pass/read | lambda_max | L1 lambda "
        + "| note |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Results.DatasetResult d : results) {
      double raw = d.data().rawBytes();
      s.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.2f | %.1f | %.2f | %.4f | %.2f | %.4f | %.4f "
          + "| %.2f | %.4f | %.1f | %.4g | %.4g | %s |%n", d.data().name(), d.data().rows(), d.data().numFeatures(),
          d.blocksBytes() / 1e6, raw / 1e6, d.blocksBytes() / raw, d.frameBytes() / 1e6, d.frameBytes() / raw,
          d.passSeconds(), nsPerValue(d, partitions), d.hessianPassSeconds(), d.rooflineSeconds(), d.passSeconds() / d.rooflineSeconds(),
          d.readSeconds(), d.passSeconds() / d.readSeconds(),
          d.lambdaMax(), d.lambdaMax() * d.l1Factor(), d.note()));
    }
    s.append("\nns/value/core = gradient-pass seconds x cores / stored values (n*p dense, nnz sparse): O(nnz) "
        + "passes keep it flat across dense and sparse data. roofline = the issue's plain-Java loop (scalar; "
        + "sparkglm's vectorized kernel can beat it); read = streaming the same arrays once, the memory-bandwidth "
        + "floor of any pass.\n");
    s.append("\n## Time to F*(1+1e-6)\n\n");
    s.append("| dataset | problem | contestant | status | iters | passes | (F-F*)/F* | s to target | passes to "
        + "target | s/pass | vs best sparkglm |\n");
    s.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Results.DatasetResult d : results) {
      for (Results.ProblemResult p : d.problems()) {
        double best = bestSparkglm(p);
        for (Results.Entry e : p.entries()) {
          Contestant.Timing t = e.timing();
          s.append(String.format(Locale.ROOT, "| %s | %s (lambda %.3g, nnz %d) | %s | %s | %d | %d | %.1e | %s | %s "
              + "| %.4f | %s |%n", d.data().name(), p.problem().name(), p.problem().lambda(), p.nonZeros(),
              e.name(), e.trial().status(), e.trial().iterations(), e.trial().passes(),
              (e.trial().objective() - p.fStar()) / Math.abs(p.fStar()),
              t.reached() ? String.format(Locale.ROOT, "%.2f", t.seconds()) : "not reached",
              t.reached() ? Long.toString(t.passes()) : "-", e.secondsPerPass(),
              t.reached() && !Double.isNaN(best) ? String.format(Locale.ROOT, "%.1fx", t.seconds() / best) : "-"));
        }
      }
    }
    s.append("\n\"vs best sparkglm\" = this contestant's seconds to target / the fastest sparkglm solver's.\n");
    for (Results.DatasetResult d : results) {
      if (!d.ablation().isEmpty()) {
        s.append("\n## Ablation: one L2 gradient evaluation on `").append(d.data().name()).append("`\n\n");
        s.append("| element | coefficients | combine | s/evaluation | vs sparkglm (block, broadcast, "
            + "treeAggregate) |\n|---|---|---|---:|---:|\n");
        double base = d.ablation().get(d.ablation().size() - 1).secondsPerEvaluation();
        for (Ablation.Variant v : d.ablation()) {
          s.append(String.format(Locale.ROOT, "| %s | %s | %s | %.4f | %.2fx |%n", v.element(), v.coefficients(),
              v.combine(), v.secondsPerEvaluation(), v.secondsPerEvaluation() / base));
        }
      }
    }
    s.append(targets(results, partitions));
    s.append("\n## Notes per contestant\n\n");
    for (Results.DatasetResult d : results) {
      for (Results.ProblemResult p : d.problems()) {
        for (Results.Entry e : p.entries()) {
          s.append("- ").append(d.data().name()).append(' ').append(p.problem().name()).append(", ")
              .append(e.name()).append(": ").append(e.trial().note()).append("; ").append(e.timing().note())
              .append('\n');
        }
      }
    }
    return s.toString();
  }

  private static double nsPerValue(Results.DatasetResult d, int partitions) {
    return d.passSeconds() * Math.min(partitions, Runtime.getRuntime().availableProcessors()) * 1e9
        / Math.max(1, d.storedValues());
  }

  /** Issue 6's targets, checked against the numbers above. */
  static String targets(List<Results.DatasetResult> results, int partitions) {
    StringBuilder s = new StringBuilder("\n## Issue 6 targets\n\n| target | dataset | measured | met |\n"
        + "|---|---|---:|---|\n");
    for (Results.DatasetResult d : results) {
      String fam = d.data().family().name();
      for (Results.ProblemResult p : d.problems()) {
        double best = bestSparkglm(p);
        double need = fam.equals("binomial") ? (p.problem().hasL1() && p.problem().alpha() == 1 ? 5 : 3)
            : fam.equals("gaussian") ? 3 : Double.NaN;
        for (Results.Entry e : p.entries()) {
          boolean lbfgsLike = e.name().startsWith("MLlib LogisticRegression")
              || e.name().startsWith("MLlib LinearRegression l-bfgs");
          if (!lbfgsLike || Double.isNaN(need)) {
            continue;
          }
          double ratio = e.timing().seconds() / best;
          String measured = !e.timing().reached() ? "MLlib did not reach the target"
              : Double.isNaN(best) ? "sparkglm did not reach the target"
              : String.format(Locale.ROOT, "%.2fx", ratio);
          boolean met = e.timing().reached() ? ratio >= need : !Double.isNaN(best);
          String own = p.problem().name().equals("EN") ? " (no issue target; 3x by analogy)" : "";
          s.append(String.format(Locale.ROOT, "| %s %s: best sparkglm >= %.0fx faster than %s%s | %s | %s | %s |%n",
              fam, p.problem().name(), need, e.name(), own, d.data().name(), measured, met ? "yes" : "**no**"));
        }
      }
      double roof = d.passSeconds() / d.rooflineSeconds();
      s.append(String.format(Locale.ROOT, "| pass <= 1.5x roofline | %s | %.2fx | %s |%n", d.data().name(), roof,
          roof <= 1.5 ? "yes" : "**no**"));
      double mem = (double) d.blocksBytes() / d.data().rawBytes();
      s.append(String.format(Locale.ROOT, "| cached blocks <= 1.3x raw bytes | %s | %.2fx | %s |%n",
          d.data().name(), mem, mem <= 1.3 ? "yes" : "**no**"));
      if (d.data().sparse()) {
        double dense = results.stream().filter(r -> !r.data().sparse()).mapToDouble(r -> nsPerValue(r, partitions))
            .max().orElse(Double.NaN);
        double ns = nsPerValue(d, partitions);
        s.append(String.format(Locale.ROOT, "| sparse pass O(nnz): ns per stored value within 10x of the dense "
            + "datasets' worst (an O(n*p) pass would be p/nnz-per-row = %.0fx) | %s | %.2f vs %.2f ns/value/core "
            + "| %s |%n", (double) d.data().numFeatures() / d.data().nnzPerRow(), d.data().name(), ns, dense,
            ns <= 10 * dense ? "yes" : "**no**"));
      }
    }
    return s.toString();
  }

  /** The fastest sparkglm time to target of a problem, NaN if none reached it. */
  public static double bestSparkglm(Results.ProblemResult p) {
    double best = Double.NaN;
    for (Results.Entry e : p.entries()) {
      if (e.sparkglm() && e.timing().reached() && !(e.timing().seconds() >= best)) {
        best = e.timing().seconds();
      }
    }
    return best;
  }

  private static Map<String, Object> json(List<Results.DatasetResult> results, BenchOptions o, int partitions,
      double totalSeconds) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine(partitions));
    root.put("options", o);
    root.put("totalSeconds", totalSeconds);
    List<Object> ds = new ArrayList<>();
    for (Results.DatasetResult d : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", d.data().name());
      m.put("rows", d.data().rows());
      m.put("features", d.data().numFeatures());
      m.put("family", d.data().family().name());
      m.put("fitIntercept", d.data().fitIntercept());
      m.put("note", d.note());
      m.put("rawBytes", d.data().rawBytes());
      m.put("blocksBytes", d.blocksBytes());
      m.put("frameBytes", d.frameBytes());
      m.put("storedValues", d.storedValues());
      m.put("passSeconds", num(d.passSeconds()));
      m.put("hessianPassSeconds", num(d.hessianPassSeconds()));
      m.put("rooflineSeconds", num(d.rooflineSeconds()));
      m.put("readSeconds", num(d.readSeconds()));
      m.put("rooflineLossRelativeError", num(d.rooflineLossError()));
      m.put("lambdaMax", d.lambdaMax());
      m.put("l1Factor", d.l1Factor());
      List<Object> ps = new ArrayList<>();
      for (Results.ProblemResult p : d.problems()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("problem", p.problem());
        pm.put("fStar", p.fStar());
        pm.put("target", p.target());
        pm.put("nonZeros", p.nonZeros());
        List<Object> es = new ArrayList<>();
        for (Results.Entry e : p.entries()) {
          Map<String, Object> em = new LinkedHashMap<>();
          Contestant.Trial t = e.trial();
          em.put("contestant", e.name());
          em.put("status", t.status());
          em.put("objective", num(t.objective()));
          em.put("iterations", t.iterations());
          em.put("passes", t.passes());
          em.put("seconds", num(t.seconds()));
          em.put("secondsPerPass", num(e.secondsPerPass()));
          em.put("secondsToTarget", num(e.timing().seconds()));
          em.put("passesToTarget", e.timing().passes());
          em.put("objectiveAtTarget", num(e.timing().objective()));
          em.put("note", t.note() + "; " + e.timing().note());
          em.put("trace", t.trace());
          em.put("coefficients", t.coefficients().length <= 200 ? t.coefficients() : null);
          es.add(em);
        }
        pm.put("contestants", es);
        ps.add(pm);
      }
      m.put("problems", ps);
      m.put("ablation", d.ablation());
      ds.add(m);
    }
    root.put("datasets", ds);
    return root;
  }

  /** JSON has no NaN: null instead. */
  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
