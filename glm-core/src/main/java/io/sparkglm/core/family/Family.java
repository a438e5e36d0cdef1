package io.sparkglm.core.family;

import io.sparkglm.core.data.LabelValidator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.special.Gamma;

/**
 * An exponential-dispersion family as data: its variance function {@code V(mu)}, unit deviance
 * {@code d(y, mu)}, label domain, default and supported links.
 *
 * <table>
 *   <caption>The families</caption>
 *   <tr><th>family</th><th>V(mu)</th><th>labels</th><th>default link</th><th>other links</th></tr>
 *   <tr><td>gaussian</td><td>1</td><td>finite</td><td>identity</td><td>log</td></tr>
 *   <tr><td>binomial</td><td>mu (1 - mu)</td><td>[0, 1]</td><td>logit</td><td>probit, cloglog</td></tr>
 *   <tr><td>poisson</td><td>mu</td><td>y &gt;= 0</td><td>log</td><td>identity, sqrt</td></tr>
 *   <tr><td>gamma</td><td>mu^2</td><td>y &gt; 0</td><td>inverse</td><td>log, identity</td></tr>
 *   <tr><td>tweedie(p), 1 &lt;= p &lt;= 2</td><td>mu^p</td><td>y &gt;= 0 (y &gt; 0 for p = 2)</td>
 *       <td>log</td><td></td></tr>
 *   <tr><td>negative-binomial(theta), theta &gt; 0 (NB2)</td><td>mu + mu^2 / theta</td><td>y &gt;= 0</td>
 *       <td>log</td><td>identity, sqrt</td></tr>
 * </table>
 *
 * <p>Everything outside this package that depends on the family asks it here (the starting mean, the label domain,
 * the AIC, whether it predicts a probability or takes a variance power) rather than branching on its name, so
 * adding a family touches this package only.
 *
 * <p>Instances are immutable and compared by value; tweedie with {@code p = 1} or {@code p = 2} stays a
 * tweedie family (its name is {@code "tweedie"}) but has the poisson or gamma variance and deviance.
 *
 * <p>The negative binomial's {@code theta} is MASS's (R's {@code negative.binomial(theta)}, {@code glm.nb}): the
 * variance is {@code mu + mu^2 / theta}, poisson as {@code theta -> infinity}; H2O's and statsmodels' dispersion
 * {@code alpha} is {@code 1 / theta}. A negative-binomial family either has a fixed {@code theta} or has it
 * {@linkplain #estimatesTheta() estimated} by the fit (maximum likelihood alternating with the coefficients, as
 * {@code glm.nb}); only a fixed one has a loss.
 */
public final class Family implements LabelValidator {
  private static final long serialVersionUID = 1L;

  /** The names {@link #parse} knows, in the order of the table above. */
  private static final List<String> NAMES = List.of("gaussian", "binomial", "poisson", "gamma", "tweedie",
      "negative-binomial");

  /** The kinds of family; package-private so that {@link Losses} can dispatch on it. */
  enum Kind {
    GAUSSIAN, BINOMIAL, POISSON, GAMMA, TWEEDIE, NEGATIVE_BINOMIAL
  }

  private static final Family GAUSSIAN = new Family(Kind.GAUSSIAN, 0.0);
  private static final Family BINOMIAL = new Family(Kind.BINOMIAL, Double.NaN);
  private static final Family POISSON = new Family(Kind.POISSON, 1.0);
  private static final Family GAMMA = new Family(Kind.GAMMA, 2.0);
  private static final Family NEGATIVE_BINOMIAL_ESTIMATED = new Family(Kind.NEGATIVE_BINOMIAL, Double.NaN,
      Double.NaN);

  /** Which family. */
  private final Kind kind;
  /** {@code p} of {@code V(mu) = mu^p}; NaN for binomial and the negative binomial. */
  private final double variancePower;
  /** The negative binomial's {@code theta}; NaN when it is to be estimated, and for the other families. */
  private final double theta;

