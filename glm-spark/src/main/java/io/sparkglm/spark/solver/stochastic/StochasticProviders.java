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
      new OptionFlag("tau", "tau", "T"), new OptionFlag("local-batch-size", "localBatchSize", "B"));

  @Override
  public List<OptionFlag> flags() {
    return FLAGS.stream().filter(f -> options.contains(f.option())).toList();
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
}
