package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.SolverProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the stochastic solvers {@code sgd}, {@code parallel-sgd} and {@code local-sgd} (options: see
 * {@link StochasticSettings}).
 */
public abstract class StochasticProviders implements SolverProvider {
  private final String name;
  private final Set<String> options;

  StochasticProviders(String name, Set<String> options) {
    this.name = name;
    this.options = options;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> options() {
    return options;
  }

  /** The flags of the stochastic solvers; each solver declares those of its own options. */
  private static final List<OptionFlag> FLAGS = List.of(
      new OptionFlag("batch-schedule", "batchSchedule", "constant|geometric|adaptive"),
      new OptionFlag("batch-size", "batchSize", "B"), new OptionFlag("batch-factor", "batchFactor", "F"),
      new OptionFlag("batch-delay", "batchDelay", "EPOCHS"), new OptionFlag("max-batch-size", "maxBatchSize", "B"),
      new OptionFlag("learning-rate", "learningRate", "RATE"),
      new OptionFlag("rate-schedule", "rateSchedule", "constant|step|inverse"),
      new OptionFlag("momentum", "momentum", "M"), new OptionFlag("epochs", "epochs", "E"),
      new OptionFlag("evaluate-every", "evaluateEvery", "K"), new OptionFlag("seed", "seed", "S"),
      new OptionFlag("tau", "tau", "T"), new OptionFlag("local-batch-size", "localBatchSize", "B"),
      new OptionFlag("progress-tol", "progressTol", "TOL"), new OptionFlag("workers", "workers", "all|grow"));

  @Override
  public List<OptionFlag> flags() {
    return FLAGS.stream().filter(f -> options.contains(f.option())).toList();
  }

  /** The options of every stochastic solver, for the help; each solver lists those it takes. */
  private List<OptionDoc> docs() {
    boolean sgd = name.equals("sgd");
    boolean local = name.equals("parallel-sgd") || name.equals("local-sgd");
    return List.of(
        new OptionDoc("batchSize", "integer >= 1", "" + StochasticSettings.DEFAULT_BATCH_SIZE,
            "the (initial) mini-batch size, in expected rows"),
        new OptionDoc("batchSchedule", "constant|geometric|adaptive", "geometric", "how the batch size evolves: "
            + "fixed, times batchFactor every batchDelay epochs (AdaDamp), or grown by a norm test"),
        new OptionDoc("batchFactor", "number > 1", "" + StochasticSettings.DEFAULT_BATCH_FACTOR,
            "growth factor of the geometric and adaptive schedules"),
        new OptionDoc("batchDelay", "epochs > 0", "" + StochasticSettings.DEFAULT_BATCH_DELAY,
            "epochs between geometric growths"),
        new OptionDoc("maxBatchSize", "integer >= 0", "0", "the cap of the batch size, then the rate decays "
            + "instead; 0: n (full batch)"),
        new OptionDoc("adaptiveTheta", "number in (0, 1)", "" + StochasticSettings.DEFAULT_ADAPTIVE_THETA,
            "the adaptive schedule's norm-test ratio"),
        new OptionDoc("workers", "all|grow", "all", "partitions (Spark tasks) per mini-batch: all of them, or about "
            + "batch / (rows per partition), drawn at random for each update, so the tasks grow with the batch"),
        new OptionDoc("learningRate", "number > 0", "1/L", "the base learning rate; by default 1/L from a sampled "
            + "curvature estimate"),
        new OptionDoc("rateSchedule", "constant|step|inverse", sgd ? "constant" : "inverse",
            "how the learning rate decays with epochs (rounds)"),
        new OptionDoc("rateDecay", "number in (0, 1]", "" + StochasticSettings.DEFAULT_RATE_DECAY,
            "factor of the step schedule"),
        new OptionDoc("ratePeriod", "number > 0", local ? "" + StochasticSettings.DEFAULT_LOCAL_RATE_PERIOD : "1.0",
            "epochs per step of the step schedule, time scale of the inverse one"),
        new OptionDoc("momentum", "number in [0, 1)", sgd ? "" + StochasticSettings.DEFAULT_MOMENTUM : "0.0",
            "Nesterov momentum beta"),
        new OptionDoc("averaging", "true|false", "true", "whether the answer is an average of iterates"),
        new OptionDoc("epochs", "number > 0", "" + (local ? StochasticSettings.DEFAULT_LOCAL_EPOCHS_BUDGET
            : StochasticSettings.DEFAULT_EPOCHS), local ? "budget of epochs (a cap: see progressTol)"
            : "budget of epochs"),
        new OptionDoc("progressTol", "number in [0, 1)", "" + StochasticSettings.DEFAULT_PROGRESS_TOL,
            "stop (STALLED, unless the KKT tolerance is met) after " + StochasticSettings.PATIENCE + " full-data "
            + "evaluations in a row that did not lower the best objective by more than this fraction; 0: run the "
            + "whole budget"),
        new OptionDoc("evaluateEvery", "integer >= 0", "0", "full-data evaluation every k model updates (sgd) or "
            + "rounds; 0: once per epoch"),
        new OptionDoc("seed", "integer", "" + StochasticSettings.DEFAULT_SEED, "the seed of every random draw"),
        new OptionDoc("tau", "integer >= 1", "" + StochasticSettings.DEFAULT_TAU, "local steps per round"),
        new OptionDoc("localBatchSize", "integer >= 1", "" + StochasticSettings.DEFAULT_LOCAL_BATCH_SIZE,
            "rows per local step"),
        new OptionDoc("localEpochs", "number > 0", "1.0", "passes over its shard per round"),
        new OptionDoc("lipschitzRows", "integer >= 1", "" + StochasticSettings.DEFAULT_LIPSCHITZ_ROWS,
            "expected rows of the sample behind the default learning rate"));
  }

  @Override
  public List<OptionDoc> optionDocs() {
    return docs().stream().filter(d -> options.contains(d.option())).toList();
  }

  /** {@code sgd}: mini-batch proximal SGD with batch-size schedules ({@link SgdSolver}). */
  public static final class Sgd extends StochasticProviders {
    /** The provider. */
    public Sgd() {
      super("sgd", StochasticSettings.SGD_OPTIONS);
    }

    @Override
    public String description() {
      return "mini-batch proximal SGD, Nesterov momentum, constant/geometric/adaptive batch sizes (AdaDamp)";
    }

    @Override
    public DistributedSolver create(Map<String, String> options) {
      return new SgdSolver(StochasticSettings.parse(name(), options));
    }
  }

  /** {@code parallel-sgd}: Zinkevich et al. 2010 ({@link LocalSgdSolver}). */
  public static final class ParallelSgd extends StochasticProviders {
    /** The provider. */
    public ParallelSgd() {
      super("parallel-sgd", StochasticSettings.PARALLEL_OPTIONS);
    }

    @Override
    public String description() {
      return "parallel SGD (Zinkevich et al. 2010): a local SGD pass per partition, models averaged per round";
    }

    @Override
    public DistributedSolver create(Map<String, String> options) {
      return new LocalSgdSolver(LocalSgdSolver.Mode.PARALLEL, StochasticSettings.parse(name(), options));
    }
  }

  /** {@code local-sgd}: SparkNet's tau local steps, then averaging ({@link LocalSgdSolver}). */
  public static final class LocalSgd extends StochasticProviders {
    /** The provider. */
    public LocalSgd() {
      super("local-sgd", StochasticSettings.LOCAL_OPTIONS);
    }

    @Override
    public String description() {
      return "local SGD (SparkNet): tau local steps per partition, then the models are averaged";
    }

    @Override
    public DistributedSolver create(Map<String, String> options) {
      return new LocalSgdSolver(LocalSgdSolver.Mode.LOCAL, StochasticSettings.parse(name(), options));
    }
  }

  /** {@code downpour-sgd}: DistBelief's asynchronous parameter-server SGD ({@link DownpourSgdSolver}). */
  public static final class DownpourSgd extends StochasticProviders {
    /** The provider. */
    public DownpourSgd() {
      super("downpour-sgd", DownpourSettings.OPTIONS);
    }

    @Override
    public String description() {
      return "Downpour SGD (DistBelief): asynchronous replicas per partition, the driver as parameter server, "
          + "Adagrad";
    }

    /** The shared options with this solver's defaults, then its own. */
    @Override
    public List<OptionDoc> optionDocs() {
      List<OptionDoc> docs = new java.util.ArrayList<>();
      for (OptionDoc d : super.optionDocs()) {
        docs.add(switch (d.option()) {
          case "learningRate" -> new OptionDoc(d.option(), d.value(), "1/(L N), "
              + DownpourSettings.DEFAULT_ADAGRAD_RATE + " with adagrad", "the base rate: the schedule's (by default 1/L "
              + "of the local batch over the N tasks in flight), or Adagrad's (a distance in standardized coordinates)");
          case "rateSchedule" -> new OptionDoc(d.option(), d.value(), d.defaultValue(), d.description()
              + " (without adagrad)");
          case "localBatchSize" -> new OptionDoc(d.option(), d.value(), "" + DownpourSettings.DEFAULT_BATCH,
              d.description());
          default -> d;
        });
      }
      docs.addAll(DownpourSettings.ownDocs());
      return docs;
    }

    @Override
    public DistributedSolver create(Map<String, String> options) {
      return new DownpourSgdSolver(DownpourSettings.parse(options));
    }
  }
}
