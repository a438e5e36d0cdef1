package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.core.family.Family;
import io.sparkglm.spark.train.FitResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind the local solvers' defaults (not a test: its name is outside surefire's patterns; run by
 * {@code scripts/bench-sgd-defaults}). For each family and seed, a 2e4 x 10 ridge problem of {@link StochasticData}
 * (random coefficients around a fixed vector, feature correlation 0.3-0.7, 4-8 partitions by seed), newton's
 * optimum, then each solver with each candidate option set; prints one Markdown row per fit: relative objective
 * gap, rounds, seconds, status. System properties: {@code probe.families}, {@code probe.seeds},
 * {@code probe.lambda}, {@code probe.solvers}, {@code probe.candidates} (option sets separated by ';', each
 * {@code key=value,...} or {@code default}).
 */
class StochasticDefaultsProbe {
  private static final double[] BETA = {0.8, -0.5, 0.3, 0.0, 0.2, -0.1, 0.0, 0.4, 0.0, -0.3};

  @Test
  void probe() {
    String[] candidates = System.getProperty("probe.candidates", "default").split(";");
    String[] solvers = System.getProperty("probe.solvers", "local-sgd,parallel-sgd").split(",");
    double lambda = Double.parseDouble(System.getProperty("probe.lambda", "0.01"));
    StringBuilder out = new StringBuilder();
    out.append(String.format("%n| family | seed | lambda | solver | options | relative gap | rounds | seconds | status |%n"
        + "|---|---|---|---|---|---|---|---|---|%n"));
    for (String fam : System.getProperty("probe.families", "binomial,gaussian,poisson").split(",")) {
      for (String seedText : System.getProperty("probe.seeds", "101,202,303").split(",")) {
        long seed = Long.parseLong(seedText.trim());
        double[] beta = BETA.clone();
        java.util.Random r = new java.util.Random(seed);
        for (int j = 0; j < beta.length; j++) {
          beta[j] = (fam.equals("poisson") ? 0.5 : 1.0) * (beta[j] + 0.2 * r.nextGaussian());
        }
        StochasticData d = StochasticData.generate(Family.parse(fam, Double.NaN), beta, 0.3 + 0.2 * (seed % 3),
            seed, 4 + (int) (seed % 5));
        FitResult opt = d.fit("newton", lambda, 0.0, 100, Map.of());
        // Candidates alternate within each problem, so a drift of the machine's speed hits them alike.
        for (String solver : solvers) {
          for (String cand : candidates) {
            Map<String, String> o = new LinkedHashMap<>();
            if (!cand.equals("default")) {
              for (String kv : cand.split(",")) {
                String[] p = kv.split("=");
                o.put(p[0].trim(), p[1].trim());
              }
            }
            long t0 = System.nanoTime();
            FitResult f = d.fit(solver, lambda, 0.0, 100_000, o);
            double secs = (System.nanoTime() - t0) / 1e9;
            out.append(String.format("| %s | %d | %g | %s | %s | %.2e | %d | %.1f | %s |%n", fam, seed, lambda, solver,
                cand, StochasticData.relativeGap(f, opt), f.iterations(), secs, f.status()));
          }
        }
        d.blocks.unpersist();
      }
    }
    System.out.println("PROBE-TABLE-BEGIN" + out + "PROBE-TABLE-END");
  }
}
