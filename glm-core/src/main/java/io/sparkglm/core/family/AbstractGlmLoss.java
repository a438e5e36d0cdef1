package io.sparkglm.core.family;

/**
 * What every {@link GlmLoss} shares: the family and link it was built for, the mean and link maps, value
 * equality, and block loops written in terms of the pointwise methods. The specialized losses override
 * the block loops with fused ones.
 */
abstract class AbstractGlmLoss implements GlmLoss {
  private static final long serialVersionUID = 1L;

  /** The family; never null. */
  protected final Family family;
  /** The link; never null. */
  protected final Link link;

  AbstractGlmLoss(Family family, Link link) {
    this.family = family;
    this.link = link;
  }

  @Override
  public final Family family() {
    return family;
  }

  @Override
  public final Link link() {
    return link;
  }

  @Override
  public double mean(double eta) {
    return link.inverse(eta);
  }

  @Override
  public double linkOf(double mu) {
    return link.linkFn(mu);
  }

  /**
   * Rows with {@code w_i = 0} write zeros and add nothing, even where {@code l} is infinite.
   *
   * @param d1Out modified, entries {@code [0, n)}
   * @param d2Out modified, entries {@code [0, n)}; or {@code null}
   */
  @Override
  public double valueAndDerivativesInto(double[] y, double[] eta, double[] w, int n, double[] d1Out,
      double[] d2Out) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (wi == 0.0) {
        d1Out[i] = 0.0;
        if (d2Out != null) {
          d2Out[i] = 0.0;
        }
        continue;
      }
      sum += wi * value(y[i], eta[i]);
      d1Out[i] = wi * derivative(y[i], eta[i]);
      if (d2Out != null) {
        d2Out[i] = wi * curvature(y[i], eta[i]);
      }
    }
    return sum;
  }

  /** Rows with {@code w_i = 0} add nothing, even where {@code l} is infinite. */
  @Override
  public double valueSum(double[] y, double[] eta, double[] w, int n) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (wi != 0.0) {
        sum += wi * value(y[i], eta[i]);
      }
    }
    return sum;
  }

  /** Equal when of the same implementation, family and link. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || o.getClass() != getClass()) {
      return false;
    }
    AbstractGlmLoss other = (AbstractGlmLoss) o;
    return family.equals(other.family) && link == other.link;
  }

  @Override
  public int hashCode() {
    return 31 * family.hashCode() + link.ordinal();
  }

  /** E.g. {@code "BinomialLogitLoss(binomial, logit)"}. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + family + ", " + link.linkName() + ")";
  }
}
