package io.sparkglm.spark.solver;

import breeze.linalg.DenseVector;
import breeze.linalg.DenseVector$;
import breeze.linalg.DenseVector$mcD$sp;
import breeze.math.MutableFiniteCoordinateField;
import breeze.optimize.DiffFunction;
import breeze.optimize.FirstOrderMinimizer;
import breeze.optimize.FirstOrderMinimizer$;
import breeze.optimize.LBFGS;
import breeze.optimize.OWLQN;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.IterationLog;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Solver;
import io.sparkglm.core.solver.SolverState;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import java.util.Arrays;
import scala.Function1;
import scala.Tuple2;

/**
 * Limited-memory BFGS (Liu and Nocedal 1989, "On the limited memory BFGS method for large scale
 * optimization", Math. Programming 45) for smooth penalties, and its orthant-wise variant OWL-QN (Andrew and
 * Gao 2007, "Scalable training of L1-regularized log-linear models", ICML) when the penalty has an L1 part.
 * Both come from Breeze ({@code breeze.optimize.LBFGS}, {@code breeze.optimize.OWLQN}); this class only
 * feeds them the objective and decides when to stop.
 *
 * <p>The smooth function handed to Breeze is {@code f(b) = D(b) + sum_j l2_j/2 b_j^2} with gradient
 * {@code grad D(b) + l2 o b}, one {@link Order#GRADIENT} pass per distinct point (a one-entry cache absorbs
 * Breeze's repeated requests for the same point). OWL-QN adds {@code sum_j l1_j |b_j|} itself, with the
 * per-coordinate weights of the {@link Penalty}. Fixed coordinates start at 0 and get a zero gradient, so the
 * two-loop recursion never moves them; they are also set to exactly 0 in the result.
 *
 * <p>Iterations are pulled one at a time from Breeze's lazy state iterator, whose own convergence tests are
 * disabled (only its line-search-failure signal is kept), so the {@link StoppingRule} alone decides:
 * {@link Status#CONVERGED} when the KKT violation {@link Penalty#kktViolation} is at most the tolerance or
 * the objective has stalled, {@link Status#MAX_ITERATIONS} at the limit, {@link Status#LINE_SEARCH_FAILED}
 * when Breeze's line search fails twice in a row (Breeze resets its memory after the first failure; that
 * retry is not counted as an iteration), {@link Status#NOT_FINITE} when {@code F} is not finite at the start.
 * Each iteration's record has {@code F = D + P} (including L1), the KKT violation, and as {@code step} the
 * largest coordinate change {@code |b_k - b_{k-1}|_inf} (Breeze does not expose its step length).
 *
 * <p>Line searches: L-BFGS uses Breeze's strong Wolfe search (cubic interpolation), OWL-QN a backtracking
 * search on the projected path. Points outside the domain of a non-canonical link (where {@code D} is
 * {@code +Infinity} or NaN) are reported to Breeze as {@code +Infinity} with a zero gradient: the strong Wolfe
 * search then halves the trial step and backtracking shrinks it, so such trials cost a pass but never crash
 * or get accepted. Passes per iteration are typically 1 to 2 (more on the first iteration, whose initial step
 * Breeze scales by {@code 1/|direction|}).
 *
 * <p>Checkpoints ({@link IterationListener#checkpoints}): after each accepted step the whole Breeze state (the
 * point, values, gradients and the L-BFGS memory) is offered; a resumed run rebuilds it and continues Breeze's
 * iteration from it, so it takes the same steps as the run that saved it.
 *
 * <p>Stateless: every {@link #solve} builds its own Breeze minimizer.
 */
public final class LbfgsSolver implements DistributedSolver, Solver {
  /** Default number of correction pairs kept (the L-BFGS memory m). */
  public static final int DEFAULT_MEMORY = 10;

  private final int memory;

  /** An L-BFGS / OWL-QN solver with memory {@value #DEFAULT_MEMORY}. */
  public LbfgsSolver() {
    this(DEFAULT_MEMORY);
  }

  /**
   * An L-BFGS / OWL-QN solver keeping {@code memory} correction pairs.
   *
   * @throws IllegalArgumentException when {@code memory < 1}
   */
  public LbfgsSolver(int memory) {
    if (memory < 1) {
      throw new IllegalArgumentException("lbfgs memory must be >= 1, got " + memory);
    }
    this.memory = memory;
  }

  /** The number of correction pairs kept. */
  public int memory() {
    return memory;
  }

