package io.sparkglm.core.fit;

import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.solver.StoppingRule;

/**
 * What to fit: family, link, penalty, standardization, intercept, solver and stopping rule. Validated on
 * construction; strings from the CLI or Spark Params are parsed into it exactly once.
 *
 * @param family the exponential family
 * @param link the link (must be supported by the family)
 * @param regParam {@code lambda >= 0}
 * @param elasticNetParam {@code alpha} in [0, 1]: 0 ridge, 1 lasso
 * @param standardize penalize {@code s_j b_j} instead of {@code b_j} (glmnet's {@code standardize=TRUE});
 *     coefficients are always reported on the original scale
 * @param fitIntercept whether to fit an (unpenalized) intercept
 * @param solver a registered solver name, or {@value #AUTO}
 * @param stop iteration limit and tolerances
 */
public record GlmSpec(Family family, Link link, double regParam, double elasticNetParam, boolean standardize,
    boolean fitIntercept, String solver, StoppingRule stop) {
  /** The solver name that lets sparkglm choose. */
  public static final String AUTO = "auto";

  /** Validates every field. */
  public GlmSpec {
    if (family == null) {
      throw new IllegalArgumentException("family is required");
    }
    if (link == null) {
      link = family.defaultLink();
    }
    GlmLoss.of(family, link);
    if (!(regParam >= 0) || Double.isInfinite(regParam)) {
      throw new IllegalArgumentException("regParam must be finite and >= 0, got " + regParam);
    }
    if (!(elasticNetParam >= 0 && elasticNetParam <= 1)) {
      throw new IllegalArgumentException("elasticNetParam must be in [0, 1], got " + elasticNetParam);
    }
    if (solver == null || solver.isBlank()) {
      solver = AUTO;
    }
    if (stop == null) {
      stop = StoppingRule.defaults();
    }
  }

  /** The pointwise loss of this family and link. */
  public GlmLoss loss() {
    return GlmLoss.of(family, link);
  }

  /** Whether the penalty has an L1 part. */
  public boolean hasL1() {
    return regParam > 0 && elasticNetParam > 0;
  }
}
