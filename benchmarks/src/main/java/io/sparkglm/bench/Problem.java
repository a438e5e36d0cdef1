package io.sparkglm.bench;

/**
 * A penalized problem on one dataset: sparkglm's objective (README, "The objective") with
 * {@code standardize=false}: {@code F(b0, b) = (1/n) sum_i l(y_i, b0 + x_i'b) + lambda (alpha |b|_1 +
 * (1-alpha)/2 |b|_2^2)}.
 *
 * @param name {@code L2}, {@code L1} or {@code EN}
 * @param lambda {@code lambda}
 * @param alpha {@code alpha}
 */
public record Problem(String name, double lambda, double alpha) {
  /** The L2 problem's lambda (issue 6). */
  public static final double L2_LAMBDA = 1e-4;
  /** The elastic-net mixing of the EN problem. */
  public static final double EN_ALPHA = 0.5;

  /** Whether the penalty has an L1 part. */
  public boolean hasL1() {
    return alpha > 0 && lambda > 0;
  }
}
