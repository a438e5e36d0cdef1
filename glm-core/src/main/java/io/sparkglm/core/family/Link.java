package io.sparkglm.core.family;

/**
 * A link function {@code eta = g(mu)} and what the kernels need of it: the inverse {@code mu = g^-1(eta)},
 * and its first and second derivatives {@code dmu/deta}, {@code d2mu/deta2}.
 *
 * <p>All methods are pointwise, allocation-free and numerically stable for {@code |eta| <= 700}:
 * the logistic function is evaluated through {@code e^{-|eta|}}, the complementary log-log mean as
 * {@code -expm1(-e^eta)}, and the probit through Cody's rational approximations of the normal
 * distribution function ({@link StandardNormal}, relative error about {@code 1e-15}).
 *
 * <table>
 *   <caption>The links</caption>
 *   <tr><th>link</th><th>g(mu)</th><th>mu = g^-1(eta)</th><th>dmu/deta</th><th>d2mu/deta2</th></tr>
 *   <tr><td>identity</td><td>mu</td><td>eta</td><td>1</td><td>0</td></tr>
 *   <tr><td>log</td><td>log mu</td><td>e^eta</td><td>e^eta</td><td>e^eta</td></tr>
 *   <tr><td>logit</td><td>log(mu/(1-mu))</td><td>s = 1/(1+e^-eta)</td><td>s(1-s)</td>
 *       <td>s(1-s)(1-2s)</td></tr>
 *   <tr><td>probit</td><td>Phi^-1(mu)</td><td>Phi(eta)</td><td>phi(eta)</td><td>-eta phi(eta)</td></tr>
 *   <tr><td>cloglog</td><td>log(-log(1-mu))</td><td>1 - exp(-e^eta)</td><td>exp(eta - e^eta)</td>
 *       <td>exp(eta - e^eta)(1 - e^eta)</td></tr>
 *   <tr><td>inverse</td><td>1/mu</td><td>1/eta</td><td>-1/eta^2</td><td>2/eta^3</td></tr>
 *   <tr><td>sqrt</td><td>sqrt(mu)</td><td>eta^2</td><td>2 eta</td><td>2</td></tr>
 * </table>
 * The sqrt link is used only with {@code eta > 0} and the inverse link only with {@code eta > 0} by the
 * families that support them (their mean must be positive); the losses return {@code +Infinity} elsewhere.
 */
public enum Link {
  /** {@code eta = mu}. */
  IDENTITY("identity"),
  /** {@code eta = log(mu)}. */
  LOG("log"),
  /** {@code eta = log(mu / (1 - mu))}. */
  LOGIT("logit"),
  /** {@code eta = Phi^-1(mu)}, the standard normal quantile. */
  PROBIT("probit"),
  /** {@code eta = log(-log(1 - mu))}. */
  CLOGLOG("cloglog"),
  /** {@code eta = 1 / mu}. */
  INVERSE("inverse"),
  /** {@code eta = sqrt(mu)}. */
  SQRT("sqrt");

  private final String linkName;

  Link(String linkName) {
    this.linkName = linkName;
  }

  /** The name used in options and summaries, e.g. {@code "logit"}. */
  public String linkName() {
    return linkName;
  }

  /** {@code eta = g(mu)}; {@code NaN} or an infinity where {@code mu} is outside the link's domain. */
  public double linkFn(double mu) {
    switch (this) {
      case IDENTITY:
        return mu;
      case LOG:
        return Math.log(mu);
      case LOGIT:
        return Math.log(mu) - Math.log1p(-mu);
      case PROBIT:
        return StandardNormal.quantile(mu);
      case CLOGLOG:
        return Math.log(-Math.log1p(-mu));
      case INVERSE:
        return 1.0 / mu;
      case SQRT:
        return Math.sqrt(mu);
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code mu = g^-1(eta)}. */
  public double inverse(double eta) {
    switch (this) {
      case IDENTITY:
        return eta;
      case LOG:
        return Math.exp(eta);
      case LOGIT:
        return sigmoid(eta);
      case PROBIT:
        return StandardNormal.cdf(eta);
      case CLOGLOG:
        return -Math.expm1(-Math.exp(eta));
      case INVERSE:
        return 1.0 / eta;
      case SQRT:
        return eta * eta;
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code dmu/deta} at {@code eta}. */
  public double dmuDeta(double eta) {
    switch (this) {
      case IDENTITY:
        return 1.0;
      case LOG:
        return Math.exp(eta);
      case LOGIT:
        return sigmoidSlope(eta);
      case PROBIT:
        return StandardNormal.density(eta);
      case CLOGLOG:
        return Math.exp(eta - Math.exp(eta));
      case INVERSE:
        return -1.0 / (eta * eta);
      case SQRT:
        return 2.0 * eta;
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code d2mu/deta2} at {@code eta}. */
  public double d2muDeta2(double eta) {
    switch (this) {
      case IDENTITY:
        return 0.0;
      case LOG:
        return Math.exp(eta);
      case LOGIT:
        return -sigmoidSlope(eta) * Math.tanh(0.5 * eta); // 1 - 2s = -tanh(eta/2)
      case PROBIT:
        return -eta * StandardNormal.density(eta);
      case CLOGLOG: {
        double t = Math.exp(eta);
        return Math.exp(eta - t) * (1.0 - t);
      }
      case INVERSE:
        return 2.0 / (eta * eta * eta);
      case SQRT:
        return 2.0;
      default:
        throw new AssertionError(this);
    }
  }

  /** The logistic function {@code 1 / (1 + e^-eta)}, through {@code e^{-|eta|}} so it never overflows. */
  static double sigmoid(double eta) {
    double e = Math.exp(-Math.abs(eta));
    return eta >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  }

  /** {@code s(1 - s) = e^{-|eta|} / (1 + e^{-|eta|})^2} for the logistic {@code s}. */
  static double sigmoidSlope(double eta) {
    double e = Math.exp(-Math.abs(eta));
    double onePlus = 1.0 + e;
    return e / (onePlus * onePlus);
  }

  /** {@code log(1 + e^x)}, as {@code x + log1p(e^-x)} for {@code x > 0} and {@code log1p(e^x)} otherwise. */
  static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  /**
   * Parses a link name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the known links
   */
  public static Link parse(String name) {
    for (Link l : values()) {
      if (l.linkName.equalsIgnoreCase(name.trim())) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown link '" + name + "'; known links: "
        + "identity, log, logit, probit, cloglog, inverse, sqrt");
  }
}
