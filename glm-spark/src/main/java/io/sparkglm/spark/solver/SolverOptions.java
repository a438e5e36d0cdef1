package io.sparkglm.spark.solver;

import java.util.Map;

/**
 * Typed reading of solver-specific options ({@code --solver-option KEY=VALUE}, the {@code solverOptions} Param),
 * with errors that name the solver, the option and the value.
 */
public final class SolverOptions {
  private SolverOptions() {
  }

  /** A number option, or {@code fallback} when absent. */
  public static double number(String solver, Map<String, String> options, String key, double fallback) {
    String v = options.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(solver + " option " + key + " must be a number, got '" + v + "'");
    }
  }

  /** A boolean option ({@code true} or {@code false}), or {@code fallback} when absent. */
  public static boolean bool(String solver, Map<String, String> options, String key, boolean fallback) {
    String v = options.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(solver + " option " + key + " must be true or false, got '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }
}
