package io.sparkglm.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.testing.Synthetic;
import org.junit.jupiter.api.Test;

class PredictionsTest {
  @Test
  void linearPredictorAndMeanMatchNaive() {
    Synthetic s = Synthetic.generate(Family.poisson(), 17, 4, 0.5, false, true, 4);
    GlmLoss loss = GlmLoss.of(Family.poisson(), Link.LOG);
    double[] coef = {0.2, -0.1, 0.05, 0.3, -0.7};
    for (BlockBuilder.Layout layout : BlockBuilder.Layout.values()) {
      int row = 0;
      for (Block b : s.blocks(5, layout)) {
        double[] eta = new double[b.numRows()];
        double[] mu = new double[b.numRows()];
        Predictions.predictInto(b, loss, coef, eta, mu);
        for (int i = 0; i < b.numRows(); i++, row++) {
          double expected = coef[4] + s.offset[row];
          for (int j = 0; j < 4; j++) {
            expected += s.x[row][j] * coef[j];
          }
          assertEquals(expected, eta[i], 1e-13, layout + " row " + row);
          assertEquals(Math.exp(expected), mu[i], 1e-12 * Math.exp(expected), layout + " row " + row);
        }
      }
    }
  }
}
