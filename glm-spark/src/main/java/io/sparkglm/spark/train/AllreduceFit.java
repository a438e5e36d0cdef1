package io.sparkglm.spark.train;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.eval.AllreduceDataTerm;
import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.TrainingProblem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.Dependency;
import org.apache.spark.NarrowDependency;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A full-batch solver run as one barrier stage ({@code --aggregation allreduce}; the all-reduce of Horovod and
 * xgboost4j-spark, here Spark's {@code BarrierTaskContext.allGather}, which passes every message through the
 * driver, not a ring among the tasks): instead of one
 * Spark job per data pass (a broadcast, a task per partition, a tree aggregation: tens of milliseconds of fixed
 * cost), the solver's loop runs inside every task of one barrier stage, each evaluation combining the tasks' sums
 * with an all-gather ({@link BarrierSolve}, {@link io.sparkglm.spark.eval.AllreduceDataTerm}).
 *
 * <p>The answer is {@code tree} mode's, bit for bit: each task evaluates the kernel per source partition (the
 * cached RDD's partitions) and combines the {@code n} sums in {@code tree} mode's order.
 *
 * <p>A barrier stage needs all its tasks running at once. With more partitions than task slots (e.g. 8 partitions
 * on {@code local[2]}), or when the blocks' lineage within the stage has another partition count (Spark refuses
 * such barrier stages), the blocks are shuffled once into {@code min(n, slots)} partitions, source partitions kept
 * whole and in order (contiguous ranges, as coalescing does; xgboost4j-spark likewise repartitions to its workers).
 * A lost task fails the stage, which Spark restarts as a whole (its rule for barrier stages); the restarted loop is
 * the same deterministic computation, so it ends at the same answer.
 *
 * <p>Progress: task 0 logs every iteration while it runs (logger {@code io.sparkglm.fit.allreduce}, in its
 * executor's log, which in local mode is the driver's); when the stage ends the driver passes the solution's
 * history to the fit's listener (the usual {@code io.sparkglm.fit} lines, after the fact).
 */
final class AllreduceFit {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit");
  /** The largest text one all-gather may move (every task's message; they pass through the driver). */
  static final long MAX_GATHER_CHARS = 64L << 20;
  /** The Spark setting that turns {@link WokenAllGather} off ({@code false}: Spark's one-second polling). */
  static final String WAKE = "spark.sparkglm.allreduce.wake";
  /** How many times the barrier stage is submitted before a failure ends the fit (Spark's task.maxFailures default). */
  static final String MAX_ATTEMPTS = "spark.sparkglm.allreduce.maxAttempts";

  private AllreduceFit() {
  }

  /**
   * Solves {@code problem} with {@code solver} in one barrier stage.
   *
   * @param options the solver's options, as the registry created it with
   * @throws IllegalArgumentException for a solver that is not full-batch, or sums too large to all-gather
   */
  static Solution solve(TrainingProblem problem, DistributedSolver solver, Map<String, String> options,
      StoppingRule stop, IterationListener listener, String fitId) {
    check(solver, problem.numFeatures(), problem.blocks().getNumPartitions());
    JavaRDD<Block> blocks = problem.blocks();
    SparkContext sc = blocks.context();
    int n = blocks.getNumPartitions();
    int tasks = Math.min(n, slots(sc));
    JavaPairRDD<Long, Block> keyed = blocks.mapPartitionsWithIndex(AllreduceFit::keyed, true)
        .mapToPair(t -> t);
    boolean shuffled = tasks < n || !sameWidthWithinStage(blocks.rdd(), n);
    if (shuffled) {
      keyed = keyed.partitionBy(new SourceRanges(n, tasks));
    }
    BarrierSolve.Inputs in = new BarrierSolve.Inputs(solver.name(), BarrierSolve.options(options), problem.loss(),
        problem.numFeatures(), problem.setup().stats().weightSum(), problem.aggregationDepth(), n, MAX_GATHER_CHARS,
        problem.penalty(), problem.start(), stop, problem.setup().reparametrization(), problem.setup().fixed(),
        sc.getConf().getBoolean(WAKE, true));
    LOG.info("fit {}: allreduce over {} partitions in {} barrier tasks{}", fitId, n, keyed.getNumPartitions(),
        shuffled ? " (blocks shuffled once)" : "");
    sc.setJobDescription("sparkglm fit " + fitId + ": " + solver.name() + " in one barrier stage (allreduce, "
        + keyed.getNumPartitions() + " tasks)");
    Solution s = runStage(keyed, in, sc.getConf().getInt(MAX_ATTEMPTS, 4), fitId);
    for (IterationRecord r : s.history()) {
      listener.onIteration(solver.name(), r);
    }
    return s;
  }

