package io.sparkglm.core.solver;

import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.penalty.Penalty;

/**
 * Newton's method (IRLS) for smooth problems and proximal Newton for L1 / elastic net.
 *
 * <p>Each iteration takes one {@link Order#HESSIAN} pass for {@code D}, {@code grad D} and the Hessian
 * {@code H} at {@code x}, then finds the direction on the driver: for a smooth penalty by solving
 * {@code (H + diag(l2)) d = -(g + l2 x)} (Cholesky, Levenberg-damped if needed); with L1 by minimizing the
 * quadratic model {@code g'(z-x) + 1/2 (z-x)'H(z-x) + P(z)} with {@link QuadraticCoordinateDescent}
 * (glmnet's inner loop; with coefficient bounds each coordinate update is clipped to its box, so {@code z} and
 * every step {@code x + t d}, {@code t <= 1}, stay in it), {@code d = z - x}. The step {@code t} is found by backtracking from 1 until
 * {@code F(x + t d) <= F(x) + sigma t Delta}, {@code Delta = g'd + P(x+d) - P(x)} (Lee, Sun and Saunders
 * 2014, "Proximal Newton-type methods for minimizing composite functions"). The trial at {@code t = 1}
 * evaluates the Hessian too, so an accepted full step costs exactly one pass per iteration.
 *
 * <p>The curvature is the observed information where positive, else the expected information (see
 * {@link io.sparkglm.core.family.GlmLoss}); for canonical links this is exact Newton. The Hessian is
 * {@code (p+1)^2} doubles: this solver refuses {@code p > } {@value #DEFAULT_MAX_FEATURES} by default.
 */
public final class NewtonSolver implements Solver {
  /** The largest p this solver accepts by default (the Hessian is (p+1)^2 doubles, gathered on the driver). */
  public static final int DEFAULT_MAX_FEATURES = 2000;
  private static final double ARMIJO = 1e-4;
  private static final double BACKTRACK = 0.5;
  private static final int MAX_BACKTRACKS = 40;
  private static final int MAX_SWEEPS = 2000;
  /** Relative size of objective differences treated as rounding noise. */
  private static final double ROUNDING = 1e-12;

  private final int maxFeatures;

  /** A Newton solver accepting up to {@value #DEFAULT_MAX_FEATURES} features. */
  public NewtonSolver() {
    this(DEFAULT_MAX_FEATURES);
  }

  /** A Newton solver accepting up to {@code maxFeatures} features. */
  public NewtonSolver(int maxFeatures) {
    this.maxFeatures = maxFeatures;
  }

  @Override
  public String name() {
    return "newton";
  }

  @Override
  public boolean supports(Penalty penalty) {
    return true;
  }

  @Override
  public Solution solve(DataTerm data, Penalty penalty, double[] start, StoppingRule stop,
      IterationListener listener) {
    int d = data.dimension();
    if (d - 1 > maxFeatures) {
      throw new IllegalArgumentException("newton gathers the (p+1) x (p+1) Hessian on the driver; p = " + (d - 1)
          + " exceeds its limit of " + maxFeatures + " features: use solver lbfgs or proxgrad");
    }
    IterationLog log = IterationLog.over(name(), data, listener);
    double[] x = start.clone();
    penalty.projectInPlace(x);
    int iter = 0;
    java.util.Optional<SolverState> resumed = log.checkpoints().resume(name());
    if (resumed.isPresent()) {
      x = SolverStates.sameLength(resumed.get().vector("x"), d, name());
      iter = resumed.get().iteration();
    }
    data.describe("newton: value, gradient and Hessian at the start");
    Evaluation e = data.evaluate(x, Order.HESSIAN);
    double f = e.value() + penalty.value(x);
    if (!Double.isFinite(f)) {
      return log.notFinite(x, f);
    }
    double kkt = penalty.kktViolation(x, e.gradient());
    Status status = Status.MAX_ITERATIONS;
    while (kkt > stop.tolerance() && iter < stop.maxIterations()) {
      iter++;
      double[] dir = direction(e, x, penalty, kkt);
      Step step = lineSearch(data, penalty, x, f, e, dir, iter);
      if (step == null) {
        status = Status.LINE_SEARCH_FAILED;
        break;
      }
      double fPrev = f;
      x = step.x();
      e = step.evaluation();
      f = step.value();
      kkt = penalty.kktViolation(x, e.gradient());
      log.record(iter, f, kkt, step.t());
      double[] at = x;
      int done = iter;
      log.checkpoints().offer(iter, () -> new SolverState(name(), done, java.util.Map.of("x", at),
          java.util.Map.of()));
      if (stop.stalled(fPrev, f)) {
        status = Status.CONVERGED;
        break;
      }
    }
    if (kkt <= stop.tolerance()) {
      status = Status.CONVERGED;
    }
    return log.solution(x, f, kkt, iter, status);
  }

