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
 * @param penaltyFactors glmnet's {@code penalty.factor}: {@code f_j >= 0} per feature, used as given (the
 *     penalty is {@code lambda * sum_j f_j (alpha |b_j| + (1-alpha)/2 b_j^2)}; 0 leaves feature j unpenalized), or
 *     {@code null} for all ones
 */
public record GlmSpec(Family family, Link link, double regParam, double elasticNetParam, boolean standardize,
    boolean fitIntercept, String solver, StoppingRule stop, double[] penaltyFactors) {
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
    family.checkLink(link);
    if (!family.estimatesTheta()) {
      GlmLoss.of(family, link);
    }
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
    if (penaltyFactors != null) {
      penaltyFactors = penaltyFactors.clone();
      for (int j = 0; j < penaltyFactors.length; j++) {
        if (!(penaltyFactors[j] >= 0) || Double.isInfinite(penaltyFactors[j])) {
          throw new IllegalArgumentException("penalty factor " + (j + 1) + " must be finite and >= 0, got "
              + penaltyFactors[j]);
        }
      }
    }
  }

  /** A spec with every penalty factor 1. */
  public GlmSpec(Family family, Link link, double regParam, double elasticNetParam, boolean standardize,
      boolean fitIntercept, String solver, StoppingRule stop) {
    this(family, link, regParam, elasticNetParam, standardize, fitIntercept, solver, stop, null);
  }

  /** The penalty factors (a copy), or {@code null} for all ones. */
  @Override
  public double[] penaltyFactors() {
    return penaltyFactors == null ? null : penaltyFactors.clone();
  }

  /** This spec with {@code factors} as its penalty factors ({@code null}: all ones). */
  public GlmSpec withPenaltyFactors(double[] factors) {
    return new GlmSpec(family, link, regParam, elasticNetParam, standardize, fitIntercept, solver, stop, factors);
  }

  /** This spec with another family (e.g. the negative binomial at a fixed theta), the rest unchanged. */
  public GlmSpec withFamily(Family other) {
    return new GlmSpec(other, link, regParam, elasticNetParam, standardize, fitIntercept, solver, stop,
        penaltyFactors);
  }

  /** This spec with another lambda and alpha (the same factors). */
  public GlmSpec withPenalty(double lambda, double alpha) {
    return new GlmSpec(family, link, lambda, alpha, standardize, fitIntercept, solver, stop, penaltyFactors);
  }

  /**
   * The pointwise loss of this family and link.
   *
   * @throws IllegalArgumentException for a negative binomial whose theta is to be estimated (no loss until it is
   *     fixed: {@link #withFamily})
   */
  public GlmLoss loss() {
    return GlmLoss.of(family, link);
  }

  /** Whether the penalty has an L1 part. */
  public boolean hasL1() {
    return regParam > 0 && elasticNetParam > 0;
  }
}