  /**
   * Runs the barrier stage, resubmitting it whole when it fails. Spark retries a failed barrier stage only when it is
   * a shuffle-map stage; this one is a result stage ("Could not recover from a failed barrier ResultStage"), so a
   * lost executor would end the fit. Every attempt starts from the same start, so the answer does not depend on how
   * many there were; Spark's own check waits until the stage's tasks can be scheduled together again.
   */
  private static Solution runStage(JavaPairRDD<Long, Block> keyed, BarrierSolve.Inputs in, int attempts,
      String fitId) {
    for (int attempt = 1; ; attempt++) {
      try {
        List<Solution> out = keyed.rdd().barrier().mapPartitions(new BarrierSolve(in), false,
            scala.reflect.ClassTag$.MODULE$.apply(Solution.class)).toJavaRDD().collect();
        return out.get(0);
      } catch (Exception e) {  // Spark's SparkException is checked in Java's eyes but undeclared by Scala
        if (!(e instanceof org.apache.spark.SparkException) || attempt >= attempts) {
          throw AllreduceFit.<RuntimeException>rethrow(e);
        }
        LOG.warn("fit {}: the allreduce stage failed (attempt {} of {}: {}); resubmitting it", fitId, attempt,
            attempts, e.getMessage());
      }
    }
  }

  /** Rethrows {@code e} unchanged, checked or not (what Scala's collect does). */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrow(Exception e) throws E {
    throw (E) e;
  }

  /**
   * Refuses solvers that are not full-batch, and sums too large to all-gather: newton's Hessians ({@code (p+1)^2}
   * per partition; newton is the one registered solver that evaluates Hessians), the other solvers' gradients.
   */
  static void check(DistributedSolver solver, int numFeatures, int numSources) {
    if (solver.fullBatch().isEmpty()) {
      throw new IllegalArgumentException("--aggregation allreduce runs full-batch solvers (newton, lbfgs, proxgrad, "
          + "gd); solver " + solver.name() + " works per partition or on samples: use --aggregation tree");
    }
    Order deepest = "newton".equals(solver.name()) ? Order.HESSIAN : Order.GRADIENT;
    long chars = AllreduceDataTerm.gatherChars(numFeatures, deepest, numSources);
    if (chars > MAX_GATHER_CHARS) {
      throw new IllegalArgumentException(AllreduceDataTerm.tooLarge(numFeatures, deepest, numSources, chars,
          MAX_GATHER_CHARS));
    }
  }

  /**
   * The task slots of the cluster: the tasks of the default resource profile that can run at once (Spark's own
   * count for its barrier check, {@code SparkContext.maxNumConcurrentTasks}); at least 1.
   */
  static int slots(SparkContext sc) {
    return Math.max(1, sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile()));
  }

  /** The key of a block: its source partition (high 32 bits) and its position there. */
  private static Iterator<Tuple2<Long, Block>> keyed(Integer partition, Iterator<Block> it) {
    List<Tuple2<Long, Block>> out = new ArrayList<>();
    long i = 0;
    while (it.hasNext()) {
      out.add(new Tuple2<>(((long) partition << 32) | i++, it.next()));
    }
    return out.iterator();
  }

  /** The source partition of a key. */
  static int sourceOf(long key) {
    return (int) (key >>> 32);
  }

  /**
   * Whether {@code rdd} and every RDD it depends on within its stage (through narrow dependencies) have {@code n}
   * partitions: Spark's condition for a barrier stage on it.
   */
  static boolean sameWidthWithinStage(RDD<?> rdd, int n) {
    if (rdd.getNumPartitions() != n) {
      return false;
    }
    for (Dependency<?> d : CollectionConverters.asJava(rdd.dependencies())) {
      if (d instanceof NarrowDependency<?> && !sameWidthWithinStage(d.rdd(), n)) {
        return false;
      }
    }
    return true;
  }

  /** Source partition {@code s} of {@code n} goes to task {@code floor(s * tasks / n)}: contiguous, in order. */
  static final class SourceRanges extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int sources;
    private final int tasks;

    SourceRanges(int sources, int tasks) {
      this.sources = sources;
      this.tasks = tasks;
    }

    @Override
    public int numPartitions() {
      return tasks;
    }

    @Override
    public int getPartition(Object key) {
      return (int) ((long) sourceOf((Long) key) * tasks / sources);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SourceRanges r && r.sources == sources && r.tasks == tasks;
    }

    @Override
    public int hashCode() {
      return 31 * sources + tasks;
    }
  }
}