  /** An accepted step: the new point, its {@link Order#HESSIAN} evaluation, its objective and the step size. */
  private record Step(double[] x, Evaluation evaluation, double value, double t) {}

  /**
   * Backtracks along {@code dir} from {@code t = 1} until the Armijo condition on {@code F} holds (or the
   * predicted decrease is below rounding), then makes sure the accepted point carries its Hessian; null when
   * no step of the {@value #MAX_BACKTRACKS} tried decreases {@code F}.
   */
  private static Step lineSearch(DataTerm data, Penalty penalty, double[] x, double f, Evaluation e,
      double[] dir, int iter) {
    double delta = dot(e.gradient(), dir) + penalty.value(add(x, 1.0, dir)) - penalty.value(x);
    double t = 1.0;
    double[] trial = add(x, t, dir);
    data.describe("newton iteration " + iter + ": trial step 1");
    Evaluation et = data.evaluate(trial, Order.HESSIAN);
    double ft = et.value() + penalty.value(trial);
    // Near the optimum the predicted decrease falls below the rounding error of F; the quadratic model is
    // then exact to working precision and the full step is taken unless F visibly increases.
    double noise = ROUNDING * Math.max(1.0, Math.abs(f));
    boolean negligible = -delta <= noise && ft <= f + noise;
    int backtracks = 0;
    while (!negligible && !(ft <= f + ARMIJO * t * delta) && backtracks < MAX_BACKTRACKS) {
      t *= BACKTRACK;
      backtracks++;
      trial = add(x, t, dir);
      data.describe("newton iteration " + iter + ": backtracking, step " + t);
      et = data.evaluate(trial, Order.VALUE);
      ft = et.value() + penalty.value(trial);
    }
    if (!negligible && !(ft <= f + ARMIJO * t * delta)) {
      return null;
    }
    if (et.order() != Order.HESSIAN) {
      data.describe("newton iteration " + iter + ": Hessian at the accepted step");
      et = data.evaluate(trial, Order.HESSIAN);
    }
    return new Step(trial, et, ft, t);
  }

  private static double[] direction(Evaluation e, double[] x, Penalty penalty, double kkt) {
    int d = x.length;
    double[] h = e.hessian();
    double[] g = e.gradient();
    if (penalty.isSmooth()) {
      double[] a = h.clone();
      double[] r = new double[d];
      for (int j = 0; j < d; j++) {
        a[j * d + j] += penalty.l2(j);
        r[j] = penalty.isFixed(j) ? 0.0 : -(g[j] + penalty.l2(j) * x[j]);
      }
      for (int j = 0; j < d; j++) {
        if (penalty.isFixed(j)) {
          // Decouple a fixed coordinate (identity row and column) so that its step is exactly 0.
          for (int k = 0; k < d; k++) {
            a[j * d + k] = 0.0;
            a[k * d + j] = 0.0;
          }
          a[j * d + j] = 1.0;
        }
      }
      return DenseCholesky.solveDamped(a, r, d);
    }
    double tol = Math.max(1e-14, Math.min(1e-4, 1e-3 * kkt));
    double[] z = QuadraticCoordinateDescent.minimize(h, g, x, penalty, tol, MAX_SWEEPS);
    return add(z, -1.0, x);
  }

  static double[] add(double[] x, double t, double[] d) {
    double[] r = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      r[j] = x[j] + t * d[j];
    }
    return r;
  }

  static double dot(double[] a, double[] b) {
    double s = 0.0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
