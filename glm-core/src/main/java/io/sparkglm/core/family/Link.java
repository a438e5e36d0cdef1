package io.sparkglm.core.family;

/**
 * A link function {@code eta = g(mu)} and what the kernels need of it: the inverse {@code mu = g^-1(eta)},
 * and its first and second derivatives {@code dmu/deta}, {@code d2mu/deta2}.
 *
 * <p>All methods are pointwise, allocation-free and numerically stable for {@code |eta| <= 700}.
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
