package io.sparkglm.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.data.LoadedData;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15 (4): the path's sequential strong rules ({@link StrongRules}) change nothing but the work: every point
 * of a path with them equals the path without them (newton, the default 100 lambdas, tolerance 1e-12), and a left-out
 * feature that violates the KKT conditions is found and added back. {@code strong/strong_violation.csv} is made by
 * {@code strong/make_strong.R} so that the rule fails on glmnet's own path (binomial lasso, 100 lambdas) at
 * {@code x25} and {@code x8}; the reference problems show the rule keeping fewer features than p.
 */
class StrongRulesTest {
  @ParameterizedTest(name = "{0} {1} alpha={2} standardize={3}")
  @CsvSource({"strong/strong_violation.csv, binomial, 1.0, false, 30, true",
      "data/binom.csv, binomial, 1.0, true, 15, false",
      "data/gauss_corr.csv, gaussian, 0.5, false, 12, false"})
  void strongRulesChangeNothingButTheWork(String file, String family, double alpha, boolean standardize,
      int p, boolean violates) throws Exception {
    String path = Path.of(StrongRulesTest.class.getResource("/reference/" + file).toURI()).toString();
    Family f = Family.parse(family, Double.NaN);
    LoadedData d = BlockLoader.load(SparkTestSession.get(), new DataSpec(path, DataFormat.CSV, "label",
        DataSpec.DEFAULT_FEATURES_COL, null, null, p, 2, BlockBuilder.DEFAULT_BLOCK_ROWS), f);
    d.blocks().persist(StorageLevel.MEMORY_ONLY());
    try {
      GlmSpec spec = new GlmSpec(f, null, 0.0, alpha, standardize, true, "newton",
          new StoppingRule(1000, 1e-12, 0.0));
      RegularizationPath.Result strong = new RegularizationPath(2, Map.of(), true, true).fit(spec, d.blocks(), p,
          false, null, 100, BlockLoader::runAction);
      RegularizationPath.Result plain = new RegularizationPath(2, Map.of(), true, false).fit(spec, d.blocks(), p,
          false, null, 100, BlockLoader::runAction);
      int violations = 0;
      int smallerSets = 0;
      for (int k = 0; k < plain.points().size(); k++) {
        RegularizationPath.Point a = strong.points().get(k);
        RegularizationPath.Point b = plain.points().get(k);
        assertEquals(p, b.strongSet(), "without strong rules every feature is fitted");
        assertEquals(0, b.violations());
        assertTrue(a.kkt() <= 1e-9, "lambda " + a.lambda() + ": the full problem's KKT violation " + a.kkt());
        for (int j = 0; j < p; j++) {
          assertEquals(b.coefficients()[j], a.coefficients()[j], 1e-8, "lambda " + a.lambda() + " coefficient " + j);
        }
        assertEquals(b.intercept(), a.intercept(), 1e-8, "lambda " + a.lambda() + " intercept");
        violations += a.violations();
        smallerSets += a.strongSet() < p ? 1 : 0;
      }
      assertTrue(smallerSets >= 20, "the strong rule leaves features out along the path, did at " + smallerSets);
      if (violates) {
        assertTrue(violations > 0, "the rule must fail (and be corrected) on this data");
      }
    } finally {
      d.blocks().unpersist(false);
    }
  }
}
