package io.sparkglm.spark.train;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.MultinomialLoss;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.fit.MultinomialSetup;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.Checkpoints;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.NewtonSolver;
import io.sparkglm.core.solver.ProximalGradientSolver;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Solver;
import io.sparkglm.core.solver.Status;
import io.sparkglm.spark.eval.MultinomialLabels;
import io.sparkglm.spark.eval.OrderedTreeAggregate;
import io.sparkglm.spark.eval.SparkMultinomialDataTerm;
import io.sparkglm.spark.solver.LbfgsSolver;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;

/**
 * Fits a multinomial (softmax) regression on an RDD of blocks; immutable. The recipe: one pass for the class weights
 * and label checks ({@link MultinomialLabels}: K from the labels unless given) and one for the feature statistics ->
 * {@link MultinomialSetup} (the spec's penalty, standardization and intercept on each class; its family and link
 * are not used) -> the solver on the distributed data term ({@link SparkMultinomialDataTerm}) -> coefficients on the
 * original scale, centred across classes -> one certificate pass (objective and KKT violation) -> one pass counting
 * rows with a class probability numerically 0 or 1 ({@link MultinomialDiagnosis}: separation).
 *
 * <p>Solvers: those that only need full-data evaluations, {@value #SOLVER_NAMES}; {@code auto} picks {@code newton}
 * (block Hessian of {@code K (p + 1)} coordinates) when {@code K p <=} {@value #AUTO_NEWTON_MAX_COEFFICIENTS} and
 * {@code lbfgs} (OWL-QN with L1) beyond. Any other solver is refused, naming these. Blocks must not carry offsets.
 * The caller caches the blocks.
 */
public final class MultinomialTrainer {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit");
  /** The solvers that fit multinomial models. */
  public static final String SOLVER_NAMES = "auto, newton, lbfgs, proxgrad, gd";
  /** {@code auto} picks newton up to this many coefficients {@code K p} (the binary families' 50 features). */
  public static final int AUTO_NEWTON_MAX_COEFFICIENTS = 50;

  private final int aggregationDepth;
  /** The warm start, or {@code null} for the all-zero start. */
  private final Start start;
  /** The feature names warnings use, or {@code null} (columns named by index). */
  private final List<String> featureNames;
  /** Where the solver's state is saved and resumed from, or {@code null}. */
  private final GlmTrainer.Checkpointing checkpointing;

  /** @param aggregationDepth treeAggregate depth (>= 1) */
  public MultinomialTrainer(int aggregationDepth) {
    this(aggregationDepth, null, null, null);
  }

  private MultinomialTrainer(int aggregationDepth, Start start, List<String> featureNames,
      GlmTrainer.Checkpointing checkpointing) {
    if (aggregationDepth < 1) {
      throw new IllegalArgumentException("aggregationDepth must be >= 1, got " + aggregationDepth);
    }
    this.aggregationDepth = aggregationDepth;
    this.start = start;
    this.featureNames = featureNames == null ? null : List.copyOf(featureNames);
    this.checkpointing = checkpointing;
  }

  /** A trainer whose fits start from {@code s} ({@code null}: the all-zero start); this trainer is unchanged. */
  public MultinomialTrainer withStart(Start s) {
    return new MultinomialTrainer(aggregationDepth, s, featureNames, checkpointing);
  }

  /** A trainer whose warnings name the p features {@code names} ({@code null}: by index); this one is unchanged. */
  public MultinomialTrainer withFeatureNames(List<String> names) {
    return new MultinomialTrainer(aggregationDepth, start, names, checkpointing);
  }

  /**
   * A trainer that saves the solver's state as it goes ({@code --checkpoint-dir}, as {@link GlmTrainer}'s: every
   * {@code c.every()} iterations and at least once a minute, only the latest kept) and, with {@code c.resume()},
   * continues from the latest checkpoint: the same steps from the saved doubles, to the same optimum. Every
   * multinomial solver ({@value #SOLVER_NAMES}) saves its state; a checkpoint of another fit (data, K, class
   * weights, options or solver) is an error. A resumed checkpoint takes precedence over a warm start. {@code null}:
   * none. This trainer is unchanged.
   */
  public MultinomialTrainer withCheckpoints(GlmTrainer.Checkpointing c) {
    return new MultinomialTrainer(aggregationDepth, start, featureNames, c);
  }

  /**
   * A warm start: a fitted multinomial model's K intercepts and K x p coefficients on the original scale (spark.ml
   * {@code initialModel}, CLI {@code --initial-model}). The fit must have the same K and p; the start is mapped
   * into the solver's variables class by class ({@link MultinomialSetup#solverStartFrom}).
   *
   * @param source what it came from, for messages (e.g. {@code "--initial-model /models/m1"})
   */
  public record Start(String source, double[] intercepts, double[][] coefficients) {
    /** Copies the arrays; K rows of coefficients, one intercept each. */
    public Start {
      if (intercepts.length != coefficients.length) {
        throw new IllegalArgumentException(source + " has " + intercepts.length + " intercepts but "
            + coefficients.length + " rows of coefficients");
      }
      intercepts = intercepts.clone();
      coefficients = java.util.Arrays.stream(coefficients).map(double[]::clone).toArray(double[][]::new);
    }

