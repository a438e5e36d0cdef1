package io.sparkglm.spark.eval;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.LocalDataTerm;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The data term as one task of an all-reduce group sees it ({@code --aggregation allreduce}): the task holds the
 * blocks of some of the data's {@code n} source partitions (the partitions of the cached blocks RDD); an evaluation
 * runs the {@link GlmAccumulator} kernel over each source partition's blocks, sends those sums to every other task
 * and receives theirs through one all-gather ({@code BarrierTaskContext.allGather} in a barrier stage), then
 * combines the {@code n} sums exactly as {@link OrderedTreeAggregate} combines them in {@code tree} mode
 * ({@link OrderedTreeAggregate#combineLikeTree}, same depth). Every task thus gets the same bits, the same bits as
 * {@link SparkDataTerm} over the same source partitions: the solver loops running in every task stay in lockstep,
 * and their answer is {@code tree} mode's.
 *
 * <p>Message: Base64 of, per source partition held, {@code [partition (int), length (int), sums (doubles)]}
 * ({@link GlmAccumulator#toSums}); about {@code 10.7 (p + 4)} characters per source partition for a gradient and
 * {@code 10.7 (p + 1)^2} more for a Hessian. An evaluation whose gathered text would exceed {@link #maxGatherChars}
 * is refused.
 */
public final class AllreduceDataTerm implements DataTerm {
  private final SortedMap<Integer, List<Block>> local;
  private final GlmLoss loss;
  private final int numFeatures;
  private final double weightSum;
  private final int depth;
  private final int numSources;
  private final int numTasks;
  private final long maxGatherChars;
  private final Function<String, String[]> allGather;
  private long passes;

  /**
   * @param local this task's blocks by source partition (partitions it holds no rows of may be missing); not
   *     modified
   * @param weightSum {@code sum_i w_i} over all rows of all partitions
   * @param depth the tree depth whose combination order to reproduce, at least 1
   * @param numSources {@code n}, the number of source partitions
   * @param numTasks tasks in the all-reduce group (messages per gather)
   * @param maxGatherChars the largest total text one gather may move ({@code numTasks} messages)
   * @param allGather sends this task's message, returns every task's message (the same array in every task)
   */
  public AllreduceDataTerm(Map<Integer, List<Block>> local, GlmLoss loss, int numFeatures, double weightSum,
      int depth, int numSources, int numTasks, long maxGatherChars, Function<String, String[]> allGather) {
    if (depth < 1) {
      throw new IllegalArgumentException("aggregationDepth must be >= 1, got " + depth);
    }
    this.local = new TreeMap<>(local);
    this.loss = loss;
    this.numFeatures = numFeatures;
    this.weightSum = weightSum;
    this.depth = depth;
    this.numSources = numSources;
    this.numTasks = numTasks;
    this.maxGatherChars = maxGatherChars;
    this.allGather = allGather;
  }

  /**
   * The characters one gather moves for {@code p} features at {@code order} when {@code numSources} source
   * partitions' sums are exchanged: the estimate behind the size check, also used before the barrier stage starts.
   */
  public static long gatherChars(int numFeatures, Order order, int numSources) {
    long p1 = numFeatures + 1L;
    long doubles = 3 + (order.includes(Order.GRADIENT) ? p1 : 0) + (order == Order.HESSIAN ? p1 * p1 : 0);
    long bytes = 8 + 8 * doubles;
    return numSources * (4 * ((bytes + 2) / 3));
  }

  @Override
  public int dimension() {
    return numFeatures + 1;
  }

  @Override
  public Evaluation evaluate(double[] coef, Order order) {
    long chars = gatherChars(numFeatures, order, numSources);
    if (chars > maxGatherChars) {
      throw new IllegalArgumentException(tooLarge(numFeatures, order, numSources, chars, maxGatherChars));
    }
    String[] messages = allGather.apply(encode(localSums(coef, order)));
    if (messages.length != numTasks) {
      throw new IllegalStateException("all-gather returned " + messages.length + " messages for " + numTasks
          + " tasks");
    }
    List<GlmAccumulator> bySource = decode(messages, order);
    passes++;
    return LocalDataTerm.normalize(OrderedTreeAggregate.combineLikeTree(bySource, GlmAccumulator::merge, depth),
        weightSum);
  }

  /** The refusal of a gather of {@code chars} characters. */
  public static String tooLarge(int numFeatures, Order order, int numSources, long chars, long max) {
    return "--aggregation allreduce: one " + order.name().toLowerCase(java.util.Locale.ROOT) + " evaluation at p = "
        + numFeatures + " over " + numSources + " partitions would all-gather " + chars / (1 << 20) + " MiB (limit "
        + max / (1 << 20) + " MiB, all-gather messages pass through the driver); use --aggregation tree"
        + (order == Order.HESSIAN ? " or a solver without Hessians (lbfgs, proxgrad)" : "");
  }

  private SortedMap<Integer, double[]> localSums(double[] coef, Order order) {
    SortedMap<Integer, double[]> out = new TreeMap<>();
    for (Map.Entry<Integer, List<Block>> e : local.entrySet()) {
      GlmAccumulator acc = new GlmAccumulator(loss, numFeatures, order);
      for (Block b : e.getValue()) {
        acc.add(b, coef);
      }
      out.put(e.getKey(), acc.toSums());
    }
    return out;
  }

  private static String encode(SortedMap<Integer, double[]> sums) {
    int bytes = 0;
    for (double[] s : sums.values()) {
      bytes += 8 + 8 * s.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(bytes);
    for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
      buf.putInt(e.getKey()).putInt(e.getValue().length);
      buf.asDoubleBuffer().put(e.getValue());
      buf.position(buf.position() + 8 * e.getValue().length);
    }
    return Base64.getEncoder().encodeToString(buf.array());
  }

  /** Every source partition's accumulator, in partition order (empty ones for partitions no task held). */
  private List<GlmAccumulator> decode(String[] messages, Order order) {
    List<GlmAccumulator> out = new ArrayList<>(numSources);
    for (int i = 0; i < numSources; i++) {
      out.add(null);
    }
    for (String m : messages) {
      ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(m));
      while (buf.hasRemaining()) {
        int source = buf.getInt();
        double[] s = new double[buf.getInt()];
        buf.asDoubleBuffer().get(s);
        buf.position(buf.position() + 8 * s.length);
        if (source < 0 || source >= numSources || out.get(source) != null) {
          throw new IllegalStateException("all-gather: partition " + source + " unexpected or sent twice");
        }
        out.set(source, GlmAccumulator.fromSums(loss, numFeatures, order, s));
      }
    }
    for (int i = 0; i < numSources; i++) {
      if (out.get(i) == null) {
        out.set(i, new GlmAccumulator(loss, numFeatures, order));
      }
    }
    return out;
  }

  @Override
  public long passes() {
    return passes;
  }
}
