package io.sparkglm.asyncadmm;

import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.reference.BoundsCase;
import io.sparkglm.spark.reference.BoundsReferenceTest;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15 (3): async-admm with coefficient bounds (its running consensus's z-update is admm's {@code MetricProx}:
 * clipped with the identity metric, the box-constrained QP with the Hessian metric) reaches R glmnet's bounded fits ({@link BoundsCase}) with the
 * assertions of {@link BoundsReferenceTest}: the bound-constrained KKT certificate, glmnet's coefficients, the
 * same coefficients at their bounds, the {@code atBound} warning and no standard errors for them.
 */
class AsyncAdmmBoundsTest {
  @ParameterizedTest(name = "{0} metric={1}")
  @CsvSource({"binom_lasso_bounds, true", "binom_ridge_std_factors_bounds, true", "gauss_corr_enet_bounds, false"})
  void matchesGlmnet(String id, boolean metric) {
    BoundsCase c = BoundsCase.of(id);
    LoadedData d = BlockLoader.load(SparkTestSession.get(), c.dataSpec(3),
        c.spec("async-admm", StoppingRule.defaults()).family());
    try {
      FitResult r = new GlmTrainer(2, Map.of("metric", metric ? "hessian" : "identity"))
          .withStatistics(d.featureNames(), d.hasOffsets())
          .fit(c.spec("async-admm", new StoppingRule(3000, 1e-10, 0.0)), d.blocks(), d.numFeatures(),
              BlockLoader::runAction);
      BoundsReferenceTest.check(c, r, "async-admm metric=" + metric + " (" + r.iterations() + " iterations)");
    } finally {
      d.blocks().unpersist(false);
    }
  }
}
