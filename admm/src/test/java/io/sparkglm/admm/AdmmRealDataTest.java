package io.sparkglm.admm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 18: {@code admm} with default options on ordinary real data, the Wisconsin breast-cancer table
 * (scikit-learn 1.9's {@code load_breast_cancer()}, 569 rows, 30 features whose scales run from 0.001 to 4,254,
 * strongly correlated: condition number 1e5 after standardization; {@code breast_cancer.csv}, label 1 = benign).
 * Before the Hessian metric the unstandardized lasso was still running after 400 s. The binomial lasso
 * ({@code lambda = 0.01}) must reach KKT 1e-10 and agree with newton's certified fit.
 */
class AdmmRealDataTest {
  @ParameterizedTest(name = "standardize={0}, {1} partitions")
  @CsvSource({"false, 2", "true, 3"})
  void breastCancerLassoConvergesToNewtonsAnswer(boolean standardize, int partitions) throws Exception {
    String path = Path.of(AdmmRealDataTest.class.getResource("/breast_cancer.csv").toURI()).toString();
    DataSpec data = new DataSpec(path, DataFormat.CSV, "label", DataSpec.DEFAULT_FEATURES_COL, null, null, 30,
        partitions, io.sparkglm.core.data.BlockBuilder.DEFAULT_BLOCK_ROWS);
    Family binomial = Family.parse("binomial", Double.NaN);
    LoadedData d = BlockLoader.load(SparkTestSession.get(), data, binomial);
    try {
      FitResult newton = fit(d, "newton", binomial, standardize, 100);
      FitResult admm = fit(d, "admm", binomial, standardize, 1000);
      String what = "admm (" + admm.iterations() + " iterations, " + admm.status() + ", KKT " + admm.kktViolation()
          + ")";
      assertTrue(newton.converged() && admm.converged(), what + "; newton " + newton.status());
      assertTrue(admm.kktViolation() <= 1e-10, what);
      assertEquals(newton.objective(), admm.objective(), 1e-12 * Math.abs(newton.objective()), what);
      for (int j = 0; j < 30; j++) {
        assertEquals(newton.coefficients()[j] == 0.0, admm.coefficients()[j] == 0.0, what + ": zero pattern " + j);
      }
    } finally {
      d.blocks().unpersist(false);
    }
  }

  private static FitResult fit(LoadedData d, String solver, Family family, boolean standardize, int maxIter) {
    GlmSpec spec = new GlmSpec(family, Link.parse("logit"), 0.01, 1.0, standardize, true, solver,
        new StoppingRule(maxIter, 1e-10, 0.0));
    return new GlmTrainer(2, Map.of()).fit(spec, d.blocks(), d.numFeatures(), BlockLoader::runAction);
  }
}
