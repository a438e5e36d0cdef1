package io.sparkglm.core.kernel;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;

/**
 * Per-row predictions of a fitted model over a block: the linear predictor
 * {@code eta_i = x_i'beta + b0 + offset_i} and the mean {@code mu_i = g^-1(eta_i)}.
 */
public final class Predictions {
  private Predictions() {
  }

  /**
   * Writes {@code eta} and {@code mu} of every row of {@code block}.
   *
   * @param coef length {@code p + 1}, intercept last; not modified
   * @param etaOut length at least n; entries {@code [0, n)} overwritten
   * @param muOut length at least n, entries {@code [0, n)} overwritten; or {@code null} for eta only
   */
  public static void predictInto(Block block, GlmLoss loss, double[] coef, double[] etaOut, double[] muOut) {
    block.linearPredictorInto(coef, etaOut);
    if (muOut != null) {
      for (int i = 0; i < block.numRows(); i++) {
        muOut[i] = loss.mean(etaOut[i]);
      }
    }
  }
}
