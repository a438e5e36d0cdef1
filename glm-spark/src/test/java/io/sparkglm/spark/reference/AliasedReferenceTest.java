package io.sparkglm.spark.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.DenseBlock;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.stats.GlmStatistics;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.FitWarning;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * R's treatment of a singular design, against the reference statistics: the unpenalized reference data with two
 * aliased columns appended (a copy of the first feature, and the first plus twice the second) must give what R's
 * {@code glm} gives for that design: the two new coefficients {@code NA}, every other row of the table, the
 * deviance, the AIC and the residual degrees of freedom those of the original fit (the reference), and a named
 * {@code aliased} warning; with any solver.
 */
class AliasedReferenceTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gauss_corr__gaussian__unpenalized newton", "binom__binomial__unpenalized newton",
      "pois__poisson__unpenalized lbfgs", "binom_weighted__binomial__unpenalized proxgrad"})
  void aliasedColumnsAreNaAndTheRestIsTheReferenceFit(String what) {
    String[] parts = what.split(" ");
    ReferenceCase c = ReferenceCase.byId(parts[0]);
    LoadedData d = BlockLoader.load(SparkTestSession.get(), c.dataSpec(2), c.spec("newton",
        StoppingRule.defaults()).family());
    int p = d.numFeatures();
    JavaRDD<Block> widened = d.blocks().map(AliasedReferenceTest::withAliasedColumns);
    List<String> names = new ArrayList<>(d.featureNames());
    names.add("copy_of_first");
    names.add("first_plus_twice_second");
    FitResult r = new GlmTrainer(2, Map.of()).withStatistics(names, d.hasOffsets())
        .fit(c.spec(parts[1], new StoppingRule(1000, parts[1].equals("newton") ? 1e-10 : 1e-8, 0.0)), widened,
            p + 2, BlockLoader::runAction);

    assertEquals(Status.CONVERGED, r.status(), what);
    assertEquals(List.of(new FitWarning("aliased", r.warnings().get(0).message(),
        List.of("copy_of_first", "first_plus_twice_second"))), r.warnings(), what);
    assertEquals(0.0, r.coefficients()[p], 0.0);
    assertEquals(0.0, r.coefficients()[p + 1], 0.0);
    GlmStatistics s = r.statistics().orElseThrow();
    JsonNode ref = c.json();
    relative(ref.path("deviance").asDouble(), s.deviance(), 1e-9, what + " deviance");
    relative(ref.path("aic").asDouble(), s.aic(), 1e-9, what + " AIC");
    assertEquals(ref.path("df_residual").asDouble(), s.dfResidual(), 0.0, what + " df");
    assertEquals(p + 3, s.coefficients().size());
    for (int k = 0; k <= p; k++) {
      GlmStatistics.Coefficient row = s.coefficients().get(k);
      relative(ref.path("std_errors").get(k).asDouble(), row.stdError(), 1e-6, what + " se " + row.name());
      relative(ref.path("statistics").get(k).asDouble(), row.statistic(), 1e-5, what + " stat " + row.name());
    }
    for (int k = p + 1; k <= p + 2; k++) {
      GlmStatistics.Coefficient row = s.coefficients().get(k);
      assertTrue(Double.isNaN(row.estimate()) && Double.isNaN(row.stdError()) && Double.isNaN(row.pValue()),
          what + " " + row);
    }
  }

  private static Block withAliasedColumns(Block block) {
    DenseBlock dense = (DenseBlock) block;
    int n = dense.numRows();
    int p = dense.numFeatures();
    double[] x = dense.values();
    double[] wide = new double[n * (p + 2)];
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, i * p, wide, i * (p + 2), p);
      wide[i * (p + 2) + p] = x[i * p];
      wide[i * (p + 2) + p + 1] = x[i * p] + 2 * x[i * p + 1];
    }
    return new DenseBlock(n, p + 2, wide, dense.labels(), dense.weights(), dense.offsets());
  }

  private static void relative(double expected, double actual, double tol, String what) {
    assertTrue(Math.abs(expected - actual) <= tol * Math.max(1e-300, Math.abs(expected)), what + ": expected "
        + expected + ", got " + actual);
  }
}
