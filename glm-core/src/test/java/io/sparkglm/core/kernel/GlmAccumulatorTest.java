package io.sparkglm.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.data.DenseBlock;
import io.sparkglm.core.data.SparseBlock;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.testing.Synthetic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fused block kernel against a naive row loop, and its derivatives against finite differences. */
class GlmAccumulatorTest {

  static Stream<Arguments> layouts() {
    List<Arguments> out = new ArrayList<>();
    for (int blockRows : new int[] {1, 2, 7, 4096}) {
      for (double zeros : new double[] {0.0, 0.8}) {
        for (boolean weighted : new boolean[] {false, true}) {
          out.add(Arguments.of(blockRows, zeros, weighted));
        }
      }
    }
    return out.stream();
  }

  static Stream<Arguments> losses() {
    List<Arguments> out = new ArrayList<>();
    for (Family f : List.of(Family.gaussian(), Family.binomial(), Family.poisson(), Family.gamma(),
        Family.tweedie(1.5))) {
      for (Link l : f.supportedLinks()) {
        out.add(Arguments.of(f, l));
      }
    }
    return out.stream();
  }

  private static GlmAccumulator accumulate(List<Block> blocks, GlmLoss loss, int p, double[] coef, Order order) {
    GlmAccumulator acc = new GlmAccumulator(loss, p, order);
    // Accumulate in two halves and merge, as treeAggregate does.
    GlmAccumulator other = new GlmAccumulator(loss, p, order);
    for (int k = 0; k < blocks.size(); k++) {
      (k % 2 == 0 ? acc : other).add(blocks.get(k), coef);
    }
    return acc.merge(other);
  }

  @ParameterizedTest(name = "blockRows={0} zeros={1} weighted={2}")
  @MethodSource("layouts")
  void kernelEqualsNaiveLoop(int blockRows, double zeros, boolean weighted) {
    Family family = Family.binomial();
    Synthetic s = Synthetic.generate(family, 23, 5, zeros, weighted, true, 7);
    GlmLoss loss = GlmLoss.of(family, Link.LOGIT);
    double[] coef = {0.3, -0.2, 0.1, 0.05, -0.4, 0.2};
    List<Block> blocks = s.blocks(blockRows);
    boolean sparse = zeros > 0.5;
    for (Block b : blockRows < 7 ? List.<Block>of() : blocks) {
      assertTrue(sparse ? b instanceof SparseBlock : b instanceof DenseBlock, "layout of " + b.getClass());
    }
    GlmAccumulator acc = accumulate(blocks, loss, s.p, coef, Order.HESSIAN);
    double[][] naive = s.naive(loss, coef);
    assertClose(naive[0][0], acc.lossSum(), 1e-12, "loss");
    assertArrayClose(naive[1], acc.gradient(), 1e-12, "gradient");
    assertArrayClose(naive[2], acc.hessian(), 1e-12, "hessian");
    double wsum = 0;
    for (int i = 0; i < s.n; i++) {
      wsum += s.w == null ? 1 : s.w[i];
    }
    assertClose(wsum, acc.weightSum(), 1e-15, "weight sum");
  }

  static Stream<Arguments> hotLosses() {
    List<Arguments> out = new ArrayList<>();
    for (Family f : List.of(Family.gaussian(), Family.binomial(), Family.poisson())) {
      for (int blockRows : new int[] {1, 2, 7, 4096}) {
        for (BlockBuilder.Layout layout : new BlockBuilder.Layout[] {BlockBuilder.Layout.DENSE,
            BlockBuilder.Layout.SPARSE}) {
          out.add(Arguments.of(f, blockRows, layout));
        }
      }
    }
    return out.stream();
  }

  /**
   * The specialized losses (vectorized exp/log1p when the Vector API is present) and the dense Gram kernels,
   * through the accumulator, against the naive loop: 4100 weighted rows with offsets, p = 17 (not a multiple
   * of the vector length), so every vector tail is exercised. Small coefficients keep the poisson Hessian sums
   * free of cancellation beyond the tolerance.
   */
  @ParameterizedTest(name = "{0} blockRows={1} {2}")
  @MethodSource("hotLosses")
  void hotLossesEqualNaiveLoop(Family family, int blockRows, BlockBuilder.Layout layout) {
    Synthetic s = Synthetic.generate(family, blockRows == 4096 ? 4100 : 61, 17, 0.3, true, true, 13);
    GlmLoss loss = GlmLoss.of(family, family.supportedLinks().get(0));
    double[] coef = new double[s.p + 1];
    Random rnd = new Random(2);
    for (int j = 0; j < coef.length; j++) {
      coef[j] = rnd.nextGaussian() * 0.05;
    }
    GlmAccumulator acc = accumulate(s.blocks(blockRows, layout), loss, s.p, coef, Order.HESSIAN);
    double[][] naive = s.naive(loss, coef);
    assertClose(naive[0][0], acc.lossSum(), 1e-12, "loss");
    assertArrayClose(naive[1], acc.gradient(), 1e-12, "gradient");
    assertArrayClose(naive[2], acc.hessian(), 1e-12, "hessian");
    GlmAccumulator value = accumulate(s.blocks(blockRows, layout), loss, s.p, coef, Order.VALUE);
    assertClose(naive[0][0], value.lossSum(), 1e-12, "loss at VALUE order");
  }

