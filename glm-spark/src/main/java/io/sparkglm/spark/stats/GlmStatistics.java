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
 * @param theta the negative binomial's theta with its standard error and log-likelihood (what
 *     {@code summary(glm.nb(...))} prints below the table), or {@code null} for the other families
 */
public record GlmStatistics(double deviance, double nullDeviance, double dfResidual, double dispersion, double aic,
    String statisticName, List<Coefficient> coefficients, long boundaryRows, Theta theta) {

  /** Copies the table. */
  public GlmStatistics {
    coefficients = List.copyOf(coefficients);
  }

  /** Statistics without a theta (every family but the negative binomial). */
  public GlmStatistics(double deviance, double nullDeviance, double dfResidual, double dispersion, double aic,
      String statisticName, List<Coefficient> coefficients, long boundaryRows) {
    this(deviance, nullDeviance, dfResidual, dispersion, aic, statisticName, coefficients, boundaryRows, null);
  }

  /** These statistics with another AIC and theta (the alternation's estimate of theta). */
  public GlmStatistics withTheta(double newAic, Theta newTheta) {
    return new GlmStatistics(deviance, nullDeviance, dfResidual, dispersion, newAic, statisticName, coefficients,
        boundaryRows, newTheta);
  }

  /**
   * The negative binomial's theta, as {@code MASS::glm.nb} reports it.
   *
   * @param theta the value (given, or the estimate)
   * @param stdError glm.nb's {@code SE.theta}, {@code 1 / sqrt(-d2 loglik / dtheta2)} at the estimate (the
   *     observed information with the means fixed); NaN when theta was given
   * @param twoLogLikelihood {@code 2 sum_i w_i log f(y_i; mu_i, theta)} (glm.nb's {@code twologlik})
   * @param estimated whether the fit estimated theta
   * @param alternations the fits of the alternation (0 when theta was given)
   */
  public record Theta(double theta, double stdError, double twoLogLikelihood, boolean estimated,
      int alternations) {
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
