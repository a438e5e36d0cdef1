package io.sparkglm.core.solver;

import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.penalty.Penalty;

/**
 * Proximal gradient with backtracking, accelerated by FISTA (Beck and Teboulle 2009, "A fast iterative
 * shrinkage-thresholding algorithm for linear inverse problems") with adaptive restart (O'Donoghue and
 * Candes 2015, "Adaptive restart for accelerated gradient schemes", gradient scheme). The smooth part is
 * {@code D + P_L2}; the L1 part is handled by its proximal operator (soft-thresholding), coefficient bounds by
 * projection after it (the prox of L1 plus a box's indicator: projected gradient when there is no L1 part).
 *
 * <p>Step: {@code x+ = prox_{t P_L1}(y - t grad f(y))}, accepted when
 * {@code f(x+) <= f(y) + grad f(y)'(x+ - y) + 1/(2t) |x+ - y|^2}, else {@code t} is halved. Each accepted
 * iteration starts from {@code t / } {@value #STEP_DECREASE} so the step can grow again. The optimality
 * measure is the KKT violation at {@code x+}, which needs {@code grad D(x+)}: trials evaluate value and
 * gradient, so an iteration costs one pass without acceleration (ISTA, where {@code y = x}) and two with it.
 *
 * <p>Without acceleration and without an L1 part this is gradient descent with an Armijo backtracking line
 * search (the sufficient-decrease test above with {@code x+ = x - t grad f(x)} is Armijo's with constant 1/2):
 * {@link #gradientDescent()} is that configuration and refuses L1 penalties.
 */
public final class ProximalGradientSolver implements Solver {
  /** Factor by which the step may grow at the start of each iteration. */
  public static final double STEP_DECREASE = 0.8;
  private static final int MAX_BACKTRACKS = 60;
  /** Relative size of function-value differences treated as rounding noise. */
  private static final double ROUNDING = 1e-11;

  private final String name;
  private final boolean accelerate;
  private final boolean smoothOnly;

  private ProximalGradientSolver(String name, boolean accelerate, boolean smoothOnly) {
    this.name = name;
    this.accelerate = accelerate;
    this.smoothOnly = smoothOnly;
  }

  /** {@code proxgrad}: proximal gradient, FISTA acceleration on or off. */
  public static ProximalGradientSolver proximalGradient(boolean accelerate) {
    return new ProximalGradientSolver("proxgrad", accelerate, false);
  }

