package io.sparkglm.spark.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.stats.GlmStatistics;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * R-style statistics of the unpenalized reference fits against statsmodels 0.13.5 ({@code GLM(y, X, family,
 * freq_weights, offset).fit()}, with R {@code glm} conventions for AIC and t/z tests; see the reference README):
 * standard errors and statistics to 1e-6 relative, p-values to 1e-8 absolute, deviance, null deviance,
 * dispersion, AIC and residual degrees of freedom to 1e-9 relative. Penalized fits get no standard errors.
 */
class ReferenceStatisticsTest {
  static Stream<ReferenceCase> unpenalized() {
    return ReferenceCase.all().stream().filter(c -> c.lambda() == 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unpenalized")
  void statisticsMatchStatsmodels(ReferenceCase c) {
    LoadedData d = BlockLoader.load(SparkTestSession.get(), c.dataSpec(2), c.spec("newton",
        StoppingRule.defaults()).family());
    FitResult r = new GlmTrainer(2, Map.of()).withStatistics(d.featureNames(), d.hasOffsets())
        .fit(c.spec("newton", new StoppingRule(100, 1e-12, 0.0)), d.blocks(), d.numFeatures(),
            BlockLoader::runAction);
    GlmStatistics s = r.statistics().orElseThrow();
    JsonNode ref = c.json();
    String what = c.id();
    relative(ref.path("deviance").asDouble(), s.deviance(), 1e-9, what + " deviance");
    relative(ref.path("null_deviance").asDouble(), s.nullDeviance(), 1e-9, what + " null deviance");
    relative(ref.path("dispersion").asDouble(), s.dispersion(), 1e-9, what + " dispersion");
    relative(ref.path("aic").asDouble(), s.aic(), 1e-9, what + " AIC");
    assertEquals(ref.path("df_residual").asDouble(), s.dfResidual(), 0.0, what + " df");
    assertEquals(ref.path("statistic_name").asText(), s.statisticName());
    assertEquals("(Intercept)", s.coefficients().get(0).name());
    for (int k = 0; k < s.coefficients().size(); k++) {
      GlmStatistics.Coefficient row = s.coefficients().get(k);
      relative(ref.path("std_errors").get(k).asDouble(), row.stdError(), 1e-6, what + " se " + row.name());
      relative(ref.path("statistics").get(k).asDouble(), row.statistic(), 1e-6, what + " stat " + row.name());
      assertEquals(ref.path("p_values").get(k).asDouble(), row.pValue(), 1e-8, what + " p " + row.name());
    }
  }

  private static void relative(double expected, double actual, double tol, String what) {
    assertTrue(Math.abs(expected - actual) <= tol * Math.max(1e-300, Math.abs(expected)), what + ": expected "
        + expected + ", got " + actual);
  }
}
