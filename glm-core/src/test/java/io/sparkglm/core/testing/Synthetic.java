package io.sparkglm.core.testing;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic GLM data for tests: rows {@code x} (dense or with a given fraction of zeros), labels drawn
 * from the family at {@code eta = x'beta + b0 (+ offset)}, optional integer weights and offsets.
 */
public final class Synthetic {
  public final int n;
  public final int p;
  public final double[][] x;
  public final double[] y;
  public final double[] w;
  public final double[] offset;

  private Synthetic(int n, int p, double[][] x, double[] y, double[] w, double[] offset) {
    this.n = n;
    this.p = p;
    this.x = x;
    this.y = y;
    this.w = w;
    this.offset = offset;
  }

  /**
   * @param zeroFraction fraction of feature values set to exactly 0
   * @param weighted draw integer weights in 0..3 (some zero)
   * @param withOffset draw offsets in [-0.5, 0.5]
   */
  public static Synthetic generate(Family family, int n, int p, double zeroFraction, boolean weighted,
      boolean withOffset, long seed) {
    Random rnd = new Random(seed);
    double[][] x = new double[n][p];
    double[] beta = new double[p];
    for (int j = 0; j < p; j++) {
      beta[j] = (rnd.nextDouble() - 0.5) * 1.2 / Math.sqrt(p);
    }
    double[] y = new double[n];
    double[] w = weighted ? new double[n] : null;
    double[] off = withOffset ? new double[n] : null;
    for (int i = 0; i < n; i++) {
      double eta = 0.3;
      for (int j = 0; j < p; j++) {
        x[i][j] = rnd.nextDouble() < zeroFraction ? 0.0 : rnd.nextGaussian() * (1 + j % 3) + (j % 4 == 1 ? 1 : 0);
        eta += x[i][j] * beta[j];
      }
      if (withOffset) {
        off[i] = rnd.nextDouble() - 0.5;
        eta += off[i];
      }
      if (weighted) {
        w[i] = rnd.nextInt(4);
      }
      y[i] = draw(family, eta, rnd);
    }
    if (weighted) {
      w[0] = 2.0;
    }
    return new Synthetic(n, p, x, y, w, off);
  }

  private static double draw(Family family, double eta, Random rnd) {
    switch (family.name()) {
      case "gaussian":
        return eta + rnd.nextGaussian();
      case "binomial":
        return rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1.0 : 0.0;
      case "poisson": {
        double mu = Math.exp(Math.min(eta, 3));
        double l = Math.exp(-mu);
        double prod = rnd.nextDouble();
        int k = 0;
        while (prod > l) {
          prod *= rnd.nextDouble();
          k++;
        }
        return k;
      }
      default: {
        double mu = Math.exp(Math.max(-3, Math.min(eta, 3)));
        // Gamma with shape 2: sum of two exponentials.
        return mu / 2 * (-Math.log(1 - rnd.nextDouble()) - Math.log(1 - rnd.nextDouble())) + 1e-3;
      }
    }
  }

  /** The rows as blocks of at most {@code blockRows}, zero-weight rows dropped (as the loaders do). */
  public List<Block> blocks(int blockRows) {
    return blocks(blockRows, BlockBuilder.Layout.AUTO);
  }

  /** The rows as blocks of at most {@code blockRows} in the given layout, zero-weight rows dropped. */
  public List<Block> blocks(int blockRows, BlockBuilder.Layout layout) {
    List<Block> out = new ArrayList<>();
    BlockBuilder b = new BlockBuilder(p, blockRows, w != null, offset != null, layout);
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (wi == 0.0) {
        continue;
      }
      b.addDense(x[i], y[i], wi, offset == null ? 0.0 : offset[i]);
      if (b.isFull()) {
        out.add(b.build());
      }
    }
    if (b.numRows() > 0) {
      out.add(b.build());
    }
    return out;
  }

  /**
   * Naive reference: {@code sum_i w_i l_i}, its gradient and Hessian (full (p+1)^2), by plain loops over the
   * rows with the pointwise loss.
   */
  public double[][] naive(GlmLoss loss, double[] coef) {
    double[] g = new double[p + 1];
    double[] h = new double[(p + 1) * (p + 1)];
    double value = 0.0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (wi == 0.0) {
        continue;
      }
      double eta = coef[p] + (offset == null ? 0.0 : offset[i]);
      for (int j = 0; j < p; j++) {
        eta += x[i][j] * coef[j];
      }
      value += wi * loss.value(y[i], eta);
      double d1 = wi * loss.derivative(y[i], eta);
      double d2 = wi * loss.curvature(y[i], eta);
      for (int a = 0; a <= p; a++) {
        double xa = a == p ? 1.0 : x[i][a];
        g[a] += d1 * xa;
        for (int b = 0; b <= p; b++) {
          double xb = b == p ? 1.0 : x[i][b];
          h[a * (p + 1) + b] += d2 * xa * xb;
        }
      }
    }
    return new double[][] {{value}, g, h};
  }
}
