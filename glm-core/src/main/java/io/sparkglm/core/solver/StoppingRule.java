package io.sparkglm.core.solver;

/**
 * When a solver stops: after {@code maxIterations} iterations, when the optimality measure (the KKT
 * violation, see {@link io.sparkglm.core.penalty.Penalty#kktViolation}) is at most {@code tolerance}, or when
 * an accepted step changes the objective by at most {@code objectiveTolerance * max(1, |F|)}.
 *
 * @param maxIterations at least 1
 * @param tolerance optimality tolerance, > 0
 * @param objectiveTolerance relative objective change at which progress has stalled, >= 0
 */
public record StoppingRule(int maxIterations, double tolerance, double objectiveTolerance)
    implements java.io.Serializable {
  /** Default iteration limit. */
  public static final int DEFAULT_MAX_ITERATIONS = 100;
  /** Default optimality tolerance. */
  public static final double DEFAULT_TOLERANCE = 1e-7;
  /** Default stall tolerance: the objective no longer changes in double precision. */
  public static final double DEFAULT_OBJECTIVE_TOLERANCE = 1e-15;

  /** Validates the fields. */
  public StoppingRule {
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIterations);
    }
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tol must be > 0 and finite, got " + tolerance);
    }
    if (!(objectiveTolerance >= 0)) {
      throw new IllegalArgumentException("objective tolerance must be >= 0, got " + objectiveTolerance);
    }
  }

  /** The defaults: {@value #DEFAULT_MAX_ITERATIONS} iterations, tolerance {@value #DEFAULT_TOLERANCE}. */
  public static StoppingRule defaults() {
    return new StoppingRule(DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE, DEFAULT_OBJECTIVE_TOLERANCE);
  }

  /**
   * Whether the objective change from {@code previous} to {@code current} means progress has stalled; never
   * when {@code objectiveTolerance} is 0 (then only the optimality measure and the iteration limit stop).
   */
  public boolean stalled(double previous, double current) {
    return objectiveTolerance > 0
        && Math.abs(previous - current) <= objectiveTolerance * Math.max(1.0, Math.abs(current));
  }
}