    /** The start as a flat class-major vector (intercept last in each class), after checking K and p. */
    double[] flat(int numClasses, int numFeatures) {
      if (intercepts.length != numClasses) {
        throw new IllegalArgumentException(source + " is a model of " + intercepts.length + " classes; this fit has "
            + numClasses);
      }
      double[] b = new double[numClasses * (numFeatures + 1)];
      for (int k = 0; k < numClasses; k++) {
        if (coefficients[k].length != numFeatures) {
          throw new IllegalArgumentException(source + " has " + coefficients[k].length + " coefficients per class; "
              + "the data has " + numFeatures + " features");
        }
        System.arraycopy(coefficients[k], 0, b, k * (numFeatures + 1), numFeatures);
        b[k * (numFeatures + 1) + numFeatures] = intercepts[k];
      }
      return b;
    }
  }

  /**
   * A multinomial fit, on the original scale.
   *
   * @param intercepts length K, summing to 0
   * @param coefficients K rows of p, class order 0..K-1
   * @param classWeights the weight sum of each class
   * @param deviance {@code -2 sum_i w_i log p_{i,y_i}} (the saturated model's log-likelihood is 0: one trial per row,
   *     weights as frequencies, as {@code nnet::multinom} takes them)
   * @param solver the solver that ran (auto resolved)
   * @param history the solver's iterations, one record each
   * @param warnings what a statistician would warn about ({@code separation}, {@code fittedAtBoundary}:
   *     {@link MultinomialDiagnosis})
   */
  public record MultinomialFit(double[] intercepts, double[][] coefficients, double[] classWeights, double objective,
      double kktViolation, double deviance, Status status, int iterations, long passes, String solver,
      List<io.sparkglm.core.solver.IterationRecord> history, List<FitWarning> warnings) {
    /** Copies the history and warning lists. */
    public MultinomialFit {
      history = List.copyOf(history);
      warnings = List.copyOf(warnings);
    }

    /**
     * The null model's deviance (intercepts only, fitted: class probabilities the class weight shares)
     * {@code -2 sum_k W_k log(W_k / W)}.
     */
    public double nullDeviance() {
      double total = 0.0;
      for (double w : classWeights) {
        total += w;
      }
      double d = 0.0;
      for (double w : classWeights) {
        d -= w > 0 ? 2 * w * Math.log(w / total) : 0.0;
      }
      return d;
    }

    /**
     * The parameters the fit determines, {@code k} of the AIC: per column (the intercepts, each feature's K
     * coefficients) the non-zero entries across classes, less one where all K are non-zero (adding a constant to a
     * column across classes changes no probability: the centring constraint). Unpenalized, {@code (K-1)(p+1)},
     * {@code nnet::multinom}'s {@code edf}.
     */
    public int aicParameters() {
      int k = 0;
      int p = coefficients[0].length;
      for (int j = 0; j <= p; j++) {
        int nonZero = 0;
        for (int c = 0; c < intercepts.length; c++) {
          nonZero += (j < p ? coefficients[c][j] : intercepts[c]) != 0.0 ? 1 : 0;
        }
        k += Math.min(nonZero, intercepts.length - 1);
      }
      return k;
    }

    /** {@code deviance + 2 k} ({@code 2k - 2 loglik}), k = {@link #aicParameters()}; nnet's AIC unpenalized. */
    public double aic() {
      return deviance + 2.0 * aicParameters();
    }

    /** K. */
    public int numClasses() {
      return intercepts.length;
    }

    /** Whether the solver stopped on its criterion with the certificate within the tolerance it was given. */
    public boolean converged() {
      return status.converged();
    }
  }