  /**
   * A Hessian restricted to some columns (a path's active set): its entries over those features and the intercept
   * equal the naive loop's, the others are 0, and value and gradient still cover every feature. Dense and sparse
   * blocks (different Gram loops), column sets with and without the first and last feature, p = 17 so the dense
   * Gram's vector tails are exercised on the gathered block too.
   */
  @ParameterizedTest(name = "{0} blockRows={1} {2}")
  @MethodSource("hotLosses")
  void restrictedHessianEqualsNaiveLoopOnItsColumns(Family family, int blockRows, BlockBuilder.Layout layout) {
    Synthetic s = Synthetic.generate(family, blockRows == 4096 ? 4100 : 61, 17, 0.3, true, true, 13);
    GlmLoss loss = GlmLoss.of(family, family.supportedLinks().get(0));
    double[] coef = new double[s.p + 1];
    Random rnd = new Random(3);
    for (int j = 0; j < coef.length; j++) {
      coef[j] = rnd.nextGaussian() * 0.05;
    }
    double[][] naive = s.naive(loss, coef);
    int p1 = s.p + 1;
    for (int[] columns : new int[][] {{0, 3, 4, 9, 16}, {2, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15}, {7}, {}}) {
      GlmAccumulator acc = new GlmAccumulator(loss, s.p, Order.HESSIAN, columns);
      GlmAccumulator other = new GlmAccumulator(loss, s.p, Order.HESSIAN, columns);
      List<Block> blocks = s.blocks(blockRows, layout);
      for (int k = 0; k < blocks.size(); k++) {
        (k % 2 == 0 ? acc : other).add(blocks.get(k), coef);
      }
      acc.merge(other);
      boolean[] in = new boolean[p1];
      for (int j : columns) {
        in[j] = true;
      }
      in[s.p] = true;
      assertClose(naive[0][0], acc.lossSum(), 1e-12, "loss");
      assertArrayClose(naive[1], acc.gradient(), 1e-12, "gradient");
      double[] h = acc.hessian();
      for (int a = 0; a < p1; a++) {
        for (int b = 0; b < p1; b++) {
          double want = in[a] && in[b] ? naive[2][a * p1 + b] : 0.0;
          assertClose(want, h[a * p1 + b], 1e-12, java.util.Arrays.toString(columns) + " hessian " + a + "," + b);
        }
      }
    }
  }

