package io.sparkglm.spark.train;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.Reparametrization;
import io.sparkglm.core.solver.ScaledDataTerm;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Solver;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.eval.AllreduceDataTerm;
import io.sparkglm.spark.solver.SolverRegistry;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.BarrierTaskContext;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What every task of the all-reduce barrier stage runs ({@link AllreduceFit}): it keeps its blocks (keyed by
 * source partition and position, so their order is the cached RDD's whatever the shuffle did), creates the solver
 * by name, and runs the solver's whole loop on an {@link AllreduceDataTerm} whose evaluations all-gather with the
 * other tasks ({@link BarrierTaskContext#allGather}). All tasks see the same sums and run the same deterministic
 * loop; task 0 logs each iteration (logger {@code io.sparkglm.fit.allreduce}, in its executor's log) and returns the
 * {@link Solution}, the other tasks return nothing.
 */
final class BarrierSolve extends scala.runtime.AbstractFunction1<Iterator<Tuple2<Long, Block>>, Iterator<Solution>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit.allreduce");

  /** Everything the task needs, all serializable: the problem in the solver's variables and the solver's name. */
  record Inputs(String solver, HashMap<String, String> options, GlmLoss loss, int numFeatures, double weightSum,
      int depth, int numSources, long maxGatherChars, Penalty penalty, double[] start, StoppingRule stop,
      Reparametrization map, boolean[] fixed, boolean wake) implements Serializable {
  }

  private final Inputs in;

  BarrierSolve(Inputs in) {
    this.in = in;
  }

  @Override
  public Iterator<Solution> apply(Iterator<Tuple2<Long, Block>> rows) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    int task = ctx.partitionId();
    int tasks = ctx.getTaskInfos().length;
    SortedMap<Integer, List<Block>> local = bySource(rows);
    Solver solver = SolverRegistry.load().create(in.solver(), in.numFeatures(), in.penalty(), in.options())
        .fullBatch().orElseThrow(() -> new IllegalStateException("solver " + in.solver() + " is not full-batch"));
    IterationListener listener = task == 0 ? log(tasks) : IterationListener.none();
    try (WokenAllGather woken = in.wake() ? new WokenAllGather(ctx) : null) {
      AllreduceDataTerm data = new AllreduceDataTerm(local, in.loss(), in.numFeatures(), in.weightSum(), in.depth(),
          in.numSources(), tasks, in.maxGatherChars(), woken != null ? woken : ctx::allGather);
      Solution s = solver.solve(new ScaledDataTerm(data, in.map(), in.fixed()), in.penalty(), in.start(), in.stop(),
          listener);
      List<Solution> out = task == 0 ? List.of(s) : List.of();
      return CollectionConverters.asScala(out.iterator());
    }
  }

  /** The task's blocks by source partition, each partition's in its original order. */
  static SortedMap<Integer, List<Block>> bySource(Iterator<Tuple2<Long, Block>> rows) {
    List<Tuple2<Long, Block>> all = new ArrayList<>();
    CollectionConverters.asJava(rows).forEachRemaining(all::add);
    all.sort(Comparator.comparingLong(Tuple2::_1));
    SortedMap<Integer, List<Block>> out = new TreeMap<>();
    for (Tuple2<Long, Block> t : all) {
      out.computeIfAbsent(AllreduceFit.sourceOf(t._1()), k -> new ArrayList<>()).add(t._2());
    }
    return out;
  }

  private static IterationListener log(int tasks) {
    return (solver, r) -> LOG.info("allreduce task 0 of {}: {} iter={} objective={} kkt={} step={} secs={} passes={}",
        tasks, solver, r.iteration(), String.format(Locale.ROOT, "%.10g", r.objective()),
        String.format(Locale.ROOT, "%.2e", r.optimality()), String.format(Locale.ROOT, "%.3g", r.step()),
        String.format(Locale.ROOT, "%.3f", r.seconds()), r.passes());
  }

  /** A copy of {@code options} that serializes. */
  static HashMap<String, String> options(Map<String, String> options) {
    return new HashMap<>(options);
  }
}
