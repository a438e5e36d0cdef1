package io.sparkglm.spark.stats;

import java.util.List;

/**
 * R {@code summary.glm}-style statistics of a fit.
 *
 * @param deviance {@code sum_i w_i d(y_i, mu_i)}
 * @param nullDeviance the deviance of the intercept-only model (with the offset when there is one)
 * @param dfResidual observations minus the model's degrees of freedom (rank for unpenalized fits, non-zero
 *     coefficients plus intercept for penalized ones)
 * @param dispersion Pearson chi^2 / dfResidual where the family estimates it (gaussian, gamma, tweedie), else 1
 * @param aic R's AIC ({@code NaN} for tweedie, which has no likelihood in closed form)
 * @param statisticName {@code "t value"} where the dispersion is estimated, else {@code "z value"}
 * @param coefficients one row per coefficient, intercept first as {@code "(Intercept)"}; standard errors,
 *     statistics and p-values are {@code NaN} for penalized fits (no valid classical inference); an aliased
 *     coefficient's row is all {@code NaN} (R's {@code NA})
 * @param boundaryRows rows whose fitted mean is numerically at the edge of its domain
 *     ({@link io.sparkglm.core.family.Family#meanAtBoundary})
 */
public record GlmStatistics(double deviance, double nullDeviance, double dfResidual, double dispersion, double aic,
    String statisticName, List<Coefficient> coefficients, long boundaryRows) {

  /** Copies the table. */
  public GlmStatistics {
    coefficients = List.copyOf(coefficients);
  }

  /**
   * One row of the coefficient table.
   *
   * @param name feature name or "(Intercept)"
   * @param estimate the coefficient
   * @param stdError its standard error
   * @param statistic estimate / stdError
   * @param pValue two-sided p-value (t with dfResidual degrees of freedom, or normal)
   */
  public record Coefficient(String name, double estimate, double stdError, double statistic, double pValue) {
  }
}
