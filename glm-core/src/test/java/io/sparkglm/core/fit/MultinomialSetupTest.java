package io.sparkglm.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.family.MultinomialLoss;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.LocalDataTerm;
import io.sparkglm.core.solver.LocalMultinomialDataTerm;
import io.sparkglm.core.solver.NewtonSolver;
import io.sparkglm.core.solver.ProximalGradientSolver;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Solver;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Multinomial fits through {@link MultinomialSetup} with the core solvers on local blocks: closed forms (K = 2 is
 * the binomial logit of {@code b_1 - b_0}: a ridge with lambda is the binomial ridge with lambda/2, a lasso the
 * binomial lasso with lambda), the KKT certificate, the centring of the unpenalized fit (unique whatever the start),
 * Newton against FISTA, the per-class change of variables against finite differences, and invariances (a duplicated
 * row equals weight 2).
 */
class MultinomialSetupTest {
  static final int P = 4;
  static final StoppingRule STOP = new StoppingRule(20_000, 1e-10, 0.0);

  /** Rows: features, labels, weights. */
  record Rows(List<double[]> x, List<Double> y, List<Double> w) {
    List<Block> blocks() {
      List<Block> out = new ArrayList<>();
      BlockBuilder b = new BlockBuilder(P, 64, true, false, BlockBuilder.Layout.DENSE);
      for (int i = 0; i < y.size(); i++) {
        b.addDense(x.get(i), y.get(i), w.get(i), 0.0);
        if (b.isFull()) {
          out.add(b.build());
          b = new BlockBuilder(P, 64, true, false, BlockBuilder.Layout.DENSE);
        }
      }
      if (b.numRows() > 0) {
        out.add(b.build());
      }
      return out;
    }
  }

  static Rows rows(long seed, int n, int numClasses) {
    Random rnd = new Random(seed);
    Rows r = new Rows(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < n; i++) {
      double[] x = new double[P];
      for (int j = 0; j < P; j++) {
        x[j] = rnd.nextGaussian() * (1 + j) + (j == 2 ? 3.0 : 0.0);
      }
      // Class scores with a signal in x1, x2 and x4, noise enough that no class is separable.
      double[] s = {0.0, 0.8 * x[0] - 0.2 * x[1], -0.5 * x[0] + 0.3 * x[3] / 4};
      double[] pr = new double[numClasses];
      double z = 0;
      for (int k = 0; k < numClasses; k++) {
        pr[k] = Math.exp(s[k % 3]);
        z += pr[k];
      }
      double u = rnd.nextDouble() * z;
      int y = 0;
      while (y < numClasses - 1 && (u -= pr[y]) > 0) {
        y++;
      }
      r.x().add(x);
      r.y().add((double) y);
      r.w().add(1.0);
    }
    return r;
  }

  static List<Block> data(long seed, int n, int numClasses) {
    return rows(seed, n, numClasses).blocks();
  }

  static FeatureStats stats(List<Block> blocks) {
    FeatureStats s = new FeatureStats(P);
    for (Block b : blocks) {
      s.add(b);
    }
    return s;
  }

  record Fit(double[] b, double kkt, double objective, Solution solution) {}

  static Fit fit(List<Block> blocks, int numClasses, double lambda, double alpha, boolean standardize, Solver solver,
      double[] start) {
    GlmSpec spec = new GlmSpec(Family.gaussian(), null, lambda, alpha, standardize, true, solver.name(), STOP);
    MultinomialSetup setup = MultinomialSetup.of(FitSetup.of(spec, stats(blocks)), new MultinomialLoss(numClasses));
    LocalMultinomialDataTerm data = new LocalMultinomialDataTerm(blocks, setup.loss(), P);
    Solution sol = solver.solve(setup.solverView(data), setup.solverPenalty(),
        start == null ? setup.startInSolverSpace() : start, setup.solverStop(STOP), IterationListener.none());
    double[] b = setup.toOriginal(sol.coefficients());
    Evaluation e = data.evaluate(b, Order.GRADIENT);
    return new Fit(b, setup.kktViolation(b, e.gradient()), setup.objective(e.value(), b), sol);
  }

