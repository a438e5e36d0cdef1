package io.sparkglm.spark.train;

import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.core.solver.Status;
import io.sparkglm.spark.stats.GlmStatistics;
import java.util.List;

/**
 * The outcome of one fit, on the original scale of the features.
 *
 * @param spec what was fitted
 * @param solver the solver that ran (the resolved name when {@code auto} was asked for)
 * @param coefficients length p, in the input's feature order
 * @param intercept the intercept (0 when not fitted)
 * @param objective {@code F} at the solution, the objective of README.md
 * @param kktViolation the optimality certificate, measured on the full data at the returned solution
 * @param iterations solver iterations
 * @param passes data passes used by the solver (the statistics pass and the certificate pass excluded)
 * @param status how the solver ended
 * @param history one record per iteration
 * @param wallSeconds seconds spent in the solver (loading and the statistics pass excluded)
 * @param rows training rows (after dropping zero weights)
 * @param weightSum {@code sum_i w_i}
 * @param statistics R-style goodness-of-fit statistics and coefficient table, when requested
 * @param phases wall seconds of the fit's phases, in order: {@code loadCacheStatistics} (the first job: read,
 *     parse, build and cache the blocks, feature statistics), {@code solver}, {@code certificate} (the statistics
 *     and certificate pass at the solution), {@code unpersist}
 * @param relativeKkt {@code kktViolation} divided by the KKT violation at the start (the intercept-only model),
 *     a scale-free certificate
 * @param warnings what a statistician would warn about (aliased columns, separation), in order
 */
public record FitResult(GlmSpec spec, String solver, double[] coefficients, double intercept, double objective,
    double kktViolation, int iterations, long passes, Status status, List<IterationRecord> history,
    double wallSeconds, long rows, double weightSum, java.util.Optional<GlmStatistics> statistics,
    java.util.Map<String, Double> phases, double relativeKkt, List<FitWarning> warnings) {
  /** Copies {@code phases} and {@code warnings}. */
  public FitResult {
    phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
    warnings = List.copyOf(warnings);
  }

  /** This result with its phase times replaced. */
  public FitResult withPhases(java.util.Map<String, Double> p) {
    return new FitResult(spec, solver, coefficients, intercept, objective, kktViolation, iterations, passes, status,
        history, wallSeconds, rows, weightSum, statistics, p, relativeKkt, warnings);
  }

  /** This result with statistics attached. */
  public FitResult withStatistics(GlmStatistics s) {
    return new FitResult(spec, solver, coefficients, intercept, objective, kktViolation, iterations, passes, status,
        history, wallSeconds, rows, weightSum, java.util.Optional.of(s), phases, relativeKkt, warnings);
  }

  /** This result with another status and warnings (the trainer's diagnostics). */
  public FitResult withDiagnosis(Status newStatus, List<FitWarning> newWarnings) {
    return new FitResult(spec, solver, coefficients, intercept, objective, kktViolation, iterations, passes,
        newStatus, history, wallSeconds, rows, weightSum, statistics, phases, relativeKkt, newWarnings);
  }

  /** Whether the fit converged: the solver did and the certificate confirms it (see {@link Status}). */
  public boolean converged() {
    return status.converged();
  }
}
