package io.sparkglm.core.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.testing.LocalFit;
import io.sparkglm.core.testing.Synthetic;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every solver meets, checked on local data: optimality certificates for every canonical family
 * and penalty, agreement with Newton, closed forms, invariances and edge cases. Subclassed once per solver.
 */
abstract class SolverContractTest {
  static final double TOL = 1e-10;

  abstract Solver solver();

  int maxIterations() {
    return 20_000;
  }

  GlmSpec spec(Family f, double lambda, double alpha, boolean standardize) {
    return new GlmSpec(f, f.defaultLink().linkName().equals("inverse") ? io.sparkglm.core.family.Link.LOG
        : f.defaultLink(), lambda, alpha, standardize, true, solver().name(),
        new StoppingRule(maxIterations(), TOL, 0.0));
  }

  boolean handles(double lambda, double alpha) {
    return solver().supports(io.sparkglm.core.penalty.Penalty.elasticNet(1, lambda, alpha, null, null));
  }

  static Stream<Arguments> problems() {
    List<Arguments> out = new ArrayList<>();
    for (Family f : List.of(Family.gaussian(), Family.binomial(), Family.poisson(), Family.gamma())) {
      for (double[] pen : new double[][] {{0, 0}, {0.05, 0}, {0.05, 1}, {0.05, 0.5}}) {
        for (boolean std : new boolean[] {false, true}) {
          out.add(Arguments.of(f, pen[0], pen[1], std));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} lambda={1} alpha={2} standardize={3}")
  @MethodSource("problems")
  void satisfiesKktAndAgreesWithNewton(Family family, double lambda, double alpha, boolean standardize) {
    if (!handles(lambda, alpha)) {
      return;
    }
    Synthetic s = Synthetic.generate(family, 300, 6, 0.2, true, true, 42);
    List<Block> blocks = s.blocks(64);
    GlmSpec spec = spec(family, lambda, alpha, standardize);
    LocalFit fit = LocalFit.fit(spec, blocks, s.p, solver());
    assertTrue(fit.solution().status().converged(), "status " + fit.solution().status() + " after "
        + fit.solution().iterations() + " iterations");
    assertTrue(fit.kkt() <= 1e-8, "KKT violation " + fit.kkt());
    LocalFit newton = LocalFit.fit(spec, blocks, s.p, new NewtonSolver());
    assertEquals(newton.objective(), fit.objective(), 1e-10 * Math.max(1, Math.abs(newton.objective())));
    for (int j = 0; j <= s.p; j++) {
      assertEquals(newton.coef()[j], fit.coef()[j], 1e-6, "coefficient " + j);
    }
  }

  static Stream<Arguments> nonCanonical() {
    return Stream.of(
        Arguments.of(Family.binomial(), io.sparkglm.core.family.Link.PROBIT),
        Arguments.of(Family.binomial(), io.sparkglm.core.family.Link.CLOGLOG),
        Arguments.of(Family.poisson(), io.sparkglm.core.family.Link.SQRT),
        Arguments.of(Family.poisson(), io.sparkglm.core.family.Link.IDENTITY),
        Arguments.of(Family.gamma(), io.sparkglm.core.family.Link.INVERSE),
        Arguments.of(Family.gamma(), io.sparkglm.core.family.Link.IDENTITY),
        Arguments.of(Family.gaussian(), io.sparkglm.core.family.Link.LOG),
        Arguments.of(Family.tweedie(1.5), io.sparkglm.core.family.Link.LOG));
  }

  /**
   * Every family x link pair reaches the same certified optimum as Newton. The features are positive so that
   * links with a restricted domain (identity, inverse, sqrt) stay valid along the path.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("nonCanonical")
  void nonCanonicalLinksReachTheNewtonOptimum(Family family, io.sparkglm.core.family.Link link) {
    double alpha = handles(0.01, 0.5) ? 0.5 : 0.0;
    Family draw = family.name().equals("tweedie") ? Family.poisson() : family;
    Synthetic s = Synthetic.generate(draw, 400, 3, 0, false, false, 77);
    for (double[] row : s.x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = Math.abs(row[j]) * 0.3;
      }
    }
    GlmSpec spec = new GlmSpec(family, link, 0.01, alpha, true, true, solver().name(),
        new StoppingRule(maxIterations(), TOL, 0.0));
    LocalFit fit = LocalFit.fit(spec, s.blocks(50), s.p, solver());
    LocalFit newton = LocalFit.fit(spec, s.blocks(50), s.p, new NewtonSolver());
    assertTrue(newton.kkt() <= 1e-8, "newton KKT " + newton.kkt());
    assertTrue(fit.kkt() <= 1e-7, "KKT " + fit.kkt() + " status " + fit.solution().status());
    assertEquals(newton.objective(), fit.objective(), 1e-9 * Math.max(1, Math.abs(newton.objective())));
    for (int j = 0; j <= s.p; j++) {
      assertEquals(newton.coef()[j], fit.coef()[j], 1e-5, "coefficient " + j);
    }
  }

  @Test
  void denseAndSparseLayoutsGiveTheSameFit() {
    Synthetic s = Synthetic.generate(Family.binomial(), 200, 5, 0.5, true, false, 21);
    GlmSpec spec = spec(Family.binomial(), 0.02, handles(1, 1) ? 0.5 : 0.0, true);
    LocalFit dense = LocalFit.fit(spec, s.blocks(33, BlockBuilder.Layout.DENSE), s.p, solver());
    LocalFit sparse = LocalFit.fit(spec, s.blocks(33, BlockBuilder.Layout.SPARSE), s.p, solver());
    for (int j = 0; j <= s.p; j++) {
      assertEquals(dense.coef()[j], sparse.coef()[j], 1e-9, "coefficient " + j);
    }
  }

  @Test
  void gaussianRidgeEqualsClosedForm() {
    if (!handles(0.3, 0)) {
      return;
    }
    Synthetic s = Synthetic.generate(Family.gaussian(), 50, 3, 0, false, false, 3);
    double lambda = 0.3;
    LocalFit fit = LocalFit.fit(spec(Family.gaussian(), lambda, 0, false), s.blocks(16), s.p, solver());
    // Normal equations of (1/2n)|y - X1 b|^2 + lambda/2 |beta|^2: (X1'X1/n + lambda*diag(1,1,1,0)) b = X1'y/n.
    int d = s.p + 1;
    double[] a = new double[d * d];
    double[] r = new double[d];
    for (int i = 0; i < s.n; i++) {
      double[] xi = {s.x[i][0], s.x[i][1], s.x[i][2], 1.0};
      for (int u = 0; u < d; u++) {
        r[u] += xi[u] * s.y[i] / s.n;
        for (int v = 0; v < d; v++) {
          a[u * d + v] += xi[u] * xi[v] / s.n;
        }
      }
    }
    for (int j = 0; j < s.p; j++) {
      a[j * d + j] += lambda;
    }
    double[] exact = DenseCholesky.solveDamped(a, r, d);
    for (int j = 0; j < d; j++) {
      assertEquals(exact[j], fit.coef()[j], 1e-8, "coefficient " + j);
    }
  }

  @Test
  void strongL1GivesZeroCoefficientsAndLogitMeanIntercept() {
    if (!handles(1, 1)) {
      return;
    }
    Synthetic s = Synthetic.generate(Family.binomial(), 200, 4, 0, false, false, 8);
    LocalFit fit = LocalFit.fit(spec(Family.binomial(), 5.0, 1, true), s.blocks(32), s.p, solver());
    double ybar = 0;
    for (double v : s.y) {
      ybar += v / s.n;
    }
    for (int j = 0; j < s.p; j++) {
      assertEquals(0.0, fit.coef()[j], 0.0, "coefficient " + j + " must be exactly zero");
    }
    assertEquals(Math.log(ybar / (1 - ybar)), fit.coef()[s.p], 1e-8);
  }

  @Test
  void weightOneEqualsUnweightedAndDuplicatedRowEqualsWeightTwo() {
    Synthetic s = Synthetic.generate(Family.poisson(), 120, 3, 0, false, false, 9);
    GlmSpec spec = spec(Family.poisson(), 0.02, handles(1, 1) ? 0.5 : 0.0, true);
    LocalFit plain = LocalFit.fit(spec, s.blocks(32), s.p, solver());
    List<Block> ones = rows(s, i -> 1.0, false);
    LocalFit weighted = LocalFit.fit(spec, ones, s.p, solver());
    // Row 0 duplicated versus row 0 with weight 2.
    List<Block> dup = new ArrayList<>(rows(s, i -> 1.0, false));
    BlockBuilder extra = new BlockBuilder(s.p, 4, false, false);
    extra.addDense(s.x[0], s.y[0], 1.0, 0.0);
    dup.add(extra.build());
    List<Block> two = rows(s, i -> i == 0 ? 2.0 : 1.0, true);
    LocalFit dupFit = LocalFit.fit(spec, dup, s.p, solver());
    LocalFit twoFit = LocalFit.fit(spec, two, s.p, solver());
    for (int j = 0; j <= s.p; j++) {
      assertEquals(plain.coef()[j], weighted.coef()[j], 1e-9, "weight 1 vs unweighted, coefficient " + j);
      assertEquals(dupFit.coef()[j], twoFit.coef()[j], 1e-9, "duplicate vs weight 2, coefficient " + j);
    }
  }

  @Test
  void permutedFeaturesGivePermutedCoefficients() {
    Synthetic s = Synthetic.generate(Family.binomial(), 150, 4, 0, false, false, 10);
    GlmSpec spec = spec(Family.binomial(), 0.01, handles(1, 1) ? 1.0 : 0.0, true);
    LocalFit fit = LocalFit.fit(spec, s.blocks(32), s.p, solver());
    int[] perm = {2, 0, 3, 1};
    BlockBuilder b = new BlockBuilder(s.p, 1000, false, false);
    for (int i = 0; i < s.n; i++) {
      double[] xp = new double[s.p];
      for (int j = 0; j < s.p; j++) {
        xp[j] = s.x[i][perm[j]];
      }
      b.addDense(xp, s.y[i], 1, 0);
    }
    LocalFit permuted = LocalFit.fit(spec, List.of(b.build()), s.p, solver());
    for (int j = 0; j < s.p; j++) {
      assertEquals(fit.coef()[perm[j]], permuted.coef()[j], 1e-8, "coefficient " + j);
    }
    assertEquals(fit.coef()[s.p], permuted.coef()[s.p], 1e-8, "intercept");
  }

  @Test
  void constantColumnGetsZeroCoefficientUnderStandardization() {
    Synthetic s = Synthetic.generate(Family.gaussian(), 60, 3, 0, false, false, 12);
    for (double[] row : s.x) {
      row[1] = 5.0;
    }
    LocalFit fit = LocalFit.fit(spec(Family.gaussian(), 0.1, 0, true), s.blocks(16), s.p, solver());
    assertEquals(0.0, fit.coef()[1], 0.0);
    assertTrue(fit.kkt() <= 1e-8, "KKT " + fit.kkt());
    assertTrue(Double.isFinite(fit.coef()[0]) && Double.isFinite(fit.coef()[3]));
  }

  @Test
  void constantLabelGaussianGivesInterceptOnly() {
    Synthetic s = Synthetic.generate(Family.gaussian(), 40, 2, 0, false, false, 13);
    java.util.Arrays.fill(s.y, 2.5);
    LocalFit fit = LocalFit.fit(spec(Family.gaussian(), 0, 0, true), s.blocks(16), s.p, solver());
    assertEquals(2.5, fit.coef()[2], 1e-9);
    assertEquals(0.0, fit.coef()[0], 1e-9);
    assertEquals(0.0, fit.coef()[1], 1e-9);
  }

  @Test
  void singleRowRidgeSatisfiesKkt() {
    Synthetic s = Synthetic.generate(Family.gaussian(), 1, 2, 0, false, false, 14);
    LocalFit fit = LocalFit.fit(spec(Family.gaussian(), 0.1, 0, false), s.blocks(4), s.p, solver());
    assertTrue(fit.kkt() <= 1e-8, "KKT " + fit.kkt());
    assertEquals(s.y[0], fit.coef()[2], 1e-8, "one row: the intercept fits it exactly");
  }

  @Test
  void emptyDataAndAllZeroWeightsAreRejected() {
    GlmSpec spec = spec(Family.gaussian(), 0, 0, true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalFit.fit(spec, List.of(), 2, solver()));
    assertTrue(e.getMessage().contains("no training rows"), e.getMessage());
    FeatureStats stats = new FeatureStats(2);
    assertThrows(IllegalArgumentException.class, () -> io.sparkglm.core.fit.FitSetup.of(spec, stats));
  }

  private static List<Block> rows(Synthetic s, java.util.function.IntToDoubleFunction weight, boolean weighted) {
    BlockBuilder b = new BlockBuilder(s.p, 1000, true, false);
    for (int i = 0; i < s.n; i++) {
      b.addDense(s.x[i], s.y[i], weighted ? weight.applyAsDouble(i) : 1.0, 0);
    }
    return List.of(b.build());
  }
}
