package io.sparkglm.core.family;

/**
 * The binomial log-likelihood terms of a link onto {@code (0, 1)}, in log space so they stay finite and
 * accurate where {@code mu} underflows or rounds to 1: {@code log mu}, {@code log(1 - mu)}, their first
 * derivatives {@code a = d log mu / deta = mu'/mu}, {@code b = d log(1-mu) / deta = -mu'/(1-mu)} and
 * second derivatives {@code a'}, {@code b'}. The binomial loss is then {@code -y log mu - (1-y) log(1-mu)},
 * with {@code dl/deta = -y a - (1-y) b}, observed curvature {@code -y a' - (1-y) b'} and expected
 * information {@code mu'^2 / (mu (1-mu)) = -a b}.
 *
 * <table>
 *   <caption>The terms by link ({@code s} logistic, {@code r(x) = phi(x)/Phi(x)}, {@code t = e^eta})</caption>
 *   <tr><th>link</th><th>log mu</th><th>log(1-mu)</th><th>a</th><th>b</th><th>a'</th><th>b'</th></tr>
 *   <tr><td>logit</td><td>-softplus(-eta)</td><td>-softplus(eta)</td><td>1-s</td><td>-s</td>
 *       <td>-s(1-s)</td><td>-s(1-s)</td></tr>
 *   <tr><td>probit</td><td>log Phi(eta)</td><td>log Phi(-eta)</td><td>r(eta)</td><td>-r(-eta)</td>
 *       <td>-r(eta)(eta + r(eta))</td><td>-r(-eta)(r(-eta) - eta)</td></tr>
 *   <tr><td>cloglog</td><td>log(-expm1(-t))</td><td>-t</td><td>t/expm1(t)</td><td>-t</td>
 *       <td>a (1 - t/(-expm1(-t)))</td><td>-t</td></tr>
 * </table>
 * Other links fall back to the same quantities computed from {@code mu}, {@code mu'} and {@code mu''}.
 */
final class LogProbabilities {
  private LogProbabilities() {
  }

  /** {@code log mu(eta)}. */
  static double logMu(Link link, double eta) {
    switch (link) {
      case LOGIT:
        return -Link.softplus(-eta);
      case PROBIT:
        return StandardNormal.logCdf(eta);
      case CLOGLOG:
        return Math.log(-Math.expm1(-Math.exp(eta)));
      default:
        return Math.log(link.inverse(eta));
    }
  }

  /** {@code log(1 - mu(eta))}. */
  static double logOneMinusMu(Link link, double eta) {
    switch (link) {
      case LOGIT:
        return -Link.softplus(eta);
      case PROBIT:
        return StandardNormal.logCdf(-eta);
      case CLOGLOG:
        return -Math.exp(eta);
      default:
        return Math.log1p(-link.inverse(eta));
    }
  }

  /** {@code a = d log mu / deta = mu' / mu}. */
  static double dLogMu(Link link, double eta) {
    switch (link) {
      case LOGIT:
        return Link.sigmoid(-eta);
      case PROBIT:
        return StandardNormal.densityOverCdf(eta);
      case CLOGLOG: {
        double t = Math.exp(eta);
        return t / Math.expm1(t);
      }
      default:
        return link.dmuDeta(eta) / link.inverse(eta);
    }
  }

  /** {@code b = d log(1 - mu) / deta = -mu' / (1 - mu)}. */
  static double dLogOneMinusMu(Link link, double eta) {
    switch (link) {
      case LOGIT:
        return -Link.sigmoid(eta);
      case PROBIT:
        return -StandardNormal.densityOverCdf(-eta);
      case CLOGLOG:
        return -Math.exp(eta);
      default:
        return -link.dmuDeta(eta) / (1.0 - link.inverse(eta));
    }
  }

  /** {@code a' = d2 log mu / deta2}. */
  static double d2LogMu(Link link, double eta) {
    switch (link) {
      case LOGIT:
        return -Link.sigmoidSlope(eta);
      case PROBIT: {
        double r = StandardNormal.densityOverCdf(eta);
        return -r * (eta + r);
      }
      case CLOGLOG: {
        double t = Math.exp(eta);
        double a = t / Math.expm1(t);
        return a == 0.0 ? 0.0 : a * (1.0 - t / -Math.expm1(-t));
      }
      default: {
        double mu = link.inverse(eta);
        double a = link.dmuDeta(eta) / mu;
        return link.d2muDeta2(eta) / mu - a * a;
      }
    }
  }

  /** {@code b' = d2 log(1 - mu) / deta2}. */
  static double d2LogOneMinusMu(Link link, double eta) {
    switch (link) {
      case LOGIT:
        return -Link.sigmoidSlope(eta);
      case PROBIT: {
        double r = StandardNormal.densityOverCdf(-eta);
        return -r * (r - eta);
      }
      case CLOGLOG:
        return -Math.exp(eta);
      default: {
        double oneMinusMu = 1.0 - link.inverse(eta);
        double b = -link.dmuDeta(eta) / oneMinusMu;
        return -link.d2muDeta2(eta) / oneMinusMu - b * b;
      }
    }
  }
}
