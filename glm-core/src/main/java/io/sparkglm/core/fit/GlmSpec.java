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
 * @param lowerBounds glmnet's {@code lower.limits}: {@code l_j} per feature on the original-scale coefficient
 *     ({@code -inf} allowed), or {@code null} for none
 * @param upperBounds glmnet's {@code upper.limits}: {@code u_j >= l_j} per feature ({@code +inf} allowed), or
 *     {@code null} for none; the intercept is never bounded
 */
public record GlmSpec(Family family, Link link, double regParam, double elasticNetParam, boolean standardize,
    boolean fitIntercept, String solver, StoppingRule stop, double[] penaltyFactors, double[] lowerBounds,
    double[] upperBounds) {
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
    lowerBounds = lowerBounds == null ? null : lowerBounds.clone();
    upperBounds = upperBounds == null ? null : upperBounds.clone();
    checkBounds(lowerBounds, upperBounds);
  }

  /**
   * Checks coefficient bounds: equal lengths when both are given, no NaN, {@code l_j <= u_j}, {@code l_j < inf},
   * {@code u_j > -inf}.
   *
   * @param lower lower bounds or {@code null}
   * @param upper upper bounds or {@code null}
   */
  public static void checkBounds(double[] lower, double[] upper) {
    if (lower != null && upper != null && lower.length != upper.length) {
      throw new IllegalArgumentException("the lower bounds have " + lower.length + " values, the upper bounds "
          + upper.length + " (one per feature each)");
    }
    int bounded = lower != null ? lower.length : upper != null ? upper.length : 0;
    for (int j = 0; j < bounded; j++) {
      io.sparkglm.core.penalty.Penalty.checkBounds(j, lower == null ? Double.NEGATIVE_INFINITY : lower[j],
          upper == null ? Double.POSITIVE_INFINITY : upper[j]);
    }
  }

  /** A spec without coefficient bounds. */
  public GlmSpec(Family family, Link link, double regParam, double elasticNetParam, boolean standardize,
      boolean fitIntercept, String solver, StoppingRule stop, double[] penaltyFactors) {
    this(family, link, regParam, elasticNetParam, standardize, fitIntercept, solver, stop, penaltyFactors, null,
        null);
  }

  /** A spec with every penalty factor 1. */
  public GlmSpec(Family family, Link link, double regParam, double elasticNetParam, boolean standardize,
      boolean fitIntercept, String solver, StoppingRule stop) {
    this(family, link, regParam, elasticNetParam, standardize, fitIntercept, solver, stop, null, null, null);
  }

  /** The penalty factors (a copy), or {@code null} for all ones. */
  @Override
  public double[] penaltyFactors() {
    return penaltyFactors == null ? null : penaltyFactors.clone();
  }

  /** The lower bounds (a copy), or {@code null} for none. */
  @Override
  public double[] lowerBounds() {
    return lowerBounds == null ? null : lowerBounds.clone();
  }

  /** The upper bounds (a copy), or {@code null} for none. */
  @Override
  public double[] upperBounds() {
    return upperBounds == null ? null : upperBounds.clone();
  }

  /**
   * Checks that the per-feature vectors (penalty factors, bounds) have one value per feature.
   *
   * @param names how the caller calls them, e.g. {@code "option --penalty-factors"}: factors, lower, upper
   * @throws IllegalArgumentException naming the first vector of the wrong length
   */
  public void checkFeatureCount(int numFeatures, String... names) {
    double[][] given = {penaltyFactors, lowerBounds, upperBounds};
    for (int k = 0; k < given.length; k++) {
      if (given[k] != null && given[k].length != numFeatures) {
        throw new IllegalArgumentException(names[k] + " has " + given[k].length + " values; the data has "
            + numFeatures + " features (one value per feature, in their order)");
      }
    }
  }

  /** Whether some coefficient has a finite bound. */
  public boolean hasBounds() {
    for (double[] side : new double[][] {lowerBounds, upperBounds}) {
      if (side != null && java.util.Arrays.stream(side).anyMatch(Double::isFinite)) {
        return true;
      }
    }
    return false;
  }

  /** This spec with {@code factors} as its penalty factors ({@code null}: all ones). */
  public GlmSpec withPenaltyFactors(double[] factors) {
    return new GlmSpec(family, link, regParam, elasticNetParam, standardize, fitIntercept, solver, stop, factors,
        lowerBounds, upperBounds);
  }

  /** This spec with these coefficient bounds ({@code null}: unbounded on that side). */
  public GlmSpec withBounds(double[] lower, double[] upper) {
    return new GlmSpec(family, link, regParam, elasticNetParam, standardize, fitIntercept, solver, stop,
        penaltyFactors, lower, upper);
  }

  /** This spec with another family (e.g. the negative binomial at a fixed theta), the rest unchanged. */
  public GlmSpec withFamily(Family other) {
    return new GlmSpec(other, link, regParam, elasticNetParam, standardize, fitIntercept, solver, stop,
        penaltyFactors, lowerBounds, upperBounds);
  }

  /** This spec with another lambda and alpha (the same factors and bounds). */
  public GlmSpec withPenalty(double lambda, double alpha) {
    return new GlmSpec(family, link, lambda, alpha, standardize, fitIntercept, solver, stop, penaltyFactors,
        lowerBounds, upperBounds);
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