  @Override
  public String name() {
    return "lbfgs";
  }

  /** Saves and resumes Breeze's state (see the class comment). */
  @Override
  public boolean resumable() {
    return true;
  }

  /** L-BFGS needs only full-data evaluations. */
  @Override
  public java.util.Optional<Solver> fullBatch() {
    return java.util.Optional.of(this);
  }

  /** Every penalty without coefficient bounds: L-BFGS when smooth, OWL-QN with L1. */
  @Override
  public boolean supports(Penalty penalty) {
    return !penalty.hasBounds();
  }

  @Override
  public Solution solve(TrainingProblem problem, StoppingRule stop, IterationListener listener) {
    return solve(problem.data(), problem.penalty(), problem.start(), stop, listener);
  }

  /**
   * Minimizes {@code data + penalty} from {@code start}.
   *
   * @param start length {@code data.dimension()}; not modified (fixed coordinates are started at 0)
   */
  @Override
  public Solution solve(DataTerm data, Penalty penalty, double[] start, StoppingRule stop,
      IterationListener listener) {
    checkDimensions(data, penalty, start);
    IterationLog log = IterationLog.over(name(), data, listener);
    double[] x = start.clone();
    zeroFixedInPlace(x, penalty);
    SmoothObjective f = new SmoothObjective(data, penalty);
    FirstOrderMinimizer<DenseVector<Object>, DiffFunction<DenseVector<Object>>> minimizer = minimizer(penalty);
    DiffFunction<DenseVector<Object>> objective = BreezeDiffFunction.of(f::calculate);
    java.util.Optional<SolverState> resumed = log.checkpoints().resume(name());
    scala.collection.Iterator<FirstOrderMinimizer.State<DenseVector<Object>, Object, Object>> states;
    double fx;
    double kkt;
    int iter = 0;
    if (resumed.isPresent()) {
      FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> state =
          restore(resumed.get(), minimizer, data.dimension());
      states = minimizer.infiniteIterations(objective, state);
      iter = resumed.get().iteration();
      x = toArray(state.x());
      fx = resumed.get().scalar("objective");
      kkt = resumed.get().scalar("kkt");
    } else {
      data.describe(name() + ": value and gradient at the start");
      fx = f.smoothValueAt(x) + penalty.l1Value(x);
      if (!Double.isFinite(fx)) {
        return log.notFinite(x, fx);
      }
      kkt = penalty.kktViolation(x, f.dataGradientAt(x));
      if (kkt <= stop.tolerance()) {
        return log.solution(x, fx, kkt, 0, Status.CONVERGED);
      }
      states = minimizer.iterations(objective, new DenseVector$mcD$sp(x.clone()));
    }
    int breezeIter = states.next().iter();
    Status status = Status.MAX_ITERATIONS;
    while (iter < stop.maxIterations()) {
      FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> s = nextStep(states, breezeIter);
      if (s == null) {
        status = Status.LINE_SEARCH_FAILED;
        break;
      }
      breezeIter = s.iter();
      iter++;
      double[] xNew = toArray(s.x());
      double[] gradSmooth = toArray(s.grad());
      double fPrev = fx;
      double step = maxAbsDifference(xNew, x);
      x = xNew;
      fx = s.value() + penalty.l1Value(x);
      kkt = penalty.kktViolation(x, dataGradient(gradSmooth, x, penalty));
      log.record(iter, fx, kkt, step);
      int done = iter;
      double fDone = fx;
      double kktDone = kkt;
      log.checkpoints().offer(iter, () -> state(s, done, fDone, kktDone));
      data.describe(name() + " iteration " + (iter + 1) + ": line search");
      if (kkt <= stop.tolerance() || stop.stalled(fPrev, fx)) {
        status = Status.CONVERGED;
        break;
      }
    }
    if (kkt <= stop.tolerance()) {
      status = Status.CONVERGED;
    }
    zeroFixedInPlace(x, penalty);
    return log.solution(x, fx, kkt, iter, status);
  }
  /**
   * Breeze's whole state after an accepted step, to resume from: the point, the smooth value and gradient, the
   * adjusted ones (OWL-QN's, with L1), Breeze's iteration and initial value, and the L-BFGS memory (the last
   * steps {@code s_k} and gradient changes {@code y_k}, newest first), with this solver's iteration, objective and
   * KKT violation.
   */
  private SolverState state(FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> s, int iteration,
      double objective, double kkt) {
    java.util.Map<String, double[]> v = new java.util.LinkedHashMap<>();
    v.put("x", toArray(s.x()));
    v.put("grad", toArray(s.grad()));
    v.put("adjustedGrad", toArray(s.adjustedGradient()));
    LBFGS.ApproximateInverseHessian<DenseVector<Object>> h = history(s);
    int k = h.memStep().length();
    for (int i = 0; i < k; i++) {
      v.put("s" + i, toArray(h.memStep().apply(i)));
      v.put("y" + i, toArray(h.memGradDelta().apply(i)));
    }
    java.util.Map<String, Double> n = new java.util.LinkedHashMap<>();
    n.put("value", s.value());
    n.put("adjustedValue", s.adjustedValue());
    n.put("initialAdjustedValue", s.initialAdjVal());
    n.put("breezeIteration", (double) s.iter());
    n.put("memory", (double) memory);
    n.put("pairs", (double) k);
    n.put("objective", objective);
    n.put("kkt", kkt);
    return new SolverState(name(), iteration, v, n);
  }

