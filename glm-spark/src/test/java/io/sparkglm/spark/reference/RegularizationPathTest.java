package io.sparkglm.spark.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import io.sparkglm.spark.train.RegularizationPath;
import java.util.Map;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/** The regularization path: lambda_max, the reference solution on the path, and the passes warm starts save. */
class RegularizationPathTest {
  @Test
  void pathHitsTheGlmnetLassoReferenceAndWarmStartsSavePasses() {
    ReferenceCase c = ReferenceCase.byId("binom__binomial__lasso");
    LoadedData d = BlockLoader.load(SparkTestSession.get(), c.dataSpec(2), c.spec("newton",
        StoppingRule.defaults()).family());
    d.blocks().persist(StorageLevel.MEMORY_ONLY());
    try {
      GlmSpec spec = c.spec("newton", new StoppingRule(100, 1e-10, 0.0));
      RegularizationPath path = new RegularizationPath(2, Map.of());
      RegularizationPath.Result def = path.fit(spec, d.blocks(), d.numFeatures(), false, null, 20,
          BlockLoader::runAction);
      double lambdaMax = def.lambdaMax();
      RegularizationPath.Point first = def.points().get(0);
      assertEquals(0, first.nonZeros(), "at lambda_max every coefficient is zero");
      assertEquals(lambdaMax * 1e-4, def.points().get(19).lambda(), 1e-12 * lambdaMax);
      assertTrue(def.points().get(1).nonZeros() > 0);
      for (int k = 1; k < def.points().size(); k++) {
        assertTrue(def.points().get(k).devianceExplained() >= def.points().get(k - 1).devianceExplained() - 1e-9,
            "deviance explained grows along the path");
      }
      double[] lambdas = {0.99 * lambdaMax, 0.2, 0.1, 0.05, c.lambda()};
      RegularizationPath.Result r = path.fit(spec, d.blocks(), d.numFeatures(), false, lambdas, 0,
          BlockLoader::runAction);
      RegularizationPath.Point last = r.points().get(4);
      assertEquals(c.objective(), last.objective(), 1e-8 * Math.abs(c.objective()));
      for (int j = 0; j < c.p(); j++) {
        assertEquals(c.coefficients()[j], last.coefficients()[j], 1e-5, "coefficient " + j);
      }
      assertEquals(c.intercept(), last.intercept(), 1e-5);
      long independent = 0;
      for (double lambda : def.points().stream().mapToDouble(RegularizationPath.Point::lambda).toArray()) {
        FitResult f = new GlmTrainer().fit(new GlmSpec(spec.family(), spec.link(), lambda, spec.elasticNetParam(),
            spec.standardize(), true, "newton", spec.stop()), d.blocks(), d.numFeatures(), BlockLoader::runAction);
        independent += f.passes();
      }
      long pathSolverPasses = def.points().stream().mapToLong(RegularizationPath.Point::passes).sum();
      assertTrue(pathSolverPasses < independent, "warm starts must save passes: path " + pathSolverPasses
          + " vs independent " + independent);
    } finally {
      d.blocks().unpersist(false);
    }
  }
}
