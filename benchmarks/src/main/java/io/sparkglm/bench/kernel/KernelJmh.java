package io.sparkglm.bench.kernel;

import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.kernel.Order;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH benchmark of one single-thread kernel pass over a case's blocks (average time per pass): the shipped kernel,
 * the kernel before the vectorized loops ({@code before}) and the plain fused loop ({@code roofline}); see
 * {@link KernelBench}. {@link KernelTable} runs it case by case and prints ns per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KernelJmh {
  /** {@code family-link}, e.g. {@code binomial-logit}. */
  @Param({"binomial-logit"})
  public String loss;
  /** One of {@link KernelBench#LAYOUTS}. */
  @Param({"dense p=15"})
  public String layout;
  /** GRADIENT or HESSIAN. */
  @Param({"GRADIENT"})
  public String order;
  /** Data scale: 1.0 is about 128 MB. */
  @Param({"1.0"})
  public double scale;

  private KernelBench.Data data;
  private double[] coef;
  private GlmLoss glmLoss;
  private Order passOrder;
  private String family;

  /** Builds the case's blocks, labels and coefficients once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    passOrder = Order.valueOf(order);
    if (!KernelBench.measured(layout, passOrder)) {
      throw new IllegalArgumentException("case " + layout + " " + order + " is not measured");
    }
    String[] fl = loss.split("-");
    family = fl[0];
    glmLoss = GlmLoss.of(Family.parse(fl[0], 0.0), Link.parse(fl[1]));
    data = KernelBench.make(layout, scale);
    KernelBench.relabel(data, family);
    coef = KernelBench.coefficients(data.p(), family);
  }

  /** Rows of the case (for ns per row). */
  public long rows() {
    return data.rows();
  }

  /** {@code GlmAccumulator.add} over every block, as shipped. */
  @Benchmark
  public double kernel() {
    return KernelBench.kernelPass(data.blocks(), coef, glmLoss, data.p(), passOrder);
  }

  /** The kernel before the vectorized loss loops and the rank-4 Gram. */
  @Benchmark
  public double before() {
    return KernelBench.threePass(data.blocks(), coef, glmLoss, data.p(), passOrder);
  }

  /** The plain scalar fused row loop. */
  @Benchmark
  public double roofline() {
    return KernelBench.roofline(data.blocks(), coef, family, data.p(), passOrder);
  }
}
