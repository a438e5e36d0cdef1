package io.sparkglm.bench;

import java.util.List;

/** The benchmark's results, as plain records (written out by {@link BenchReport} and {@link SvgPlot}). */
public final class Results {
  private Results() {
  }

  /**
   * One contestant on one problem.
   *
   * @param name display name
   * @param trial its full run
   * @param timing its time to target
   */
  public record Entry(String name, Contestant.Trial trial, Contestant.Timing timing) {
    /** Seconds per pass of the full run. */
    public double secondsPerPass() {
      return trial.seconds() / Math.max(1, trial.passes());
    }

    /** Whether this is a sparkglm solver. */
    public boolean sparkglm() {
      return name.startsWith("sparkglm");
    }
  }

  /**
   * One problem on one dataset.
   *
   * @param problem the problem
   * @param fStar the best {@code F} any contestant reached
   * @param target {@code F* + 1e-6 |F*|}
   * @param nonZeros non-zero coefficients of the best solution
   * @param entries one per contestant
   */
  public record ProblemResult(Problem problem, double fStar, double target, int nonZeros, List<Entry> entries) {
  }

  /**
   * One dataset.
   *
   * @param data the generator (with the n actually used)
   * @param note why n differs from the requested one, or empty
   * @param blocksBytes Spark's memory size of the cached blocks
   * @param frameBytes Spark's memory size of the cached DataFrame
   * @param storedValues stored feature values (n*p dense, the non-zeros sparse)
   * @param passSeconds median seconds of one sparkglm gradient pass ({@code SparkDataTerm}, cached blocks)
   * @param hessianPassSeconds median seconds of one sparkglm Hessian pass (dense only, else NaN)
   * @param rooflineSeconds median seconds of the roofline loop's pass on the same rows
   * @param readSeconds median seconds to stream the same arrays once (memory-bandwidth floor)
   * @param rooflineLossError relative difference of the roofline's and SparkDataTerm's loss
   * @param lambdaMax the smallest lambda zeroing every coefficient
   * @param l1Factor lambda(L1) / lambdaMax
   * @param problems the problems
   * @param ablation the ablation variants (empty unless run on this dataset)
   */
  public record DatasetResult(SyntheticData data, String note, long blocksBytes, long frameBytes,
      long storedValues, double passSeconds, double hessianPassSeconds, double rooflineSeconds, double readSeconds,
      double rooflineLossError,
      double lambdaMax, double l1Factor, List<ProblemResult> problems, List<Ablation.Variant> ablation) {
  }
}