  @SuppressWarnings("unchecked")
  private static LBFGS.ApproximateInverseHessian<DenseVector<Object>> history(
      FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> s) {
    return (LBFGS.ApproximateInverseHessian<DenseVector<Object>>) s.history();
  }

  /** The Breeze state {@link #state} saved; an error when it was saved for another dimension or memory. */
  private FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> restore(SolverState saved,
      FirstOrderMinimizer<DenseVector<Object>, DiffFunction<DenseVector<Object>>> minimizer, int d) {
    if ((int) saved.scalar("memory") != memory) {
      throw new IllegalArgumentException("lbfgs checkpoint was saved with memory " + (int) saved.scalar("memory")
          + ", this run has " + memory);
    }
    int k = (int) saved.scalar("pairs");
    java.util.List<DenseVector<Object>> stepList = new java.util.ArrayList<>();
    java.util.List<DenseVector<Object>> deltaList = new java.util.ArrayList<>();
    for (int i = 0; i < k; i++) {
      stepList.add(vector(saved, "s" + i, d));
      deltaList.add(vector(saved, "y" + i, d));
    }
    scala.collection.immutable.IndexedSeq<DenseVector<Object>> steps =
        scala.jdk.javaapi.CollectionConverters.asScala(stepList).toVector();
    scala.collection.immutable.IndexedSeq<DenseVector<Object>> deltas =
        scala.jdk.javaapi.CollectionConverters.asScala(deltaList).toVector();
    MutableFiniteCoordinateField<DenseVector<Object>, Object, Object> space = DenseVector$.MODULE$.space_Double();
    Object history = new LBFGS.ApproximateInverseHessian<>(memory, steps, deltas, space);
    return new FirstOrderMinimizer.State<>(vector(saved, "x", d), saved.scalar("value"), vector(saved, "grad", d),
        saved.scalar("adjustedValue"), vector(saved, "adjustedGrad", d), (int) saved.scalar("breezeIteration"),
        saved.scalar("initialAdjustedValue"), history, minimizer.convergenceCheck().initialInfo(), false,
        scala.Option.empty());
  }

  private static DenseVector<Object> vector(SolverState saved, String name, int d) {
    double[] v = saved.vector(name);
    if (v.length != d) {
      throw new IllegalArgumentException("lbfgs checkpoint has a vector of length " + v.length + " for a problem"
          + " of dimension " + d + ": it was saved by another fit");
    }
    return new DenseVector$mcD$sp(v);
  }

  private static void checkDimensions(DataTerm data, Penalty penalty, double[] start) {
    int d = data.dimension();
    if (start.length != d || penalty.dimension() != d) {
      throw new IllegalArgumentException("lbfgs: start has length " + start.length + " and the penalty "
          + penalty.dimension() + ", but the data term has dimension " + d);
    }
  }

  /**
   * Breeze's next state that took a step after iteration {@code lastIter}, or null when its line search
   * failed (no further state, or a state marked failed). A state with the same iteration number is skipped:
   * Breeze's line search failed once and it reset its memory, so no step was taken.
   */
  private static FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> nextStep(
      scala.collection.Iterator<FirstOrderMinimizer.State<DenseVector<Object>, Object, Object>> states,
      int lastIter) {
    while (states.hasNext()) {
      FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> s = states.next();
      if (s.searchFailed()) {
        return null;
      }
      if (s.iter() != lastIter) {
        return s;
      }
    }
    return null;
  }


