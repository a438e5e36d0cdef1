package io.sparkglm.spark.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.core.solver.LocalDataTerm;
import io.sparkglm.core.solver.NewtonSolver;
import io.sparkglm.core.solver.ProximalGradientSolver;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LbfgsSolver} on local data terms (no Spark): agreement with {@link NewtonSolver}, closed forms (ridge,
 * strong L1), fixed coordinates, stopping statuses, and points outside the loss's domain.
 */
class LbfgsSolverTest {
  private static final StoppingRule TIGHT = new StoppingRule(1000, 1e-8, StoppingRule.DEFAULT_OBJECTIVE_TOLERANCE);

  /** Rows {@code x} (n x p), labels {@code y}, in blocks of 7 rows. */
  private static LocalDataTerm dataTerm(double[][] x, double[] y, GlmLoss loss) {
    int p = x[0].length;
    BlockBuilder builder = new BlockBuilder(p, 7, false, false);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      builder.addDense(x[i], y[i], 1.0, 0.0);
      if (builder.isFull()) {
        blocks.add(builder.build());
      }
    }
    if (builder.numRows() > 0) {
      blocks.add(builder.build());
    }
    return new LocalDataTerm(blocks, loss, p);
  }

  private static double[][] features(int n, int p, Random rnd) {
    double[][] x = new double[n][p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        row[j] = rnd.nextGaussian() * (1 + j % 3);
      }
    }
    return x;
  }

  private static double eta(double[] row, double[] beta, double intercept) {
    double s = intercept;
    for (int j = 0; j < row.length; j++) {
      s += row[j] * beta[j];
    }
    return s;
  }

  private static LocalDataTerm gaussian(int n, int p, long seed) {
    Random rnd = new Random(seed);
    double[][] x = features(n, p, rnd);
    double[] beta = new double[p];
    for (int j = 0; j < p; j++) {
      beta[j] = j % 2 == 0 ? 1.0 / (j + 1) : 0.0;
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = eta(x[i], beta, 0.5) + 0.3 * rnd.nextGaussian();
    }
    return dataTerm(x, y, GlmLoss.of(Family.gaussian(), Link.IDENTITY));
  }

  private static LocalDataTerm binomial(int n, int p, long seed) {
    Random rnd = new Random(seed);
    double[][] x = features(n, p, rnd);
    double[] beta = new double[p];
    for (int j = 0; j < p; j++) {
      beta[j] = j % 2 == 0 ? 0.8 / (j + 1) : 0.0;
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-eta(x[i], beta, -0.4))) ? 1.0 : 0.0;
    }
    return dataTerm(x, y, GlmLoss.of(Family.binomial(), Link.LOGIT));
  }

  /** {@code max_j |grad_j D|} over the features at zero coefficients (the lasso's lambda_max for that start). */
  private static double lambdaMax(DataTerm data, double[] at) {
    double[] g = data.evaluate(at, Order.GRADIENT).gradient();
    double m = 0.0;
    for (int j = 0; j < g.length - 1; j++) {
      m = Math.max(m, Math.abs(g[j]));
    }
    return m;
  }

  private static void assertMatchesNewton(DataTerm data, Penalty penalty) {
    double[] start = new double[data.dimension()];
    Solution newton = new NewtonSolver().solve(data, penalty, start, TIGHT, IterationListener.none());
    Solution lbfgs = new LbfgsSolver().solve(data, penalty, start, TIGHT, IterationListener.none());
    assertEquals(Status.CONVERGED, newton.status(), "newton");
    assertEquals(Status.CONVERGED, lbfgs.status(), "lbfgs");
    assertTrue(lbfgs.optimality() <= 1e-6, "kkt " + lbfgs.optimality());
    assertEquals(lbfgs.optimality(), penalty.kktViolation(lbfgs.coefficients(),
        data.evaluate(lbfgs.coefficients(), Order.GRADIENT).gradient()), 1e-12);
    assertArrayEquals(newton.coefficients(), lbfgs.coefficients(), 1e-6);
    assertEquals(newton.objective(), lbfgs.objective(), 1e-9 * Math.abs(newton.objective()));
    double f = data.evaluate(lbfgs.coefficients(), Order.VALUE).value() + penalty.value(lbfgs.coefficients());
    assertEquals(f, lbfgs.objective(), 1e-12 * Math.abs(f));
  }

  @Test
  void smoothProblemsMatchNewton() {
    LocalDataTerm g = gaussian(200, 6, 1);
    assertMatchesNewton(g, Penalty.none(6));
    assertMatchesNewton(g, Penalty.elasticNet(6, 0.3, 0.0, null, null));
    LocalDataTerm b = binomial(300, 5, 2);
    assertMatchesNewton(b, Penalty.none(5));
    assertMatchesNewton(b, Penalty.elasticNet(5, 0.05, 0.0, new double[] {1, 2, 0.5, 1, 3}, null));
  }

  @Test
  void lassoAndElasticNetMatchNewton() {
    LocalDataTerm b = binomial(300, 8, 3);
    double lmax = lambdaMax(b, new double[9]);
    assertMatchesNewton(b, Penalty.elasticNet(8, 0.2 * lmax, 1.0, null, null));
    assertMatchesNewton(b, Penalty.elasticNet(8, 0.1, 0.5, null, null));
    LocalDataTerm g = gaussian(150, 10, 4);
    assertMatchesNewton(g, Penalty.elasticNet(10, 0.1, 1.0, null, null));
    assertMatchesNewton(g, Penalty.elasticNet(10, 0.2, 0.3, new double[] {1, 1, 2, 2, 0.5, 0.5, 1, 1, 1, 1}, null));
  }

  /** Fixed coordinates (no intercept, one unusable feature) with smooth and L1 penalties; proxgrad agrees too. */
  @Test
  void fixedCoordinatesMatchNewtonAndProximalGradient() {
    boolean[] fixed = new boolean[7];
    fixed[2] = true;
    fixed[6] = true;
    LocalDataTerm b = binomial(300, 6, 9);
    LocalDataTerm g = gaussian(200, 6, 10);
    for (Penalty penalty : List.of(Penalty.elasticNet(6, 0.02, 0.0, null, fixed),
        Penalty.elasticNet(6, 0.02, 0.6, null, fixed))) {
      for (LocalDataTerm data : List.of(b, g)) {
        assertMatchesNewton(data, penalty);
        Solution s = new LbfgsSolver().solve(data, penalty, new double[7], TIGHT, IterationListener.none());
        assertEquals(0.0, s.coefficients()[2]);
        assertEquals(0.0, s.coefficients()[6]);
        Solution fista = ProximalGradientSolver.proximalGradient(true).solve(data, penalty, new double[7], TIGHT,
            IterationListener.none());
        assertEquals(Status.CONVERGED, fista.status());
        assertArrayEquals(s.coefficients(), fista.coefficients(), 1e-6);
      }
    }
  }

  /**
   * Ridge, closed form: {@code (X1'X1/n + diag(lambda, lambda, 0)) b = X1'y/n} with {@code X1 = [X, 1]}, and
   * without an intercept (fixed at 0) {@code (X'X/n + lambda I) b = X'y/n}.
   */
  @Test
  void gaussianRidgeEqualsClosedForm() {
    double[][] x = {{1, 2}, {0, -1}, {3, 1}, {-2, 0.5}, {1.5, -2}, {0.5, 0}};
    double[] y = {1, -0.5, 2.5, -1, 0.3, 0.7};
    double lambda = 0.7;
    LocalDataTerm data = dataTerm(x, y, GlmLoss.of(Family.gaussian(), Link.IDENTITY));
    double[] expected = ridge(x, y, lambda, true);
    Solution s = new LbfgsSolver().solve(data, Penalty.elasticNet(2, lambda, 0.0, null, null), new double[3],
        TIGHT, IterationListener.none());
    assertEquals(Status.CONVERGED, s.status());
    assertArrayEquals(expected, s.coefficients(), 1e-7);

    boolean[] noIntercept = {false, false, true};
    double[] expectedNoIntercept = ridge(x, y, lambda, false);
    Solution t = new LbfgsSolver().solve(data, Penalty.elasticNet(2, lambda, 0.0, null, noIntercept),
        new double[] {0, 0, 5.0}, TIGHT, IterationListener.none());
    assertEquals(Status.CONVERGED, t.status());
    assertEquals(0.0, t.coefficients()[2]);
    assertArrayEquals(expectedNoIntercept, t.coefficients(), 1e-7);
  }

  /** Solves the ridge normal equations (intercept last, unpenalized) by Gaussian elimination. */
  private static double[] ridge(double[][] x, double[] y, double lambda, boolean intercept) {
    int n = x.length;
    int p = x[0].length;
    int d = intercept ? p + 1 : p;
    double[][] a = new double[d][d + 1];
    for (int i = 0; i < n; i++) {
      double[] row = new double[d];
      System.arraycopy(x[i], 0, row, 0, p);
      if (intercept) {
        row[p] = 1.0;
      }
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < d; k++) {
          a[j][k] += row[j] * row[k] / n;
        }
        a[j][d] += row[j] * y[i] / n;
      }
    }
    for (int j = 0; j < p; j++) {
      a[j][j] += lambda;
    }
    for (int c = 0; c < d; c++) {
      for (int r = c + 1; r < d; r++) {
        double m = a[r][c] / a[c][c];
        for (int k = c; k <= d; k++) {
          a[r][k] -= m * a[c][k];
        }
      }
    }
    double[] b = new double[p + 1];
    for (int r = d - 1; r >= 0; r--) {
      double s = a[r][d];
      for (int k = r + 1; k < d; k++) {
        s -= a[r][k] * b[k];
      }
      b[r] = s / a[r][r];
    }
    return b;
  }

  @Test
  void strongL1GivesZeroCoefficientsAndLogitOfMeanIntercept() {
    LocalDataTerm b = binomial(250, 6, 5);
    // mean y from the intercept gradient at b = 0: grad_p = mean(mu - y) = 0.5 - mean(y)
    double ybar = 0.5 - b.evaluate(new double[7], Order.GRADIENT).gradient()[6];
    double logit = Math.log(ybar / (1 - ybar));
    double[] atNull = new double[7];
    atNull[6] = logit;
    double lambda = 1.5 * lambdaMax(b, atNull);
    Solution s = new LbfgsSolver().solve(b, Penalty.elasticNet(6, lambda, 1.0, null, null), new double[7],
        TIGHT, IterationListener.none());
    assertEquals(Status.CONVERGED, s.status());
    for (int j = 0; j < 6; j++) {
      assertEquals(0.0, s.coefficients()[j], "coefficient " + j);
    }
    assertEquals(logit, s.coefficients()[6], 1e-6);
  }

  @Test
  void fixedFeatureStaysExactlyZeroWithL1() {
    LocalDataTerm b = binomial(200, 5, 6);
    boolean[] fixed = {false, false, true, false, false, false};
    Solution s = new LbfgsSolver().solve(b, Penalty.elasticNet(5, 0.01, 0.7, null, fixed), new double[6], TIGHT,
        IterationListener.none());
    assertEquals(Status.CONVERGED, s.status());
    assertEquals(0.0, s.coefficients()[2]);
    assertTrue(s.optimality() <= 1e-8);
  }

  @Test
  void maxIterationsReportsHistoryAndPasses() {
    LocalDataTerm b = binomial(300, 8, 7);
    List<IterationRecord> seen = new ArrayList<>();
    long before = b.passes();
    Solution s = new LbfgsSolver().solve(b, Penalty.none(8), new double[9], new StoppingRule(2, 1e-10, 0.0),
        (name, r) -> {
          assertEquals("lbfgs", name);
          seen.add(r);
        });
    assertEquals(Status.MAX_ITERATIONS, s.status());
    assertEquals(2, s.iterations());
    assertEquals(2, s.history().size());
    assertEquals(s.history(), seen);
    assertEquals(b.passes() - before, s.passes());
    assertTrue(s.passes() >= 3, "passes " + s.passes());
    assertEquals(s.passes(), s.history().get(1).passes());
    assertTrue(s.history().get(0).passes() < s.history().get(1).passes());
    assertEquals(1, s.history().get(0).iteration());
    assertTrue(s.history().get(1).objective() <= s.history().get(0).objective());
    assertTrue(s.history().get(1).step() > 0);
  }

  @Test
  void startAtOptimumTakesNoIteration() {
    LocalDataTerm g = gaussian(50, 3, 8);
    Solution first = new LbfgsSolver().solve(g, Penalty.none(3), new double[4], TIGHT, IterationListener.none());
    Solution again = new LbfgsSolver().solve(g, Penalty.none(3), first.coefficients(), TIGHT,
        IterationListener.none());
    assertEquals(Status.CONVERGED, again.status());
    assertEquals(0, again.iterations());
    assertEquals(1, again.passes());
  }

  /**
   * {@code D(b) = sum_j (b_j - log b_j)}, +Infinity or NaN for {@code b_j <= 0} (as a non-canonical link
   * outside its domain): minimized at {@code b_j = 1 / (1 + l1_j + l2_j)} for a penalty on every coordinate
   * solving {@code 1 - 1/b + l1 + l2 b = 0}... here with l2 = 0: {@code b = 1/(1 + l1)}.
   */
  private static final class LogBarrier implements DataTerm {
    private final int dimension;
    private long passes;

    LogBarrier(int dimension) {
      this.dimension = dimension;
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public Evaluation evaluate(double[] coef, Order order) {
      passes++;
      double v = 0.0;
      double[] g = new double[dimension];
      for (int j = 0; j < dimension; j++) {
        v += coef[j] - Math.log(coef[j]);
        g[j] = 1 - 1 / coef[j];
      }
      return new Evaluation(v, g, null, Order.GRADIENT);
    }

    @Override
    public long passes() {
      return passes;
    }
  }

  @Test
  void pointsOutsideTheDomainAreRejectedNotFatal() {
    double[] start = {0.01, 0.05, 0.02, 3.0};
    Solution smooth = new LbfgsSolver().solve(new LogBarrier(4), Penalty.none(3), start, TIGHT,
        IterationListener.none());
    assertEquals(Status.CONVERGED, smooth.status());
    assertArrayEquals(new double[] {1, 1, 1, 1}, smooth.coefficients(), 1e-7);
    Solution l1 = new LbfgsSolver().solve(new LogBarrier(4), Penalty.elasticNet(3, 0.5, 1.0, null, null), start,
        TIGHT, IterationListener.none());
    assertEquals(Status.CONVERGED, l1.status());
    assertArrayEquals(new double[] {1 / 1.5, 1 / 1.5, 1 / 1.5, 1}, l1.coefficients(), 1e-7);
  }

  @Test
  void nonFiniteStartIsReported() {
    Solution s = new LbfgsSolver().solve(new LogBarrier(2), Penalty.none(1), new double[] {-1, 1}, TIGHT,
        IterationListener.none());
    assertEquals(Status.NOT_FINITE, s.status());
    assertEquals(0, s.iterations());
    assertEquals(1, s.passes());
  }

  @Test
  void providerParsesMemoryAndIsRegistered() {
    LbfgsProvider provider = new LbfgsProvider();
    assertEquals(5, ((LbfgsSolver) provider.create(Map.of(LbfgsProvider.MEMORY, "5"))).memory());
    assertEquals(LbfgsSolver.DEFAULT_MEMORY, ((LbfgsSolver) provider.create(Map.of())).memory());
    assertThrows(IllegalArgumentException.class, () -> provider.create(Map.of(LbfgsProvider.MEMORY, "0")));
    assertThrows(IllegalArgumentException.class, () -> provider.create(Map.of(LbfgsProvider.MEMORY, "ten")));
    SolverRegistry registry = SolverRegistry.load();
    assertTrue(registry.names().contains("lbfgs"), registry.names().toString());
    assertTrue(registry.names().contains("newton"));
    DistributedSolver solver = registry.create("lbfgs", 3, Penalty.elasticNet(3, 0.1, 1.0, null, null),
        Map.of(LbfgsProvider.MEMORY, "7"));
    assertEquals("lbfgs", solver.name());
  }
}
