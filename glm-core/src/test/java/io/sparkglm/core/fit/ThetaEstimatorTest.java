package io.sparkglm.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.DenseBlock;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.family.NegativeBinomialTheta;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * {@link ThetaEstimator} (MASS's theta.ml) on local blocks at known means: the answer is a stationary point and the
 * maximum of the log-likelihood in theta, its standard error the inverse root of the curvature, it recovers the
 * simulating theta, weights act as replication, and data without overdispersion are reported, not converged.
 */
class ThetaEstimatorTest {
  private static final double[] COEF = {0.4, -0.3, 1.0};

  /**
   * Rows {@code y ~ NB(mu = exp(0.4 x1 - 0.3 x2 + 1), theta)} (gamma-poisson), or {@code y = round(mu)}
   * (underdispersed) when theta is NaN.
   */
  private static List<Block> data(int n, double theta, long seed, boolean duplicateFirst) {
    Well19937c rng = new Well19937c(seed);
    List<Block> blocks = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      int rows = n / 3;
      double[] x = new double[rows * 2];
      double[] y = new double[rows];
      double[] w = new double[rows];
      for (int i = 0; i < rows; i++) {
        x[2 * i] = rng.nextGaussian();
        x[2 * i + 1] = rng.nextGaussian();
        double mu = Math.exp(COEF[0] * x[2 * i] + COEF[1] * x[2 * i + 1] + COEF[2]);
        if (Double.isNaN(theta)) {
          y[i] = Math.rint(mu);
        } else {
          double lambda = new GammaDistribution(rng, theta, mu / theta).sample();
          y[i] = lambda > 0 ? new PoissonDistribution(rng, lambda, 1e-12, 1000).sample() : 0;
        }
        w[i] = duplicateFirst && i == 0 ? 2.0 : 1.0;
      }
      blocks.add(new DenseBlock(rows, 2, x, y, w, null));
    }
    return blocks;
  }

  private static ThetaSums pass(List<Block> blocks, double theta) {
    ThetaSums s = new ThetaSums(Link.LOG, theta);
    blocks.forEach(b -> s.add(b, COEF));
    return s;
  }

  private static double logLik(List<Block> blocks, double theta) {
    return pass(blocks, theta).logLikelihood();
  }

  @Test
  void estimateIsTheMaximumWithItsStandardError() {
    List<Block> blocks = data(3000, 2.0, 7, false);
    ThetaEstimator.Estimate e = ThetaEstimator.estimate(t -> pass(blocks, t), 25);
    assertNull(e.warning());
    double t = e.theta();
    ThetaSums at = pass(blocks, t);
    assertEquals(0.0, at.score(), 1e-8 * at.information() * t, "score at the estimate");
    assertTrue(logLik(blocks, t) > logLik(blocks, t * 1.001) && logLik(blocks, t) > logLik(blocks, t / 1.001));
    double h = 1e-3 * t;
    double curvature = -(logLik(blocks, t + h) - 2 * logLik(blocks, t) + logLik(blocks, t - h)) / (h * h);
    assertEquals(1 / Math.sqrt(curvature), e.stdError(), 1e-4 * e.stdError());
    assertEquals(logLik(blocks, t), e.logLikelihood(), 1e-9 * Math.abs(e.logLikelihood()));
    assertEquals(2.0, t, 4 * e.stdError(), "recovers the simulating theta");
    assertEquals(1.0 / Math.sqrt(at.information()), e.stdError(), 1e-12);
  }

  /** A row of weight 2 estimates the same theta as that row twice. */
  @Test
  void weightIsReplication() {
    List<Block> weighted = data(600, 1.3, 3, true);
    List<Block> duplicated = new ArrayList<>(weighted.size() + 1);
    for (Block b : weighted) {
      double[] w = b.weights().clone();
      w[0] = 1.0;
      DenseBlock d = (DenseBlock) b;
      duplicated.add(new DenseBlock(b.numRows(), 2, d.values(), b.labels(), w, null));
      duplicated.add(new DenseBlock(1, 2, new double[] {d.values()[0], d.values()[1]},
          new double[] {b.labels()[0]}, new double[] {1.0}, null));
    }
    double a = ThetaEstimator.estimate(t -> pass(weighted, t), 25).theta();
    double b = ThetaEstimator.estimate(t -> pass(duplicated, t), 25).theta();
    assertEquals(b, a, 1e-9 * b);
  }

  /**
   * Data without overdispersion: the likelihood increases without bound in theta (the score is positive
   * everywhere); theta.ml's warning, with a large finite theta, no silent answer.
   */
  @Test
  void dataWithoutOverdispersionAreReportedAsDivergent() {
    List<Block> blocks = data(3000, Double.NaN, 11, false);
    assertTrue(pass(blocks, 1e6).score() > 0, "no overdispersion: score at theta 1e6 is positive");
    ThetaEstimator.Estimate e = ThetaEstimator.estimate(t -> pass(blocks, t), 25);
    assertNotNull(e.warning(), "theta " + e.theta());
    assertTrue(e.theta() > 1e3 && Double.isFinite(e.theta()), "theta " + e.theta());
    assertTrue(Double.isFinite(e.logLikelihood()));
  }

  /** The per-row log-likelihood is the density; weights multiply it. */
  @Test
  void sumsAreWeighted() {
    List<Block> blocks = data(30, 2.0, 1, true);
    ThetaSums s = pass(blocks, 2.0);
    double ll = 0;
    double n = 0;
    for (Block b : blocks) {
      double[] eta = new double[b.numRows()];
      b.linearPredictorInto(COEF, eta);
      for (int i = 0; i < b.numRows(); i++) {
        ll += b.weight(i) * NegativeBinomialTheta.logLikelihood(b.labels()[i], Math.exp(eta[i]), 2.0);
        n += b.weight(i);
      }
    }
    assertEquals(ll, s.logLikelihood(), 1e-12 * Math.abs(ll));
    assertEquals(n, s.weightSum(), 0.0);
  }
}