  /** L-BFGS, or OWL-QN when the penalty has an L1 part; Breeze stops only when its line search fails. */
  private FirstOrderMinimizer<DenseVector<Object>, DiffFunction<DenseVector<Object>>> minimizer(
      Penalty penalty) {
    MutableFiniteCoordinateField<DenseVector<Object>, Object, Object> space = DenseVector$.MODULE$.space_Double();
    FirstOrderMinimizer.ConvergenceCheck<DenseVector<Object>> onlySearchFailure =
        FirstOrderMinimizer$.MODULE$.searchFailed();
    if (!penalty.hasL1()) {
      return new LBFGS<>(onlySearchFailure, memory, space);
    }
    Function1<Object, Object> l1 = j -> {
      int k = (Integer) j;
      return penalty.isFixed(k) ? 0.0 : penalty.l1(k);
    };
    return new OWLQN<>(onlySearchFailure, memory, l1, space);
  }

  /** {@code grad D = grad f - l2 o b}, from the smooth gradient Breeze keeps. */
  private static double[] dataGradient(double[] gradSmooth, double[] b, Penalty penalty) {
    double[] g = gradSmooth.clone();
    for (int j = 0; j < g.length; j++) {
      g[j] -= penalty.l2(j) * b[j];
    }
    return g;
  }

  /** Whether {@code a_j == b_j} for all j ({@code -0.0 == 0.0}, as in Breeze's own cache). */
  private static boolean sameValues(double[] a, double[] b) {
    for (int j = 0; j < a.length; j++) {
      if (!(a[j] == b[j])) {
        return false;
      }
    }
    return true;
  }

  private static void zeroFixedInPlace(double[] b, Penalty penalty) {
    for (int j = 0; j < b.length; j++) {
      if (penalty.isFixed(j)) {
        b[j] = 0.0;
      }
    }
  }

  private static double maxAbsDifference(double[] a, double[] b) {
    double m = 0.0;
    for (int j = 0; j < a.length; j++) {
      m = Math.max(m, Math.abs(a[j] - b[j]));
    }
    return m;
  }

  /** A copy of a Breeze vector's entries (honoring offset and stride). */
  static double[] toArray(DenseVector<Object> v) {
    double[] data = v.data$mcD$sp();
    int n = v.length();
    if (v.offset() == 0 && v.stride() == 1) {
      return Arrays.copyOf(data, n);
    }
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = data[v.offset() + i * v.stride()];
    }
    return r;
  }

  /**
   * The smooth part {@code f(b) = D(b) + sum_j l2_j/2 b_j^2} for Breeze (through {@link BreezeDiffFunction}): one data pass
   * per distinct point, the last point cached. Non-finite values become {@code +Infinity} with a zero
   * gradient (see the class comment); fixed coordinates get a zero gradient.
   */
  private static final class SmoothObjective {
    private final DataTerm data;
    private final Penalty penalty;
    private double[] lastX;
    private Evaluation lastEval;
    private double lastValue;
    private double[] lastGrad;

    SmoothObjective(DataTerm data, Penalty penalty) {
      this.data = data;
      this.penalty = penalty;
    }

    /** {@code (f(x), grad f(x))} for Breeze. */
    Tuple2<Object, DenseVector<Object>> calculate(DenseVector<Object> x) {
      evaluateIfNew(toArray(x));
      return new Tuple2<>(lastValue, new DenseVector$mcD$sp(lastGrad.clone()));
    }

    /** {@code f(b)}. */
    double smoothValueAt(double[] b) {
      evaluateIfNew(b);
      return lastValue;
    }

    /** {@code grad D(b)}, no penalty. */
    double[] dataGradientAt(double[] b) {
      evaluateIfNew(b);
      return lastEval.gradient().clone();
    }

    private void evaluateIfNew(double[] b) {
      if (lastX != null && sameValues(lastX, b)) {
        return;
      }
      Evaluation e = data.evaluate(b, Order.GRADIENT);
      double value = e.value() + penalty.smoothValue(b);
      double[] grad = new double[b.length];
      if (Double.isFinite(value)) {
        System.arraycopy(e.gradient(), 0, grad, 0, b.length);
        penalty.addSmoothGradientInto(b, grad);
        for (int j = 0; j < grad.length; j++) {
          if (penalty.isFixed(j)) {
            grad[j] = 0.0;
          }
        }
      } else {
        value = Double.POSITIVE_INFINITY;
      }
      lastX = b.clone();
      lastEval = e;
      lastValue = value;
      lastGrad = grad;
    }
  }
}