  static double[] binomialFit(List<Block> blocks, double lambda, double alpha, boolean standardize) {
    GlmSpec spec = new GlmSpec(Family.binomial(), Link.LOGIT, lambda, alpha, standardize, true, "newton", STOP);
    FitSetup setup = FitSetup.of(spec, stats(blocks));
    DataTerm data = new LocalDataTerm(blocks, spec.loss(), P);
    Solution sol = new NewtonSolver().solve(setup.solverView(data), setup.solverPenalty(),
        setup.startInSolverSpace(), setup.solverStop(STOP), IterationListener.none());
    assertEquals(Status.CONVERGED, sol.status());
    return setup.toOriginal(sol.coefficients());
  }

  @ParameterizedTest(name = "lambda={0} alpha={1} standardize={2}")
  @CsvSource({"0.04,0,false", "0.04,0,true", "0.02,1,false", "0.02,1,true", "0.03,0.5,true", "0,0,false"})
  void twoClassesAreTheBinomialFitOfTheDifference(double lambda, double alpha, boolean standardize) {
    List<Block> blocks = data(7, 400, 2);
    Fit m = fit(blocks, 2, lambda, alpha, standardize, new NewtonSolver(), null);
    assertEquals(Status.CONVERGED, m.solution().status());
    assertTrue(m.kkt() <= 1e-9, "kkt " + m.kkt());
    // A ridge on both classes is, at the optimum b_1 = -b_0 = b/2, a ridge of lambda/2 on b; an L1 part keeps
    // lambda (|b_0| + |b_1| >= |b_1 - b_0|, with equality at the optimum): the elastic net maps to
    // lambda' = lambda (alpha + (1-alpha)/2), alpha' = alpha / (alpha + (1-alpha)/2).
    double scale = alpha + (1 - alpha) / 2;
    double[] b = binomialFit(blocks, lambda * scale, lambda == 0 ? 0 : alpha / scale, standardize);
    for (int j = 0; j <= P; j++) {
      assertEquals(b[j], m.b()[P + 1 + j] - m.b()[j], 1e-7, "b_1 - b_0 at " + j);
    }
    assertEquals(0.0, m.b()[P] + m.b()[2 * P + 1], 1e-15, "intercepts centred");
    if (alpha < 1) {
      for (int j = 0; j < P; j++) {
        // Centred by construction for a ridge, at the optimum (to the solver's accuracy) for an elastic net.
        assertEquals(0.0, m.b()[j] + m.b()[P + 1 + j], alpha == 0 ? 1e-12 : 1e-8, "coefficient " + j + " centred");
      }
    }
  }

