package io.sparkglm.core.solver;

import io.sparkglm.core.kernel.Order;

/**
 * A {@link DataTerm} seen through a {@link Reparametrization}: {@code D_c(c) = D(T c)}, with gradient and
 * Hessian mapped accordingly. Coordinates marked fixed get a zero gradient and an identity Hessian row and
 * column, so every solver leaves them where they start (at zero).
 *
 * <p>A data term of dimension {@code K (p + 1)} (a multinomial model's class-major flat vector,
 * {@link io.sparkglm.core.family.MultinomialLoss}) is mapped block by block: {@code T} acts on each class's
 * {@code p + 1} coordinates, i.e. the map is {@code blockdiag(T, ..., T)} and the Hessian's block {@code (k, l)}
 * becomes {@code T' H_kl T}.
 */
public final class ScaledDataTerm implements DataTerm {
  private final DataTerm inner;
  private final Reparametrization map;
  private final boolean[] fixed;
  private final int blockSize;
  private final int blocks;

  /**
   * @param fixed coordinates held at zero, length {@code inner.dimension()}; copied
   * @throws IllegalArgumentException when {@code inner.dimension()} is not a multiple of the map's {@code p + 1}
   */
  public ScaledDataTerm(DataTerm inner, Reparametrization map, boolean[] fixed) {
    this.inner = inner;
    this.map = map;
    this.fixed = fixed.clone();
    this.blockSize = map.scale().length + 1;
    this.blocks = inner.dimension() / blockSize;
    if (blocks * blockSize != inner.dimension() || fixed.length != inner.dimension()) {
      throw new IllegalArgumentException("data term of dimension " + inner.dimension() + " with a map of p + 1 = "
          + blockSize + " and " + fixed.length + " fixed flags");
    }
  }

  @Override
  public int dimension() {
    return inner.dimension();
  }

  @Override
  public Evaluation evaluate(double[] c, Order order) {
    if (blocks > 1) {
      return evaluateBlocks(c, order);
    }
    Evaluation e = inner.evaluate(map.toOriginal(c), order);
    double[] g = e.gradient() == null ? null : map.gradientToScaled(e.gradient());
    double[] h = e.hessian() == null ? null : map.hessianToScaled(e.hessian());
    return fixCoordinates(e, g, h);
  }

  private Evaluation evaluateBlocks(double[] c, Order order) {
    int q = blockSize;
    Evaluation e = inner.evaluate(map.toOriginalBlocks(c), order);
    double[] g = null;
    if (e.gradient() != null) {
      g = new double[c.length];
      for (int k = 0; k < blocks; k++) {
        double[] gk = map.gradientToScaled(java.util.Arrays.copyOfRange(e.gradient(), k * q, (k + 1) * q));
        System.arraycopy(gk, 0, g, k * q, q);
      }
    }
    double[] h = null;
    if (e.hessian() != null) {
      int dim = c.length;
      h = new double[dim * dim];
      double[] blk = new double[q * q];
      for (int k = 0; k < blocks; k++) {
        for (int l = 0; l < blocks; l++) {
          for (int a = 0; a < q; a++) {
            System.arraycopy(e.hessian(), (k * q + a) * dim + l * q, blk, a * q, q);
          }
          double[] hc = map.hessianToScaled(blk);
          for (int a = 0; a < q; a++) {
            System.arraycopy(hc, a * q, h, (k * q + a) * dim + l * q, q);
          }
        }
      }
    }
    return fixCoordinates(e, g, h);
  }

  /** Zero gradient and identity Hessian row/column for fixed coordinates; {@code g} and {@code h} modified. */
  private Evaluation fixCoordinates(Evaluation e, double[] g, double[] h) {
    int d = dimension();
    for (int j = 0; j < d; j++) {
      if (!fixed[j]) {
        continue;
      }
      if (g != null) {
        g[j] = 0.0;
      }
      if (h != null) {
        for (int k = 0; k < d; k++) {
          h[j * d + k] = 0.0;
          h[k * d + j] = 0.0;
        }
        h[j * d + j] = 1.0;
      }
    }
    return new Evaluation(e.value(), g, h, e.order());
  }

  @Override
  public long passes() {
    return inner.passes();
  }

  @Override
  public void describe(String what) {
    inner.describe(what);
  }
}