  /**
   * Fits {@code spec} (lambda, alpha, standardize, penalty factors, solver, stopping rule) as a multinomial model.
   *
   * @param blocks the cached training blocks, labels class indices
   * @param numClasses K, or 0 for the largest label plus one
   * @throws IllegalArgumentException for a solver that does not fit multinomial models, coefficient bounds, penalty
   *     factors not one per feature, a bad label, a class without rows, blocks with offsets, or a warm start of
   *     another K or p
   */
  public MultinomialFit fit(GlmSpec spec, JavaRDD<Block> blocks, int numFeatures, int numClasses) {
    String requested = spec.solver().toLowerCase(Locale.ROOT);
    if (!List.of(SOLVER_NAMES.split(", ")).contains(requested)) {
      throw new IllegalArgumentException("solver '" + spec.solver() + "' does not fit multinomial models; use one of "
          + SOLVER_NAMES);
    }
    spec.checkFeatureCount(numFeatures, "penaltyFactors", "lowerBounds", "upperBounds");
    MultinomialLabels labels = MultinomialLabels.of(blocks, numClasses);
    int kk = labels.numClasses();
    String name = requested.equals("auto") ? (kk * numFeatures <= AUTO_NEWTON_MAX_COEFFICIENTS ? "newton" : "lbfgs")
        : requested;
    FeatureStats stats = OrderedTreeAggregate.aggregate(blocks, new FeatureStats(numFeatures), FeatureStats::add,
        FeatureStats::merge, aggregationDepth);
    MultinomialSetup setup = MultinomialSetup.of(FitSetup.of(spec, stats), new MultinomialLoss(kk));
    SparkMultinomialDataTerm data = new SparkMultinomialDataTerm(blocks, setup.loss(), numFeatures,
        labels.weightSum(), aggregationDepth);
    int dimension = setup.loss().dimension(numFeatures);
    if (name.equals("newton") && dimension - 1 > NewtonSolver.DEFAULT_MAX_FEATURES) {
      throw new IllegalArgumentException("newton gathers the K(p+1) x K(p+1) block Hessian on the driver; K(p+1) = "
          + dimension + " exceeds its limit of " + (NewtonSolver.DEFAULT_MAX_FEATURES + 1) + ": use solver lbfgs or "
          + "proxgrad");
    }
    Solver solver = switch (name) {
      case "newton" -> new NewtonSolver();
      case "lbfgs" -> new LbfgsSolver();
      case "proxgrad" -> ProximalGradientSolver.proximalGradient(true);
      default -> ProximalGradientSolver.gradientDescent();
    };
    if (!solver.supports(setup.solverPenalty())) {
      throw new IllegalArgumentException("solver '" + name + "' does not support this penalty (gd needs a smooth "
          + "one); use newton, lbfgs or proxgrad");
    }
    LOG.info("multinomial fit: K={} p={} solver={} lambda={} alpha={} standardize={}", kk, numFeatures, name,
        spec.regParam(), spec.elasticNetParam(), spec.standardize());
    long t0 = System.nanoTime();
    double[] x0 = setup.startInSolverSpace();
    if (start != null) {
      x0 = setup.solverStartFrom(start.flat(kk, numFeatures));
      LOG.info("multinomial fit: warm start from {}", start.source());
    }
    Solution s = solver.solve(setup.solverView(data), setup.solverPenalty(), x0,
        setup.solverStop(spec.stop()), listener(setup, name, labels, blocks));
    double[] b = setup.toOriginal(s.coefficients());
    data.describe("multinomial certificate");
    Evaluation e = data.evaluate(b, Order.GRADIENT);
    double kkt = setup.kktViolation(b, e.gradient());
    Status status = s.status();
    if (status.converged() && !(kkt <= spec.stop().tolerance())) {
      status = Status.STALLED;
    }
    double[][] coef = new double[kk][];
    for (int k = 0; k < kk; k++) {
      coef[k] = setup.coefficients(b, k);
    }
    MultinomialDiagnosis.Outcome diagnosis = MultinomialDiagnosis.of(status, spec.regParam(),
        data.boundaryRows(b), coef, stats.sd(), featureNames);
    status = diagnosis.status();
    MultinomialFit fit = new MultinomialFit(setup.intercepts(b), coef, labels.classWeights(),
        setup.objective(e.value(), b), kkt, 2 * labels.weightSum() * e.value(), status, s.iterations(),
        data.passes(), name, s.history(), diagnosis.warnings());
    LOG.info("fit done: solver={} status={} iterations={} passes={} objective={} kkt={} deviance={} aic={} secs={}",
        name, status, s.iterations(), data.passes(), fit.objective(), String.format(Locale.ROOT, "%.2e", kkt),
        String.format(Locale.ROOT, "%.6g", fit.deviance()), String.format(Locale.ROOT, "%.6g", fit.aic()),
        String.format(Locale.ROOT, "%.3f", (System.nanoTime() - t0) / 1e9));
    return fit;
  }

  /** The progress log, with this trainer's checkpoints when it has them. */
  private IterationListener listener(MultinomialSetup setup, String solver, MultinomialLabels labels,
      JavaRDD<Block> blocks) {
    IterationListener log = GlmTrainer.progressLog();
    if (checkpointing == null) {
      return log;
    }
    String fingerprint = String.format(Locale.ROOT, "multinomial|K=%d|classWeights=%08x|%s",
        labels.numClasses(), java.util.Arrays.hashCode(labels.classWeights()),
        FitCheckpoints.fingerprint(setup.classSetup(), solver));
    Checkpoints checkpoints = new FitCheckpoints(blocks.context().hadoopConfiguration(), checkpointing.dir(),
        checkpointing.every(), checkpointing.resume(), fingerprint);
    return new IterationListener() {
      @Override
      public void onIteration(String name, io.sparkglm.core.solver.IterationRecord record) {
        log.onIteration(name, record);
      }

      @Override
      public Checkpoints checkpoints() {
        return checkpoints;
      }
    };
  }
}