  /** {@code gd}: gradient descent with backtracking Armijo line search; smooth penalties only. */
  public static ProximalGradientSolver gradientDescent() {
    return new ProximalGradientSolver("gd", false, true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean supports(Penalty penalty) {
    return !(smoothOnly && !penalty.isSmooth());
  }

  @Override
  public Solution solve(DataTerm data, Penalty penalty, double[] start, StoppingRule stop,
      IterationListener listener) {
    if (!supports(penalty)) {
      throw new IllegalArgumentException(name + " handles smooth penalties only (L2 or none, no coefficient "
          + "bounds); for L1 or elastic net use newton, proxgrad or lbfgs (OWL-QN), for bounds newton or proxgrad");
    }
    IterationLog log = IterationLog.over(name, data, listener);
    double[] x = start.clone();
    penalty.projectInPlace(x);
    double step = 1.0;
    double momentum = 1.0;
    double[] y = null;
    int iter = 0;
    java.util.Optional<SolverState> resumed = log.checkpoints().resume(name);
    if (resumed.isPresent()) {
      SolverState st = resumed.get();
      x = SolverStates.sameLength(st.vector("x"), start.length, name);
      y = st.scalar("extrapolated") != 0.0 ? SolverStates.sameLength(st.vector("y"), start.length, name) : null;
      step = st.scalar("step");
      momentum = st.scalar("momentum");
      iter = st.iteration();
    }
    data.describe(name + ": value and gradient at the start");
    Evaluation ex = data.evaluate(x, Order.GRADIENT);
    double fx = ex.value() + penalty.value(x);
    if (!Double.isFinite(fx)) {
      return log.notFinite(x, fx);
    }
    double kkt = penalty.kktViolation(x, ex.gradient());
    if (y == null) {
      y = x;
    }
    Evaluation ey = ex;
    Status status = Status.MAX_ITERATIONS;
    while (kkt > stop.tolerance() && iter < stop.maxIterations()) {
      iter++;
      if (y != x) {
        data.describe(name + " iteration " + iter + ": gradient at the extrapolated point");
        ey = data.evaluate(y, Order.GRADIENT);
      }
      Trial trial = backtrack(data, penalty, y, ey, step / STEP_DECREASE, iter);
      if (trial == null) {
        status = Status.LINE_SEARCH_FAILED;
        break;
      }
      step = trial.step();
      double[] xNew = trial.x();
      Evaluation eNew = trial.e();
      double fNew = eNew.value() + penalty.value(xNew);
      double fPrev = fx;
      double[] xOld = x;
      x = xNew;
      ex = eNew;
      fx = fNew;
      kkt = penalty.kktViolation(x, ex.gradient());
      if (accelerate && !restart(y, x, xOld)) {
        double next = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
        double extrapolation = (momentum - 1) / next;
        momentum = next;
        y = extrapolation == 0.0 ? x : NewtonSolver.add(x, extrapolation, NewtonSolver.add(x, -1.0, xOld));
        if (y == x) {
          ey = ex;
        }
      } else {
        momentum = 1.0;
        y = x;
        ey = ex;
      }
      log.record(iter, fx, kkt, step);
      log.checkpoints().offer(iter, state(iter, x, y, step, momentum));
      if (stop.stalled(fPrev, fx)) {
        status = Status.CONVERGED;
        break;
      }
    }
    if (kkt <= stop.tolerance()) {
      status = Status.CONVERGED;
    }
    return log.solution(x, fx, kkt, iter, status);
  }

  /** The state after iteration {@code iter}: {@code y} is saved only when it is not {@code x} itself. */
  private java.util.function.Supplier<SolverState> state(int iter, double[] x, double[] y, double step,
      double momentum) {
    return () -> new SolverState(name, iter, y == x ? java.util.Map.of("x", x) : java.util.Map.of("x", x, "y", y),
        java.util.Map.of("step", step, "momentum", momentum, "extrapolated", y == x ? 0.0 : 1.0));
  }

  /** An accepted proximal step: the new point, its evaluation and the step size that passed the test. */
  private record Trial(double[] x, Evaluation e, double step) {
  }

  /**
   * Backtracking from {@code step} (halving, at most {@value #MAX_BACKTRACKS} trials): the first proximal step from
   * {@code y} that passes the sufficient-decrease test {@code f(x+) <= f(y) + g'(x+ - y) + |x+ - y|^2 / (2t)} on the
   * smooth part, or its gradient form below rounding level; {@code null} when none does.
   */
  private Trial backtrack(DataTerm data, Penalty penalty, double[] y, Evaluation ey, double step, int iter) {
    double[] gy = ey.gradient().clone();
    penalty.addSmoothGradientInto(y, gy);
    double smoothY = ey.value() + penalty.smoothValue(y);
    for (int bt = 0; bt < MAX_BACKTRACKS; bt++) {
      double[] xNew = proxStep(y, gy, step, penalty);
      data.describe(name + " iteration " + iter + ": trial step " + step);
      Evaluation eNew = data.evaluate(xNew, Order.GRADIENT);
      double smoothNew = eNew.value() + penalty.smoothValue(xNew);
      double bound = smoothY;
      double sq = 0.0;
      for (int j = 0; j < xNew.length; j++) {
        double dj = xNew[j] - y[j];
        bound += gy[j] * dj;
        sq += dj * dj;
      }
      bound += sq / (2 * step);
      // The test's margin is of the order of |x+ - y|^2/(2t); once that is below the rounding error of f
      // the function values cannot decide and the gradient form of the test is used instead.
      boolean belowRounding = sq / (2 * step) <= ROUNDING * Math.max(1.0, Math.abs(smoothY));
      boolean accepted = belowRounding ? curvatureTestPasses(eNew.gradient(), ey.gradient(), xNew, y, step, penalty)
          : smoothNew <= bound;
      if (accepted) {
        return new Trial(xNew, eNew, step);
      }
      step *= 0.5;
    }
    return null;
  }

  /**
   * The gradient form of the sufficient-decrease test, {@code (grad f(x+) - grad f(y))'(x+ - y) <= |x+ - y|^2 / t},
   * used once the test's margin is below the rounding error of the function values (as TFOCS does; Becker, Candes and Grant
   * 2011): near the optimum the change in {@code f} is far below its rounding error, while gradients still
   * carry the information.
   */
  private static boolean curvatureTestPasses(double[] gNew, double[] gY, double[] xNew, double[] y, double step,
      Penalty penalty) {
    double inner = 0.0;
    double sq = 0.0;
    for (int j = 0; j < xNew.length; j++) {
      double dj = xNew[j] - y[j];
      double dg = (gNew[j] + penalty.l2(j) * xNew[j]) - (gY[j] + penalty.l2(j) * y[j]);
      inner += dg * dj;
      sq += dj * dj;
    }
    return inner <= sq / step;
  }

  /**
   * The gradient restart test of O'Donoghue and Candes: drop the momentum when the last step points against
   * the gradient mapping, {@code (y - x+)'(x+ - x) > 0}. Unlike the function-value test it stays reliable when
   * objective differences are below rounding.
   */
  private static boolean restart(double[] y, double[] xNew, double[] xOld) {
    double s = 0.0;
    for (int j = 0; j < y.length; j++) {
      s += (y[j] - xNew[j]) * (xNew[j] - xOld[j]);
    }
    return s > 0;
  }

  private static double[] proxStep(double[] y, double[] g, double step, Penalty penalty) {
    double[] z = new double[y.length];
    for (int j = 0; j < y.length; j++) {
      z[j] = y[j] - step * g[j];
    }
    penalty.softThresholdInPlace(z, step);
    return z;
  }
}
