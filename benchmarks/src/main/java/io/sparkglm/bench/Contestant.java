package io.sparkglm.bench;

import java.util.List;

/**
 * A solver entered in the benchmark on one problem. The protocol: one {@link #fullRun} (to convergence or the
 * iteration limit, with its trace), then, once {@code F*} is known from every contestant's full run,
 * {@link #timeToTarget} measures the seconds and passes needed to reach {@code F* + 1e-6 |F*|}.
 */
public interface Contestant {
  /** Display name, e.g. {@code sparkglm newton} or {@code MLlib LogisticRegression (OWL-QN)}. */
  String name();

  /** Runs once to convergence (or its iteration limit). */
  Trial fullRun();

  /**
   * Seconds and passes to reach {@code target}, the median of {@code runs} runs ({@code first} is the full
   * run, which sparkglm contestants reuse as their first run).
   */
  Timing timeToTarget(double target, Trial first, int runs);

  /**
   * The outcome of one full run. Objectives are sparkglm's {@code F}, evaluated by the benchmark itself.
   *
   * @param coefficients length p+1, intercept last
   * @param objective {@code F} at {@code coefficients}
   * @param iterations iterations the solver made
   * @param passes data passes (Spark jobs for MLlib)
   * @param seconds wall seconds of the fit
   * @param status how it ended
   * @param trace per iteration {@code [seconds, passes, F]}
   * @param note how the trace was obtained and anything checked on the way
   */
  record Trial(double[] coefficients, double objective, int iterations, long passes, double seconds,
      String status, List<double[]> trace, String note) {
  }

  /**
   * Time to target; {@code seconds} is NaN when the target was not reached.
   *
   * @param seconds median seconds to the target
   * @param passes passes to the target
   * @param objective {@code F} where the target was declared reached (verified by evaluation for MLlib)
   * @param note how it was measured
   */
  record Timing(double seconds, long passes, double objective, String note) {
    /** Not reached. */
    public static Timing missed(String note) {
      return new Timing(Double.NaN, -1, Double.NaN, note);
    }

    /** Whether the target was reached. */
    public boolean reached() {
      return !Double.isNaN(seconds);
    }
  }
}