  @Test
  void unpenalizedFitIsTheCentredMinimizerWhateverTheStart() {
    List<Block> blocks = data(3, 500, 3);
    Fit a = fit(blocks, 3, 0, 0, false, new NewtonSolver(), null);
    double[] shifted = new double[3 * (P + 1)];
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j <= P; j++) {
        shifted[k * (P + 1) + j] = 0.7 * j - 1.1 + 0.05 * k;  // a common shift plus a small per-class part
      }
    }
    Fit b = fit(blocks, 3, 0, 0, false, new NewtonSolver(), shifted);
    for (Fit f : List.of(a, b)) {
      assertEquals(Status.CONVERGED, f.solution().status());
      assertTrue(f.kkt() <= 1e-9, "kkt " + f.kkt());
      for (int j = 0; j <= P; j++) {
        double s = f.b()[j] + f.b()[P + 1 + j] + f.b()[2 * (P + 1) + j];
        assertEquals(0.0, s, 1e-12, "coordinate " + j + " centred");
      }
    }
    for (int j = 0; j < a.b().length; j++) {
      assertEquals(a.b()[j], b.b()[j], 1e-8, "coordinate " + j);
    }
  }

  @ParameterizedTest(name = "lambda={0} alpha={1} standardize={2}")
  @CsvSource({"0.02,1,true", "0.03,0.5,false", "0.05,0,true"})
  void newtonAndFistaAgree(double lambda, double alpha, boolean standardize) {
    List<Block> blocks = data(5, 300, 3);
    Fit n = fit(blocks, 3, lambda, alpha, standardize, new NewtonSolver(), null);
    Fit f = fit(blocks, 3, lambda, alpha, standardize, ProximalGradientSolver.proximalGradient(true), null);
    for (Fit x : List.of(n, f)) {
      assertEquals(Status.CONVERGED, x.solution().status());
      assertTrue(x.kkt() <= 1e-9, "kkt " + x.kkt());
    }
    assertEquals(n.objective(), f.objective(), 1e-12);
    for (int j = 0; j < n.b().length; j++) {
      assertEquals(n.b()[j], f.b()[j], 1e-6, "coordinate " + j);
    }
  }

  @Test
  void duplicatedRowEqualsWeightTwo() {
    Rows r = rows(9, 150, 3);
    Rows twice = new Rows(new ArrayList<>(r.x()), new ArrayList<>(r.y()), new ArrayList<>(r.w()));
    twice.x().add(r.x().get(0));
    twice.y().add(r.y().get(0));
    twice.w().add(1.0);
    r.w().set(0, 2.0);
    Fit a = fit(r.blocks(), 3, 0.02, 0.5, true, new NewtonSolver(), null);
    Fit b = fit(twice.blocks(), 3, 0.02, 0.5, true, new NewtonSolver(), null);
    for (int j = 0; j < a.b().length; j++) {
      assertEquals(a.b()[j], b.b()[j], 1e-9, "coordinate " + j);
    }
  }

  @Test
  void perClassChangeOfVariablesMatchesFiniteDifferences() {
    List<Block> blocks = data(11, 60, 3);
    GlmSpec spec = new GlmSpec(Family.gaussian(), null, 0.1, 0.5, true, true, "newton", STOP);
    MultinomialSetup setup = MultinomialSetup.of(FitSetup.of(spec, stats(blocks)), new MultinomialLoss(3));
    DataTerm view = setup.solverView(new LocalMultinomialDataTerm(blocks, setup.loss(), P));
    Random rnd = new Random(2);
    double[] c = new double[view.dimension()];
    for (int j = 0; j < c.length; j++) {
      c[j] = 0.3 * rnd.nextGaussian();
    }
    Evaluation e = view.evaluate(c, Order.HESSIAN);
    int d = c.length;
    double h = 1e-5;
    for (int a = 0; a < d; a++) {
      double[] up = c.clone();
      double[] down = c.clone();
      up[a] += h;
      down[a] -= h;
      Evaluation eu = view.evaluate(up, Order.GRADIENT);
      Evaluation ed = view.evaluate(down, Order.GRADIENT);
      assertEquals((eu.value() - ed.value()) / (2 * h), e.gradient()[a], 1e-8, "gradient " + a);
      for (int b = 0; b < d; b++) {
        assertEquals((eu.gradient()[b] - ed.gradient()[b]) / (2 * h), e.hessian()[a * d + b], 1e-7,
            "hessian " + a + "," + b);
      }
    }
  }

  @Test
  void perClassPenaltyRepeatsEveryClassAndRefusesBounds() {
    Penalty one = Penalty.elasticNet(2, 0.5, 0.4, new double[] {1, 3}, null);
    Penalty three = one.perClass(3);
    assertEquals(9, three.dimension());
    double[] b = {1, -2, 5, 0.5, 0, -7, -1, 1, 2};
    double expected = one.value(new double[] {1, -2, 5}) + one.value(new double[] {0.5, 0, -7})
        + one.value(new double[] {-1, 1, 2});
    assertEquals(expected, three.value(b), 1e-14);
    for (int k = 0; k < 3; k++) {
      assertEquals(0.0, three.l1(3 * k + 2));
      assertEquals(0.0, three.l2(3 * k + 2));
      assertEquals(one.l1(1), three.l1(3 * k + 1));
    }
    GlmSpec bounded = new GlmSpec(Family.gaussian(), null, 0.1, 0.5, true, true, "newton", STOP, null,
        new double[] {0, 0, 0, 0}, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultinomialSetup.of(
        FitSetup.of(bounded, stats(data(1, 20, 3))), new MultinomialLoss(3)));
    assertTrue(e.getMessage().contains("bounds"), e.getMessage());
  }
}
