package io.sparkglm.admm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.reference.BoundsCase;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 (5): admm takes a warm start ({@link GlmTrainer#withStart}) as its consensus z and the partitions' local
 * starts: from its own certified answer (a bounded binomial lasso) the first round's certificate at z already meets
 * the tolerance, so the fit stops after that one round with the same coefficients.
 */
class AdmmWarmStartTest {
  @Test
  void fromTheOptimumOneRound() {
    BoundsCase c = BoundsCase.of("binom_lasso_bounds");
    LoadedData d = BlockLoader.load(SparkTestSession.get(), c.dataSpec(3),
        c.spec("admm", StoppingRule.defaults()).family());
    try {
      StoppingRule stop = new StoppingRule(3000, 1e-9, 0.0);
      FitResult cold = new GlmTrainer(2, Map.of()).fit(c.spec("admm", stop), d.blocks(), d.numFeatures(),
          BlockLoader::runAction);
      assertEquals(Status.CONVERGED, cold.status());
      assertTrue(cold.iterations() > 1, "cold: " + cold.iterations());
      FitResult warm = new GlmTrainer(2, Map.of())
          .withStart(new GlmTrainer.Start("the cold fit", "binomial", cold.coefficients(), cold.intercept()))
          .fit(c.spec("admm", stop), d.blocks(), d.numFeatures(), BlockLoader::runAction);
      assertEquals(Status.CONVERGED, warm.status());
      assertEquals(1, warm.iterations(), "one round: its certificate at the start already meets the tolerance");
      assertArrayEquals(cold.coefficients(), warm.coefficients(), 1e-12);
    } finally {
      d.blocks().unpersist(false);
    }
  }
}