  private Family(Kind kind, double variancePower) {
    this(kind, variancePower, Double.NaN);
  }

  private Family(Kind kind, double variancePower, double theta) {
    this.kind = kind;
    this.variancePower = variancePower;
    this.theta = theta;
  }

  /** Normal errors, {@code V(mu) = 1}. */
  public static Family gaussian() {
    return GAUSSIAN;
  }

  /** Bernoulli or binomial proportions, {@code V(mu) = mu (1 - mu)}. */
  public static Family binomial() {
    return BINOMIAL;
  }

  /** Counts, {@code V(mu) = mu}. */
  public static Family poisson() {
    return POISSON;
  }

  /** Positive continuous responses with constant coefficient of variation, {@code V(mu) = mu^2}. */
  public static Family gamma() {
    return GAMMA;
  }

  /**
   * The tweedie family with {@code V(mu) = mu^p}; for {@code 1 < p < 2} the compound Poisson-gamma
   * distribution, with mass at {@code y = 0}.
   *
   * @param variancePower {@code p}, in {@code [1, 2]}
   * @throws IllegalArgumentException when {@code p} is outside {@code [1, 2]} or NaN
   */
  public static Family tweedie(double variancePower) {
    if (!(variancePower >= 1.0 && variancePower <= 2.0)) {
      throw new IllegalArgumentException("variancePower must be in [1, 2], got " + variancePower);
    }
    return new Family(Kind.TWEEDIE, variancePower);
  }

  /**
   * The negative binomial (NB2) with a fixed {@code theta}: {@code V(mu) = mu + mu^2 / theta}, R's
   * {@code MASS::negative.binomial(theta)}.
   *
   * @param theta the shape, finite and {@code > 0}
   * @throws IllegalArgumentException when {@code theta} is not finite and positive
   */
  public static Family negativeBinomial(double theta) {
    if (!(theta > 0.0) || Double.isInfinite(theta)) {
      throw new IllegalArgumentException("theta must be finite and > 0, got " + theta);
    }
    return new Family(Kind.NEGATIVE_BINOMIAL, Double.NaN, theta);
  }

  /**
   * The negative binomial whose {@code theta} the fit estimates by maximum likelihood, alternating with the
   * coefficients as R's {@code MASS::glm.nb}; it has no loss until {@link #withTheta} fixes {@code theta}.
   */
  public static Family negativeBinomial() {
    return NEGATIVE_BINOMIAL_ESTIMATED;
  }

  /**
   * Parses a family name, case-insensitively.
   *
   * @param name one of gaussian, binomial, poisson, gamma, tweedie
   * @param variancePower the tweedie power {@code p}, required for tweedie; ignored by the other families;
   *     {@code NaN} when not given
   * @throws IllegalArgumentException naming the value and the known families, or when tweedie lacks a
   *     valid variance power
   */
  public static Family parse(String name, double variancePower) {
    return parse(name, variancePower, Double.NaN);
  }