  @Test
  void hessianColumnsMustIncrease() {
    GlmLoss loss = GlmLoss.of(Family.gaussian(), Link.IDENTITY);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new GlmAccumulator(loss, 5, Order.HESSIAN, new int[] {1, 1}));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new GlmAccumulator(loss, 5, Order.HESSIAN, new int[] {5}));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("losses")
  void gradientAndHessianMatchFiniteDifferences(Family family, Link link) {
    GlmLoss loss = GlmLoss.of(family, link);
    for (double zeros : new double[] {0.0, 0.8}) {
      Synthetic s = Synthetic.generate(family.name().equals("tweedie") ? Family.poisson() : family, 40, 4, zeros,
          true, false, 11);
      List<Block> blocks = s.blocks(7);
      double[] coef = startFor(loss, s);
      GlmAccumulator acc = accumulate(blocks, loss, s.p, coef, Order.HESSIAN);
      double[] g = acc.gradient();
      double[] h = acc.hessian();
      assertTrue(Double.isFinite(acc.lossSum()), "loss at the test point must be finite");
      for (int j = 0; j <= s.p; j++) {
        double step = 1e-6;
        double[] up = coef.clone();
        double[] dn = coef.clone();
        up[j] += step;
        dn[j] -= step;
        GlmAccumulator au = accumulate(blocks, loss, s.p, up, Order.GRADIENT);
        GlmAccumulator ad = accumulate(blocks, loss, s.p, dn, Order.GRADIENT);
        double fd = (au.lossSum() - ad.lossSum()) / (2 * step);
        assertClose(fd, g[j], 1e-6, family + " " + link + " gradient " + j);
        if (isObservedEverywhere(loss, s, coef)) {
          double[] gu = au.gradient();
          double[] gd = ad.gradient();
          for (int k = 0; k <= s.p; k++) {
            double fdh = (gu[k] - gd[k]) / (2 * step);
            assertClose(fdh, h[j * (s.p + 1) + k], 1e-5, family + " " + link + " hessian " + j + "," + k);
          }
        }
      }
    }
  }

  /** A point where every row's eta is inside the link's domain: intercept at g(mean y), small slopes. */
  private static double[] startFor(GlmLoss loss, Synthetic s) {
    double ybar = 0;
    for (double v : s.y) {
      ybar += v;
    }
    ybar = Math.min(0.9, Math.max(0.1, ybar / s.n));
    if (!loss.family().name().equals("binomial")) {
      ybar = Math.max(ybar, 1.0) + 1.0;
    }
    double[] coef = new double[s.p + 1];
    coef[s.p] = loss.linkOf(ybar);
    for (int j = 0; j < s.p; j++) {
      coef[j] = 0.01 * (j + 1) * Math.abs(coef[s.p]) / 10;
    }
    return coef;
  }

  /** Whether the curvature is the observed information at every row (the Hessian is then exact). */
  private static boolean isObservedEverywhere(GlmLoss loss, Synthetic s, double[] coef) {
    for (int i = 0; i < s.n; i++) {
      double eta = coef[s.p];
      for (int j = 0; j < s.p; j++) {
        eta += s.x[i][j] * coef[j];
      }
      double h = 1e-5;
      double obs = (loss.derivative(s.y[i], eta + h) - loss.derivative(s.y[i], eta - h)) / (2 * h);
      if (Math.abs(obs - loss.curvature(s.y[i], eta)) > 1e-4 * Math.max(1, Math.abs(obs))) {
        return false;
      }
    }
    return true;
  }

  @Test
  void emptyBlockAndEmptyMergeChangeNothing() {
    GlmLoss loss = GlmLoss.of(Family.gaussian(), Link.IDENTITY);
    Synthetic s = Synthetic.generate(Family.gaussian(), 5, 3, 0, false, false, 3);
    double[] coef = {1, 2, 3, 4};
    GlmAccumulator a = accumulate(s.blocks(2), loss, 3, coef, Order.HESSIAN);
    double before = a.lossSum();
    a.merge(new GlmAccumulator(loss, 3, Order.HESSIAN));
    a.add(new DenseBlock(0, 3, new double[0], new double[0], null, null), coef);
    assertEquals(before, a.lossSum(), 0.0);
    assertEquals(5, a.rows());
  }

  @Test
  void valueOrderSkipsDerivatives() {
    GlmLoss loss = GlmLoss.of(Family.poisson(), Link.LOG);
    Synthetic s = Synthetic.generate(Family.poisson(), 9, 2, 0, false, false, 5);
    double[] coef = {0.1, 0.1, 0.2};
    GlmAccumulator v = accumulate(s.blocks(4), loss, 2, coef, Order.VALUE);
    GlmAccumulator h = accumulate(s.blocks(4), loss, 2, coef, Order.HESSIAN);
    assertClose(h.lossSum(), v.lossSum(), 1e-14, "value");
    assertArrayClose(new double[3], v.gradient(), 0, "no gradient at VALUE order");
  }

  @Test
  void sparseAndDenseBlocksAgreeOnRandomData() {
    Random rnd = new Random(1);
    int n = 13;
    int p = 6;
    double[] dense = new double[n * p];
    int[] rowPtr = new int[n + 1];
    List<Integer> cols = new ArrayList<>();
    List<Double> vals = new ArrayList<>();
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        if (rnd.nextDouble() < 0.4) {
          double v = rnd.nextGaussian();
          dense[i * p + j] = v;
          cols.add(j);
          vals.add(v);
        }
      }
      rowPtr[i + 1] = cols.size();
      y[i] = rnd.nextGaussian();
    }
    SparseBlock sp = new SparseBlock(n, p, rowPtr, cols.stream().mapToInt(Integer::intValue).toArray(),
        vals.stream().mapToDouble(Double::doubleValue).toArray(), y, null, null);
    DenseBlock de = new DenseBlock(n, p, dense, y, null, null);
    GlmLoss loss = GlmLoss.of(Family.gaussian(), Link.IDENTITY);
    double[] coef = {0.5, -1, 2, 0, 0.25, 1, -0.5};
    GlmAccumulator a = new GlmAccumulator(loss, p, Order.HESSIAN).add(sp, coef);
    GlmAccumulator b = new GlmAccumulator(loss, p, Order.HESSIAN).add(de, coef);
    assertClose(b.lossSum(), a.lossSum(), 1e-13, "loss");
    assertArrayClose(b.gradient(), a.gradient(), 1e-13, "gradient");
    assertArrayClose(b.hessian(), a.hessian(), 1e-13, "hessian");
  }

  static void assertClose(double expected, double actual, double relTol, String what) {
    double tol = relTol * Math.max(1.0, Math.abs(expected));
    assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + " got " + actual);
  }

  static void assertArrayClose(double[] expected, double[] actual, double relTol, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int j = 0; j < expected.length; j++) {
      assertClose(expected[j], actual[j], relTol, what + "[" + j + "]");
    }
  }
}
