package io.sparkglm.bench.kernel;

import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.simd.LossLoops;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code scripts/kernel-bench}: runs {@link KernelJmh} for every case (one forked JVM per case, the host's JVM
 * options, warm-up then {@code iterations} measured iterations of 1 s) and prints the Markdown table of ns per
 * row, with the kernel and the former kernel against the roofline.
 *
 * <p>Arguments: {@code iterations} (default 5), {@code scale} (default 1.0), an optional substring filter on
 * {@code "family-link, layout ORDER"}.
 */
public final class KernelTable {
  private KernelTable() {
  }

  public static void main(String[] args) throws RunnerException {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    String filter = args.length > 2 ? args[2] : "";
    System.out.printf(Locale.ROOT, "java %s, %d cores, loss loops vectorized: %s, JMH %d x 1 s measured after "
        + "3 x 1 s warm-up, one fork per case, scale %.2f%n%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(), LossLoops.best().vectorized(), iterations, scale);
    System.out.println("| case | order | kernel ns/row | before ns/row | roofline ns/row | kernel / roofline "
        + "| before / roofline |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for (String layout : KernelBench.LAYOUTS) {
      long rows = KernelBench.make(layout, scale).rows();
      for (String[] fl : KernelBench.LOSSES) {
        for (Order order : new Order[] {Order.GRADIENT, Order.HESSIAN}) {
          String name = fl[0] + "-" + fl[1] + ", " + layout;
          if (!KernelBench.measured(layout, order) || !(name + " " + order).contains(filter)) {
            continue;
          }
          ChainedOptionsBuilder o = new OptionsBuilder().include(KernelJmh.class.getName() + "\\.")
              .param("loss", fl[0] + "-" + fl[1]).param("layout", layout).param("order", order.name())
              .param("scale", Double.toString(scale)).forks(1).warmupIterations(3)
              .warmupTime(TimeValue.seconds(1)).measurementIterations(iterations)
              .measurementTime(TimeValue.seconds(1)).shouldFailOnError(true).verbosity(VerboseMode.SILENT);
          System.err.printf(Locale.ROOT, "kernel-bench: measuring %s %s%n", name, order);
          Collection<RunResult> results = new Runner(o.build()).run();
          Map<String, Double> perRow = new HashMap<>();
          for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            perRow.put(method.substring(method.lastIndexOf('.') + 1), r.getPrimaryResult().getScore() / rows);
          }
          double kernel = perRow.get("kernel");
          double before = perRow.get("before");
          double roof = perRow.get("roofline");
          System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.2f | %.2f |%n", name, order, kernel,
              before, roof, kernel / roof, before / roof);
        }
      }
    }
  }
}
