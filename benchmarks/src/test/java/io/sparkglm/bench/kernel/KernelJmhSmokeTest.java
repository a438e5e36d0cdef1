package io.sparkglm.bench.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH kernel benchmark runs as {@code scripts/kernel-bench} runs it (the annotation processor's benchmark
 * list, the parameters {@link KernelTable} passes), in-process and briefly: one 50 ms iteration of each of the
 * three methods on a small case. It fails if the generated benchmark list is missing, a parameter is not
 * accepted, or a method throws; it measures nothing.
 */
class KernelJmhSmokeTest {
  @Test
  void everyMethodRunsAndReportsAScore() throws Exception {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(KernelJmh.class.getName() + "\\.").param("loss", "poisson-log").param("layout", "dense p=15")
        .param("order", "HESSIAN").param("scale", "0.002").forks(0).warmupIterations(0).measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(50)).shouldFailOnError(true).verbosity(VerboseMode.SILENT)
        .build()).run();
    Set<String> methods = new TreeSet<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      methods.add(name.substring(name.lastIndexOf('.') + 1));
      double score = r.getPrimaryResult().getScore();
      assertTrue(score > 0 && Double.isFinite(score), name + ": score " + score);
    }
    assertEquals(Set.of("before", "kernel", "roofline"), methods);
  }
}
