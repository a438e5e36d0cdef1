package io.sparkglm.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.family.MultinomialLoss;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.LocalDataTerm;
import io.sparkglm.core.solver.LocalMultinomialDataTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The multinomial block kernel ({@link MultinomialAccumulator}, {@link LocalMultinomialDataTerm}) against a naive
 * row loop (block sizes 1, 2, 7; dense and sparse; weights, one of them 0), its gradient and Hessian against central
 * finite differences, K = 2 against the binomial logit kernel, and extreme linear predictors.
 */
class MultinomialAccumulatorTest {
  static final int P = 4;

  /** Rows of a test data set: features, labels in 0..K-1, weights. */
  record Rows(double[][] x, double[] y, double[] w) {
    static Rows random(long seed, int n, int numClasses, double zeroFraction) {
      Random rnd = new Random(seed);
      double[][] x = new double[n][P];
      double[] y = new double[n];
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < P; j++) {
          x[i][j] = rnd.nextDouble() < zeroFraction ? 0.0 : rnd.nextGaussian() * (1 + j);
        }
        y[i] = rnd.nextInt(numClasses);
        w[i] = i == 3 ? 0.0 : 0.5 + rnd.nextInt(3);
      }
      return new Rows(x, y, w);
    }

    List<Block> blocks(int blockRows, BlockBuilder.Layout layout) {
      List<Block> out = new ArrayList<>();
      BlockBuilder b = new BlockBuilder(P, blockRows, true, false, layout);
      for (int i = 0; i < y.length; i++) {
        b.addDense(x[i], y[i], w[i], 0.0);
        if (b.isFull()) {
          out.add(b.build());
          b = new BlockBuilder(P, blockRows, true, false, layout);
        }
      }
      if (b.numRows() > 0) {
        out.add(b.build());
      }
      return out;
    }
  }

  static double[] randomCoef(long seed, int numClasses) {
    Random rnd = new Random(seed);
    double[] c = new double[numClasses * (P + 1)];
    for (int j = 0; j < c.length; j++) {
      c[j] = 0.4 * rnd.nextGaussian();
    }
    return c;
  }

  /** The sums by the definition, one row at a time, in the plainest arithmetic. */
  static double[][] naive(Rows r, double[] coef, int kk) {
    int q = P + 1;
    int dim = kk * q;
    double loss = 0.0;
    double[] g = new double[dim];
    double[] h = new double[dim * dim];
    for (int i = 0; i < r.y().length; i++) {
      double[] x1 = new double[q];
      System.arraycopy(r.x()[i], 0, x1, 0, P);
      x1[P] = 1.0;
      double[] e = new double[kk];
      double z = 0.0;
      for (int k = 0; k < kk; k++) {
        for (int j = 0; j < q; j++) {
          e[k] += coef[k * q + j] * x1[j];
        }
        z += Math.exp(e[k]);
      }
      int y = (int) r.y()[i];
      double w = r.w()[i];
      loss += w * -Math.log(Math.exp(e[y]) / z);
      for (int k = 0; k < kk; k++) {
        double pk = Math.exp(e[k]) / z;
        for (int a = 0; a < q; a++) {
          g[k * q + a] += w * (pk - (k == y ? 1 : 0)) * x1[a];
        }
        for (int l = 0; l < kk; l++) {
          double pl = Math.exp(e[l]) / z;
          for (int a = 0; a < q; a++) {
            for (int b = 0; b < q; b++) {
              h[(k * q + a) * dim + l * q + b] += w * pk * ((k == l ? 1 : 0) - pl) * x1[a] * x1[b];
            }
          }
        }
      }
    }
    return new double[][] {{loss}, g, h};
  }

  @ParameterizedTest(name = "K={0} blockRows={1} {2}")
  @CsvSource({"3,1,DENSE", "3,2,SPARSE", "3,7,DENSE", "3,7,SPARSE", "2,7,DENSE", "4,2,DENSE", "4,7,SPARSE"})
  void equalsNaiveLoop(int kk, int blockRows, BlockBuilder.Layout layout) {
    Rows r = Rows.random(11 + kk, 23, kk, layout == BlockBuilder.Layout.SPARSE ? 0.5 : 0.0);
    double[] coef = randomCoef(5, kk);
    MultinomialAccumulator acc = new MultinomialAccumulator(new MultinomialLoss(kk), P, Order.HESSIAN);
    for (Block b : r.blocks(blockRows, layout)) {
      acc.add(b, coef);
    }
    // A second accumulator merged in: the sums of two halves equal those of the whole.
    MultinomialAccumulator half = new MultinomialAccumulator(new MultinomialLoss(kk), P, Order.HESSIAN);
    MultinomialAccumulator other = new MultinomialAccumulator(new MultinomialLoss(kk), P, Order.HESSIAN);
    List<Block> blocks = r.blocks(blockRows, layout);
    for (int b = 0; b < blocks.size(); b++) {
      (b % 2 == 0 ? half : other).add(blocks.get(b), coef);
    }
    half.merge(other).merge(new MultinomialAccumulator(new MultinomialLoss(kk), P, Order.HESSIAN));
    double[][] expected = naive(r, coef, kk);
    for (MultinomialAccumulator a : List.of(acc, half)) {
      assertEquals(expected[0][0], a.lossSum(), 1e-12 * Math.abs(expected[0][0]), "loss");
      assertEquals(23, a.rows());
      assertClose(expected[1], a.gradient(), "gradient");
      assertClose(expected[2], a.hessian(), "hessian");
    }
  }

  static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    double scale = 0.0;
    for (double v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], 1e-12 * scale, what + "[" + j + "]");
    }
  }

  @Test
  void derivativesMatchCentralFiniteDifferences() {
    int kk = 3;
    Rows r = Rows.random(3, 40, kk, 0.0);
    LocalMultinomialDataTerm d = new LocalMultinomialDataTerm(r.blocks(7, BlockBuilder.Layout.DENSE),
        new MultinomialLoss(kk), P);
    double[] c = randomCoef(9, kk);
    Evaluation e = d.evaluate(c, Order.HESSIAN);
    int dim = d.dimension();
    double step = 1e-5;
    for (int a = 0; a < dim; a++) {
      double[] up = c.clone();
      double[] down = c.clone();
      up[a] += step;
      down[a] -= step;
      Evaluation eu = d.evaluate(up, Order.GRADIENT);
      Evaluation ed = d.evaluate(down, Order.GRADIENT);
      assertEquals((eu.value() - ed.value()) / (2 * step), e.gradient()[a], 1e-8, "gradient " + a);
      for (int b = 0; b < dim; b++) {
        assertEquals((eu.gradient()[b] - ed.gradient()[b]) / (2 * step), e.hessian()[a * dim + b], 1e-8,
            "hessian " + a + "," + b);
      }
    }
    // The data term is constant along a shift of every class by one vector: gradient blocks sum to 0.
    for (int j = 0; j <= P; j++) {
      double s = 0.0;
      for (int k = 0; k < kk; k++) {
        s += e.gradient()[k * (P + 1) + j];
      }
      assertEquals(0.0, s, 1e-14, "sum over classes of gradient coordinate " + j);
    }
  }

  @Test
  void twoClassesAreTheBinomialLogitOfTheDifference() {
    Rows r = Rows.random(17, 31, 2, 0.0);
    List<Block> blocks = r.blocks(7, BlockBuilder.Layout.DENSE);
    double[] coef = randomCoef(4, 2);
    double[] diff = new double[P + 1];
    for (int j = 0; j <= P; j++) {
      diff[j] = coef[P + 1 + j] - coef[j];
    }
    Evaluation m = new LocalMultinomialDataTerm(blocks, new MultinomialLoss(2), P).evaluate(coef, Order.HESSIAN);
    Evaluation b = new LocalDataTerm(blocks, GlmLoss.of(Family.binomial(), Link.LOGIT), P).evaluate(diff,
        Order.HESSIAN);
    assertEquals(b.value(), m.value(), 1e-14);
    int q = P + 1;
    for (int j = 0; j < q; j++) {
      assertEquals(b.gradient()[j], m.gradient()[q + j], 1e-14, "class 1 gradient " + j);
      assertEquals(-b.gradient()[j], m.gradient()[j], 1e-14, "class 0 gradient " + j);
      for (int l = 0; l < q; l++) {
        double hb = b.hessian()[j * q + l];
        assertEquals(hb, m.hessian()[(q + j) * 2 * q + q + l], 1e-14);
        assertEquals(-hb, m.hessian()[j * 2 * q + q + l], 1e-14);
      }
    }
  }

  @Test
  void extremeLinearPredictorsStayFinite() {
    MultinomialLoss loss = new MultinomialLoss(3);
    double[] pr = new double[3];
    double lse = loss.probabilitiesInto(new double[] {1000, -1000, 999}, pr);
    assertEquals(1000 + Math.log1p(Math.exp(-1)), lse, 1e-12);
    assertEquals(1.0, pr[0] + pr[1] + pr[2], 1e-15);
    assertEquals(0.0, pr[1]);
    assertEquals(2000.0, loss.value(1, new double[] {1000, -1000, -2000}), 1e-9);
    assertEquals(0.0, loss.value(0, new double[] {1000, -1000, -2000}), 1e-300);
  }

  /**
   * {@link MultinomialAccumulator#boundaryRows}: the rows whose smallest class probability (by the loss's own
   * softmax, one row at a time) is below {@link Family#BOUNDARY_EPS}, counted at every order, over blocks of 1, 2 and 7
   * rows and merged; coefficients scaled up until some rows, not all, are at the boundary.
   */
  @Test
  void boundaryRowsAreTheRowsWithAClassProbabilityNumericallyZero() {
    int kk = 3;
    MultinomialLoss loss = new MultinomialLoss(kk);
    Rows r = Rows.random(23, 40, kk, 0.2);
    double[] coef = new double[kk * (P + 1)];
    Random rnd = new Random(5);
    for (int j = 0; j < coef.length; j++) {
      coef[j] = 6 * rnd.nextGaussian();
    }
    long expected = 0;
    double[] eta = new double[kk];
    double[] prob = new double[kk];
    for (int i = 0; i < r.y().length; i++) {
      for (int k = 0; k < kk; k++) {
        eta[k] = coef[k * (P + 1) + P];
        for (int j = 0; j < P; j++) {
          eta[k] += coef[k * (P + 1) + j] * r.x()[i][j];
        }
      }
      loss.probabilitiesInto(eta, prob);
      double smallest = Math.min(prob[0], Math.min(prob[1], prob[2]));
      expected += smallest < Family.BOUNDARY_EPS ? 1 : 0;
    }
    assertTrue(expected > 0 && expected < r.y().length, "a mix of rows at and off the boundary: " + expected);
    for (int blockRows : new int[] {1, 2, 7}) {
      for (Order order : Order.values()) {
        MultinomialAccumulator total = new MultinomialAccumulator(loss, P, order);
        for (Block b : r.blocks(blockRows, BlockBuilder.Layout.AUTO)) {
          total.merge(new MultinomialAccumulator(loss, P, order).add(b, coef));
        }
        assertEquals(expected, total.boundaryRows(), "block rows " + blockRows + ", order " + order);
      }
    }
  }

  @Test
  void badLabelsAndOffsetsAreRefusedWhereTheyAre() {
    Rows r = Rows.random(1, 10, 3, 0.0);
    r.y()[8] = 1.5;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LocalMultinomialDataTerm(r.blocks(4, BlockBuilder.Layout.DENSE), new MultinomialLoss(3), P));
    assertEquals("block 2, row 0: label 1.5 is not valid for multinomial with 3 classes (an integer in 0..2)",
        e.getMessage());
    r.y()[8] = 3;
    assertThrows(IllegalArgumentException.class,
        () -> new LocalMultinomialDataTerm(r.blocks(4, BlockBuilder.Layout.DENSE), new MultinomialLoss(3), P));
    // In the kernel (no exceptions in the row loop) a bad label makes the loss NaN.
    MultinomialAccumulator acc = new MultinomialAccumulator(new MultinomialLoss(3), P, Order.GRADIENT);
    for (Block b : r.blocks(4, BlockBuilder.Layout.DENSE)) {
      acc.add(b, randomCoef(1, 3));
    }
    assertTrue(Double.isNaN(acc.lossSum()));
    BlockBuilder withOffsets = new BlockBuilder(P, 4, false, true);
    withOffsets.addDense(new double[P], 0, 1, 0.5);
    IllegalArgumentException o = assertThrows(IllegalArgumentException.class, () -> new LocalMultinomialDataTerm(
        List.of(withOffsets.build()), new MultinomialLoss(3), P));
    assertTrue(o.getMessage().contains("offsets"), o.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MultinomialLoss(1));
  }
}
