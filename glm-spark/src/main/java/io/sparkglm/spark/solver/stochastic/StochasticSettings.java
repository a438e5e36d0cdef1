package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.spark.solver.SolverOptions;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options of the stochastic solvers {@code sgd}, {@code parallel-sgd} and {@code local-sgd} (each accepts the
 * subset listed in {@link #SGD_OPTIONS}, {@link #PARALLEL_OPTIONS}, {@link #LOCAL_OPTIONS}), validated once.
 * Epochs are rows drawn divided by the number of rows n.
 *
 * @param batchSize the (initial) mini-batch size of {@code sgd}, in expected rows
 * @param batchSchedule how {@code sgd}'s batch size evolves
 * @param batchFactor growth factor of the geometric and adaptive schedules, > 1
 * @param batchDelay epochs between geometric growths, > 0
 * @param maxBatchSize the cap of the batch size; 0 means n (full batch)
 * @param adaptiveTheta the norm test's ratio {@code theta} of the adaptive schedule, in (0, 1)
 * @param learningRate the base learning rate; {@code NaN} means {@code 1/L} from {@link StepSize}
 * @param rateSchedule how the learning rate decays with epochs
 * @param rateDecay factor of the step schedule, in (0, 1]
 * @param ratePeriod epochs per step of the step schedule and the time scale
 *     {@code t0} of the inverse schedule, > 0
 * @param momentum Nesterov momentum {@code beta} in [0, 1)
 * @param averaging whether the answer is an average of iterates (see the solvers)
 * @param epochs budget of epochs, > 0
 * @param evaluateEvery full-data evaluation every k model updates (sgd) or rounds; 0 means once per epoch
 * @param seed the seed of every random draw
 * @param tau local steps per round of {@code local-sgd}
 * @param localBatchSize rows per local step of the local solvers
 * @param localEpochs passes over its shard per round of {@code parallel-sgd}
 * @param lipschitzRows expected rows of the sample behind the default learning rate
 * @param progressTol the local solvers stop (STALLED unless the KKT tolerance is met) once {@link #PATIENCE}
 *     full-data evaluations in a row did not lower the best objective by more than {@code progressTol} (relative),
 *     as scikit-learn's {@code SGDClassifier(tol, n_iter_no_change)}; 0 turns the test off
 * @param workers how many partitions (Spark tasks) one {@code sgd} mini-batch runs on
 */
public record StochasticSettings(int batchSize, BatchSchedule batchSchedule, double batchFactor, double batchDelay,
    long maxBatchSize, double adaptiveTheta, double learningRate, RateSchedule rateSchedule, double rateDecay,
    double ratePeriod, double momentum, boolean averaging, double epochs, int evaluateEvery, long seed, int tau,
    int localBatchSize, double localEpochs, int lipschitzRows, double progressTol, Workers workers)
    implements Serializable {

  /** How many partitions, and so Spark tasks, one mini-batch of {@code sgd} runs on. */
  public enum Workers {
    /** Every partition, each drawing rows at the rate {@code q = B/n}. */
    ALL,
    /**
     * About {@code B / (rows per partition)}: {@code m = ceil(q P)} of the {@code P} partitions, drawn uniformly
     * for each update, each drawing rows at the rate {@code q P / m}, so every row is still drawn with probability
     * {@code q}; small early batches are a few tasks, the full batch is every partition (the seed's "workers that
     * grow with the batch size").
     */
    GROW
  }

  /** Batch-size schedules of {@code sgd}. */
  public enum BatchSchedule {
    /** The batch size never changes. */
    CONSTANT,
    /** Multiplied by {@code batchFactor} every {@code batchDelay} epochs up to the cap (AdaDamp's GeoDamp). */
    GEOMETRIC,
    /** Grown when the norm test says the mini-batch gradient is too noisy (Byrd et al. 2012). */
    ADAPTIVE
  }

  /** Learning-rate schedules. */
  public enum RateSchedule {
    /** {@code rate = rate0}. */
    CONSTANT,
    /** {@code rate = rate0 * rateDecay^floor(t / ratePeriod)}. */
    STEP,
    /** {@code rate = rate0 / (1 + t / ratePeriod)} (1/t decay). */
    INVERSE;

    /** The factor multiplying {@code rate0} at time {@code t} (epochs or rounds). */
    double factor(double t, double decay, double period) {
      return switch (this) {
        case CONSTANT -> 1.0;
        case STEP -> Math.pow(decay, Math.floor(t / period));
        case INVERSE -> 1.0 / (1.0 + t / period);
      };
    }
  }

  /** Default mini-batch size of sgd. */
  public static final int DEFAULT_BATCH_SIZE = 256;
  /** Default batch growth factor. */
  public static final double DEFAULT_BATCH_FACTOR = 2.0;
  /** Default epochs between geometric growths. */
  public static final double DEFAULT_BATCH_DELAY = 1.0;
  /** Default ratio of the adaptive schedule's norm test. */
  public static final double DEFAULT_ADAPTIVE_THETA = 0.5;
  /** Default step-schedule factor. */
  public static final double DEFAULT_RATE_DECAY = 0.5;
  /** Default momentum of sgd. */
  public static final double DEFAULT_MOMENTUM = 0.9;
  /** Default epoch budget of sgd and downpour-sgd. */
  public static final double DEFAULT_EPOCHS = 10.0;
  /**
   * Default epoch budget of parallel-sgd and local-sgd, a cap: they stop earlier when the objective stops falling
   * (see {@link #DEFAULT_PROGRESS_TOL}).
   */
  public static final double DEFAULT_LOCAL_EPOCHS_BUDGET = 100.0;
  /** Default time scale of the local solvers' inverse rate schedule, in epochs. */
  public static final double DEFAULT_LOCAL_RATE_PERIOD = 0.25;
  /** Default relative improvement of the best objective that resets the local solvers' progress test. */
  public static final double DEFAULT_PROGRESS_TOL = 1e-5;
  /** Full-data evaluations in a row without such an improvement after which the local solvers stop. */
  public static final int PATIENCE = 10;
  /** Default seed. */
  public static final long DEFAULT_SEED = 42L;
  /** Default local steps per round of local-sgd. */
  public static final int DEFAULT_TAU = 20;
  /** Default rows per local step. */
  public static final int DEFAULT_LOCAL_BATCH_SIZE = 32;
  /** Default rows of the curvature sample. */
  public static final int DEFAULT_LIPSCHITZ_ROWS = 20_000;

  private static final Set<String> COMMON = Set.of("learningRate", "rateSchedule", "rateDecay", "ratePeriod",
      "momentum", "averaging", "epochs", "evaluateEvery", "seed", "lipschitzRows");
  /** Options of {@code sgd}. */
  public static final Set<String> SGD_OPTIONS = union(COMMON, "batchSize", "batchSchedule", "batchFactor",
      "batchDelay", "maxBatchSize", "adaptiveTheta", "workers");
  /** Options of {@code parallel-sgd}. */
  public static final Set<String> PARALLEL_OPTIONS = union(COMMON, "localBatchSize", "localEpochs", "progressTol");
  /** Options of {@code local-sgd}. */
  public static final Set<String> LOCAL_OPTIONS = union(COMMON, "localBatchSize", "tau", "progressTol");

  /** Validates the settings. */
  public StochasticSettings {
    require(batchSize >= 1, "batchSize must be an integer >= 1, got " + batchSize);
    require(batchFactor > 1 && Double.isFinite(batchFactor), "batchFactor must be > 1, got " + batchFactor);
    require(batchDelay > 0 && Double.isFinite(batchDelay), "batchDelay must be > 0 epochs, got " + batchDelay);
    require(maxBatchSize >= 0, "maxBatchSize must be >= 0 (0 = all rows), got " + maxBatchSize);
    require(adaptiveTheta > 0 && adaptiveTheta < 1, "adaptiveTheta must be in (0, 1), got " + adaptiveTheta);
    require(Double.isNaN(learningRate) || learningRate > 0 && Double.isFinite(learningRate),
        "learningRate must be > 0, got " + learningRate);
    require(rateDecay > 0 && rateDecay <= 1, "rateDecay must be in (0, 1], got " + rateDecay);
    require(ratePeriod > 0 && Double.isFinite(ratePeriod), "ratePeriod must be > 0, got " + ratePeriod);
    require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
    require(epochs > 0 && Double.isFinite(epochs), "epochs must be > 0, got " + epochs);
    require(evaluateEvery >= 0, "evaluateEvery must be >= 0 (0 = once per epoch), got " + evaluateEvery);
    require(tau >= 1, "tau must be an integer >= 1, got " + tau);
    require(localBatchSize >= 1, "localBatchSize must be an integer >= 1, got " + localBatchSize);
    require(localEpochs > 0 && Double.isFinite(localEpochs), "localEpochs must be > 0, got " + localEpochs);
    require(lipschitzRows >= 1, "lipschitzRows must be an integer >= 1, got " + lipschitzRows);
    require(progressTol >= 0 && progressTol < 1, "progressTol must be in [0, 1), got " + progressTol);
  }

  /**
   * Parses the options of {@code solver} ({@code sgd}, {@code parallel-sgd} or {@code local-sgd}); absent
   * options take that solver's defaults: momentum {@value #DEFAULT_MOMENTUM} for sgd and 0 for the local
   * solvers (Zinkevich et al. run plain SGD); rate schedule constant for sgd (its batch schedule damps the noise)
   * and inverse for the local solvers, with a time scale of {@value #DEFAULT_LOCAL_RATE_PERIOD} epochs for these
   * (1 for sgd); iterate averaging on for all; an epoch budget of {@value #DEFAULT_EPOCHS} for sgd and downpour-sgd
   * and of {@value #DEFAULT_LOCAL_EPOCHS_BUDGET} for the local solvers, which stop earlier on the progress test.
   *
   * @throws IllegalArgumentException naming the solver, option and value
   */
  public static StochasticSettings parse(String solver, Map<String, String> o) {
    boolean sgd = solver.equals("sgd");
    boolean local = solver.equals("parallel-sgd") || solver.equals("local-sgd");
    try {
      return new StochasticSettings(integer(solver, o, "batchSize", DEFAULT_BATCH_SIZE),
          choice(solver, o, "batchSchedule", BatchSchedule.class, BatchSchedule.GEOMETRIC),
          num(solver, o, "batchFactor", DEFAULT_BATCH_FACTOR), num(solver, o, "batchDelay", DEFAULT_BATCH_DELAY),
          (long) integer(solver, o, "maxBatchSize", 0), num(solver, o, "adaptiveTheta", DEFAULT_ADAPTIVE_THETA),
          num(solver, o, "learningRate", Double.NaN),
          choice(solver, o, "rateSchedule", RateSchedule.class, sgd ? RateSchedule.CONSTANT : RateSchedule.INVERSE),
          num(solver, o, "rateDecay", DEFAULT_RATE_DECAY),
          num(solver, o, "ratePeriod", local ? DEFAULT_LOCAL_RATE_PERIOD : 1.0),
          num(solver, o, "momentum", sgd ? DEFAULT_MOMENTUM : 0.0),
          SolverOptions.bool(solver, o, "averaging", true),
          num(solver, o, "epochs", local ? DEFAULT_LOCAL_EPOCHS_BUDGET : DEFAULT_EPOCHS),
          integer(solver, o, "evaluateEvery", 0), (long) num(solver, o, "seed", DEFAULT_SEED),
          integer(solver, o, "tau", DEFAULT_TAU), integer(solver, o, "localBatchSize", DEFAULT_LOCAL_BATCH_SIZE),
          num(solver, o, "localEpochs", 1.0), integer(solver, o, "lipschitzRows", DEFAULT_LIPSCHITZ_ROWS),
          local ? num(solver, o, "progressTol", DEFAULT_PROGRESS_TOL) : 0.0,
          choice(solver, o, "workers", Workers.class, Workers.ALL));
    } catch (InvalidSetting e) {
      throw new IllegalArgumentException(solver + " option " + e.getMessage(), e);
    }
  }

  private static final class InvalidSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidSetting(String message) {
      super(message);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new InvalidSetting(message);
    }
  }

  private static double num(String solver, Map<String, String> o, String key, double fallback) {
    return SolverOptions.number(solver, o, key, fallback);
  }

  private static int integer(String solver, Map<String, String> o, String key, int fallback) {
    String v = o.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(solver + " option " + key + " must be an integer, got '" + v + "'");
    }
  }

  private static <E extends Enum<E>> E choice(String solver, Map<String, String> o, String key, Class<E> type,
      E fallback) {
    String v = o.get(key);
    if (v == null) {
      return fallback;
    }
    StringBuilder names = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      String name = e.name().toLowerCase(Locale.ROOT);
      if (name.equals(v.trim().toLowerCase(Locale.ROOT))) {
        return e;
      }
      names.append(names.length() == 0 ? "" : ", ").append(name);
    }
    throw new IllegalArgumentException(solver + " option " + key + " must be one of " + names + ", got '" + v
        + "'");
  }

  private static Set<String> union(Set<String> base, String... more) {
    java.util.Set<String> s = new java.util.TreeSet<>(base);
    s.addAll(java.util.List.of(more));
    return java.util.Collections.unmodifiableSet(s);
  }
}