  /**
   * Parses a family name, case-insensitively.
   *
   * @param name one of gaussian, binomial, poisson, gamma, tweedie, negative-binomial
   * @param variancePower the tweedie power {@code p}, required for tweedie; ignored by the other families;
   *     {@code NaN} when not given
   * @param theta the negative binomial's fixed {@code theta > 0}, or {@code NaN} to have the fit estimate it;
   *     ignored by the other families
   * @throws IllegalArgumentException naming the value and the known families, when tweedie lacks a valid
   *     variance power, or when {@code theta} is given but not finite and positive
   */
  public static Family parse(String name, double variancePower, double theta) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (key) {
      case "gaussian":
        return gaussian();
      case "binomial":
        return binomial();
      case "poisson":
        return poisson();
      case "gamma":
        return gamma();
      case "tweedie":
        if (Double.isNaN(variancePower)) {
          throw new IllegalArgumentException("family tweedie needs a variancePower in [1, 2], got none");
        }
        return tweedie(variancePower);
      case "negative-binomial":
        return Double.isNaN(theta) ? negativeBinomial() : negativeBinomial(theta);
      default:
        throw new IllegalArgumentException("unknown family '" + name
            + "'; known families: " + String.join(", ", NAMES));
    }
  }

  /** The family names {@link #parse} accepts: gaussian, binomial, poisson, gamma, tweedie, negative-binomial. */
  public static List<String> names() {
    return NAMES;
  }

  /** The name used in options and summaries: gaussian, binomial, poisson, gamma, tweedie or negative-binomial. */
  public String name() {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The negative binomial's {@code theta}; NaN when it is to be estimated, and for the other families. */
  public double theta() {
    return theta;
  }

  /** Whether the family has a {@code theta} that is given or estimated, and saved with it (negative-binomial). */
  public boolean takesTheta() {
    return kind == Kind.NEGATIVE_BINOMIAL;
  }

  /** Whether this is a negative binomial whose {@code theta} the fit is to estimate. */
  public boolean estimatesTheta() {
    return kind == Kind.NEGATIVE_BINOMIAL && Double.isNaN(theta);
  }

  /**
   * The negative binomial with {@code theta} fixed at the given value.
   *
   * @throws IllegalArgumentException for another family, or a {@code theta} that is not finite and positive
   */
  public Family withTheta(double value) {
    if (kind != Kind.NEGATIVE_BINOMIAL) {
      throw new IllegalArgumentException("family " + name() + " has no theta");
    }
    return negativeBinomial(value);
  }

  /**
   * Refuses a link this family does not support.
   *
   * @throws IllegalArgumentException e.g.
   *     {@code "link 'log' is not supported for family binomial; supported: logit, probit, cloglog"}
   */
  public void checkLink(Link link) {
    if (link == null || !supportedLinks().contains(link)) {
      throw new IllegalArgumentException("link '" + (link == null ? null : link.linkName())
          + "' is not supported for family " + name() + "; supported: "
          + String.join(", ", supportedLinks().stream().map(Link::linkName).toList()));
    }
  }

  /** The power {@code p} of {@code V(mu) = mu^p}: 0 gaussian, 1 poisson, 2 gamma, p tweedie, NaN binomial. */
  public double variancePower() {
    return variancePower;
  }

  /** The kind as named, tweedie staying tweedie at every power. */
  Kind kind() {
    return kind;
  }

  /** Whether the family has a variance power parameter that must be given and saved with it (tweedie). */
  public boolean takesVariancePower() {
    return kind == Kind.TWEEDIE;
  }

  /**
   * Whether the mean is a probability (binomial): models then also output {@code rawPrediction} and
   * {@code probability}, and evaluation reports log-loss and AUC.
   */
  public boolean predictsProbability() {
    return kind == Kind.BINOMIAL;
  }

  /** Whether {@code V(mu) = 1} (gaussian): evaluation then reports RMSE and MAE. */
  public boolean hasUnitVariance() {
    return kind == Kind.GAUSSIAN;
  }

  /**
   * The mean a fit starts from, given the weighted label mean: {@code ybar} moved inside the open mean domain by
   * 1e-10 where the domain has an edge ({@code [1e-10, 1 - 1e-10]} binomial, {@code >= 1e-10} poisson, gamma,
   * tweedie), so the link of it is finite; {@code ybar} itself for gaussian.
   */
  public double startingMean(double ybar) {
    switch (kind) {
      case GAUSSIAN:
        return ybar;
      case BINOMIAL:
        return Math.min(1 - 1e-10, Math.max(1e-10, ybar));
      default:
        return Math.max(1e-10, ybar);
    }
  }

  /**
   * How many per-row sums {@link #aic} needs: 0 gaussian (it uses the deviance) and tweedie (no AIC), 1 binomial
   * and poisson (the log-likelihood at {@code phi = 1}), 3 gamma.
   */
  public int aicTermCount() {
    switch (kind) {
      case BINOMIAL:
      case POISSON:
      case NEGATIVE_BINOMIAL:
        return 1;
      case GAMMA:
        return 3;
      default:
        return 0;
    }
  }

  /**
   * Adds row {@code (y, mu)} with weight {@code w} to the {@link #aicTermCount()} sums: binomial
   * {@code w (y log mu + (1-y) log(1-mu))}; poisson {@code w (y log mu - mu - lgamma(y+1))}; gamma
   * {@code w log mu}, {@code w log y} and {@code w y / mu}; negative binomial the log-likelihood
   * {@code w log f(y; mu, theta)} ({@link NegativeBinomialTheta#logLikelihood}).
   */
  public void addAicTerms(double y, double mu, double w, double[] sums) {
    switch (kind) {
      case BINOMIAL:
        sums[0] += w * ((y > 0 ? y * Math.log(mu) : 0.0) + (y < 1 ? (1 - y) * Math.log1p(-mu) : 0.0));
        break;
      case POISSON:
        sums[0] += w * ((y > 0 ? y * Math.log(mu) : 0.0) - mu - Gamma.logGamma(y + 1));
        break;
      case GAMMA:
        sums[0] += w * Math.log(mu);
        sums[1] += w * Math.log(y);
        sums[2] += w * y / mu;
        break;
      case NEGATIVE_BINOMIAL:
        sums[0] += w * NegativeBinomialTheta.logLikelihood(y, mu, theta);
        break;
      default:
        break;
    }
  }

  /**
   * R's {@code AIC} of a fit with {@code rank} free parameters, {@code -2 loglik + 2 (rank + number of estimated
   * dispersion parameters)}: gaussian {@code n (log(2 pi dev / n) + 1) + 2 - sum log w + 2 rank}; binomial and
   * poisson {@code -2 sums[0] + 2 rank}, and so the negative binomial at its given {@code theta} (R's
   * {@code negative.binomial(theta)$aic}; {@code glm.nb} adds 2 for an estimated {@code theta}); gamma with {@code phi = dev / sum w} as R's {@code Gamma()$aic}; NaN for
   * tweedie (no closed-form likelihood).
   *
   * @param sums the {@link #addAicTerms} sums over all rows
   */
  public double aic(double[] sums, double deviance, long rows, double weightSum, double sumLogWeight, int rank) {
    switch (kind) {
      case GAUSSIAN:
        return rows * (Math.log(2 * Math.PI * deviance / rows) + 1) + 2 - sumLogWeight + 2 * rank;
      case BINOMIAL:
      case POISSON:
      case NEGATIVE_BINOMIAL:
        return -2 * sums[0] + 2 * rank;
      case GAMMA: {
        double phi = deviance / weightSum;
        double k = 1 / phi;
        double ll = -weightSum * Gamma.logGamma(k) - k * weightSum * Math.log(phi) - k * sums[0]
            + (k - 1) * sums[1] - sums[2] / phi;
        return -2 * ll + 2 + 2 * rank;
      }
      default:
        return Double.NaN;
    }
  }

  /** The kind, with tweedie at {@code p = 1} or {@code p = 2} reported as poisson or gamma. */
  Kind effectiveKind() {
    if (kind == Kind.TWEEDIE) {
      if (variancePower == 1.0) {
        return Kind.POISSON;
      }
      if (variancePower == 2.0) {
        return Kind.GAMMA;
      }
    }
    return kind;
  }

  /** The default link: identity, logit, log, inverse (as in R) and log for tweedie. */
  public Link defaultLink() {
    switch (kind) {
      case GAUSSIAN:
        return Link.IDENTITY;
      case BINOMIAL:
        return Link.LOGIT;
      case GAMMA:
        return Link.INVERSE;
      default:
        return Link.LOG;
    }
  }

  /** The links this family supports, the default first. */
  public List<Link> supportedLinks() {
    switch (kind) {
      case GAUSSIAN:
        return List.of(Link.IDENTITY, Link.LOG);
      case BINOMIAL:
        return List.of(Link.LOGIT, Link.PROBIT, Link.CLOGLOG);
      case POISSON:
        return List.of(Link.LOG, Link.IDENTITY, Link.SQRT);
      case GAMMA:
        return List.of(Link.INVERSE, Link.LOG, Link.IDENTITY);
      case NEGATIVE_BINOMIAL:
        return List.of(Link.LOG, Link.IDENTITY, Link.SQRT);
      default:
        return List.of(Link.LOG);
    }
  }

  /** The variance function {@code V(mu)}. */
  public double variance(double mu) {
    switch (kind) {
      case GAUSSIAN:
        return 1.0;
      case BINOMIAL:
        return mu * (1.0 - mu);
      case POISSON:
        return mu;
      case GAMMA:
        return mu * mu;
      case NEGATIVE_BINOMIAL:
        return mu + mu * mu / theta;
      default:
        return Math.pow(mu, variancePower);
    }
  }

  /** {@code V'(mu)}: 0, {@code 1 - 2 mu}, 1, {@code 2 mu}, {@code p mu^(p-1)}, {@code 1 + 2 mu / theta}. */
  public double varianceDerivative(double mu) {
    switch (kind) {
      case GAUSSIAN:
        return 0.0;
      case BINOMIAL:
        return 1.0 - 2.0 * mu;
      case POISSON:
        return 1.0;
      case GAMMA:
        return 2.0 * mu;
      case NEGATIVE_BINOMIAL:
        return 1.0 + 2.0 * mu / theta;
      default:
        return variancePower * Math.pow(mu, variancePower - 1.0);
    }
  }

  /**
   * The unit deviance {@code d(y, mu)} with weight 1, as R's {@code family()$dev.resids}:
   * gaussian {@code (y - mu)^2}; binomial {@code 2[y log(y/mu) + (1-y) log((1-y)/(1-mu))]} with
   * {@code 0 log 0 = 0}; poisson {@code 2[y log(y/mu) - (y - mu)]}; gamma {@code 2[-log(y/mu) + (y-mu)/mu]};
   * tweedie ({@code 1 < p < 2})
   * {@code 2[y^(2-p)/((1-p)(2-p)) - y mu^(1-p)/(1-p) + mu^(2-p)/(2-p)]}, and poisson or gamma at
   * {@code p = 1, 2}; negative binomial {@code 2[y log(y/mu) - (y+theta) log((y+theta)/(mu+theta))]} (R's
   * {@code negative.binomial(theta)$dev.resids}, which writes {@code y log(max(1, y)/mu)}: the same for counts).
   * It is twice the loss {@code l(y, eta)} of {@link GlmLoss} minus its minimum over
   * {@code eta}, {@code 2[l(y, g(mu)) - l(y, g(y))]}.
   */
  public double unitDeviance(double y, double mu) {
    switch (effectiveKind()) {
      case GAUSSIAN: {
        double r = y - mu;
        return r * r;
      }
      case BINOMIAL:
        return 2.0 * (yLogYOverMu(y, mu) + yLogYOverMu(1.0 - y, 1.0 - mu));
      case POISSON:
        return 2.0 * (yLogYOverMu(y, mu) - (y - mu));
      case GAMMA:
        return 2.0 * (-Math.log(y / mu) + (y - mu) / mu);
      case NEGATIVE_BINOMIAL:
        return 2.0 * (yLogYOverMu(y, mu) - (y + theta) * Math.log1p((y - mu) / (mu + theta)));
      default: {
        double p = variancePower;
        double yTerms = y == 0.0 ? 0.0
            : Math.pow(y, 2.0 - p) / ((1.0 - p) * (2.0 - p)) - y * Math.pow(mu, 1.0 - p) / (1.0 - p);
        return 2.0 * (yTerms + Math.pow(mu, 2.0 - p) / (2.0 - p));
      }
    }
  }

  /** {@code y log(y / mu)}, 0 at {@code y = 0}. */
  private static double yLogYOverMu(double y, double mu) {
    return y == 0.0 ? 0.0 : y * Math.log(y / mu);
  }

  /** Whether {@code y} is a valid label; see {@link #labelDomain()}. NaN and infinities never are. */
  @Override
  public boolean isValidLabel(double y) {
    if (!Double.isFinite(y)) {
      return false;
    }
    switch (effectiveKind()) {
      case GAUSSIAN:
        return true;
      case BINOMIAL:
        return y >= 0.0 && y <= 1.0;
      case GAMMA:
        return y > 0.0;
      default:
        return y >= 0.0;
    }
  }

  /** The label domain in words, for error messages. */
  @Override
  public String labelDomain() {
    switch (effectiveKind()) {
      case GAUSSIAN:
        return "any finite number";
      case BINOMIAL:
        return "{0, 1}, or a proportion in [0, 1] (a proportion with weight = number of trials)";
      case POISSON:
        return kind == Kind.POISSON ? "a non-negative count" : "a non-negative number";
      case NEGATIVE_BINOMIAL:
        return "a non-negative count";
      case GAMMA:
        return "a positive number";
      default:
        return "a non-negative number";
    }
  }

  /** R's {@code glm.fit} threshold for a fitted mean at the edge of the family's domain: 10 machine epsilons. */
  public static final double BOUNDARY_EPS = 10 * Math.ulp(1.0);

  /**
   * Whether the fitted mean {@code mu} is numerically at the edge of the mean's domain, where R's {@code glm.fit}
   * warns: a binomial probability within {@link #BOUNDARY_EPS} of 0 or 1 ("fitted probabilities numerically 0 or
   * 1 occurred"), a Poisson rate below it ("fitted rates numerically 0 occurred"). Such rows, in an unpenalized
   * fit, are the mark of separation: the likelihood keeps increasing as coefficients grow without bound. Never
   * true for the other families.
   */
  public boolean meanAtBoundary(double mu) {
    switch (kind) {
      case BINOMIAL:
        return mu < BOUNDARY_EPS || mu > 1 - BOUNDARY_EPS;
      case POISSON:
      case NEGATIVE_BINOMIAL:
        return mu < BOUNDARY_EPS;
      default:
        return false;
    }
  }

  /** R's wording for {@link #meanAtBoundary} rows, or null where the family has none. */
  public String boundaryDescription() {
    switch (kind) {
      case BINOMIAL:
        return "fitted probabilities numerically 0 or 1";
      case POISSON:
      case NEGATIVE_BINOMIAL:
        return "fitted rates numerically 0";
      default:
        return null;
    }
  }

  /** Whether the dispersion {@code phi} is estimated (gaussian, gamma, tweedie) or fixed at 1. */
  public boolean estimatesDispersion() {
    return kind != Kind.BINOMIAL && kind != Kind.POISSON && kind != Kind.NEGATIVE_BINOMIAL;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Family)) {
      return false;
    }
    Family other = (Family) o;
    return kind == other.kind && Double.compare(variancePower, other.variancePower) == 0
        && Double.compare(theta, other.theta) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * kind.ordinal() + Double.hashCode(variancePower)) + Double.hashCode(theta);
  }

  /**
   * {@code "gaussian"}, ..., {@code "tweedie(p=1.5)"}, {@code "negative-binomial(theta=2.0)"} or
   * {@code "negative-binomial(theta estimated)"}.
   */
  @Override
  public String toString() {
    if (kind == Kind.TWEEDIE) {
      return "tweedie(p=" + variancePower + ")";
    }
    if (kind == Kind.NEGATIVE_BINOMIAL) {
      return Double.isNaN(theta) ? "negative-binomial(theta estimated)" : "negative-binomial(theta=" + theta + ")";
    }
    return name();
  }
}
