package io.sparkglm.spark.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.DenseBlock;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.fit.ThetaSums;
import io.sparkglm.core.solver.Status;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The negative binomial through the solvers (newton, lbfgs, proxgrad, and gd for the ridge): at a fixed theta
 * they agree with each other (ridge and elastic net, weighted: 1e-6 and the same zeros) and pass the KKT
 * certificate; with theta estimated and a penalty, the alternation ends at a fixed point (the coefficients
 * certified at their theta, theta the likelihood's maximum at the fitted means); data without overdispersion end
 * with MAX_ITERATIONS and a theta warning.
 */
class NegativeBinomialSolversTest {
  private static FitResult fit(LoadedData d, GlmSpec spec) {
    return new GlmTrainer(2, Map.of()).withStatistics(d.featureNames(), false)
        .fit(spec, d.blocks(), d.numFeatures(), BlockLoader::runAction);
  }

  private static double[] coef(FitResult r) {
    double[] c = java.util.Arrays.copyOf(r.coefficients(), r.coefficients().length + 1);
    c[c.length - 1] = r.intercept();
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"newton", "lbfgs", "proxgrad", "gd"})
  void solversAgreeAtAFixedTheta(String solver) {
    LoadedData d = NegativeBinomialReferenceTest.data("negbin_weighted.csv", Family.negativeBinomial(2.0));
    // gd takes no L1 penalty (the registry says so); the others get the ridge and an elastic net.
    for (double alpha : solver.equals("gd") ? new double[] {0.0} : new double[] {0.0, 0.7}) {
      GlmSpec newtonSpec = NegativeBinomialReferenceTest.spec(Family.negativeBinomial(2.0), Link.LOG, 0.03, alpha,
          alpha == 0 ? "newton" : "proxgrad", 1e-11);
      double[] reference = coef(fit(d, newtonSpec));
      FitResult r = fit(d, NegativeBinomialReferenceTest.spec(Family.negativeBinomial(2.0), Link.LOG, 0.03, alpha,
          solver, 1e-9));
      assertTrue(r.converged(), solver + " alpha " + alpha + ": " + r.status());
      assertTrue(r.kktViolation() <= 1e-9, "kkt " + r.kktViolation());
      double[] c = coef(r);
      for (int j = 0; j < c.length; j++) {
        assertEquals(reference[j], c[j], 1e-6, solver + " alpha " + alpha + " coefficient " + j);
        assertEquals(reference[j] == 0.0, c[j] == 0.0, solver + " alpha " + alpha + " zero at " + j);
      }
    }
  }

  /**
   * Estimated theta with a lasso penalty: theta maximizes the likelihood at the final means (|score| / info
   * below 1e-6 of theta) and the coefficients are certified (KKT) at the theta they were fitted with, which is the
   * reported one to the alternation's 1e-8; the same answer from newton-free solvers.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"proxgrad", "lbfgs"})
  void penalizedEstimatedThetaIsAFixedPoint(String solver) {
    LoadedData d = NegativeBinomialReferenceTest.data("negbin.csv", Family.negativeBinomial());
    FitResult r = fit(d, NegativeBinomialReferenceTest.spec(Family.negativeBinomial(), Link.LOG, 0.02, 1.0, solver,
        1e-10));
    assertTrue(r.converged(), r.status() + " " + r.warnings());
    double theta = r.spec().family().theta();
    ThetaSums s = new ThetaSums(Link.LOG, theta);
    double[] c = coef(r);
    d.blocks().collect().forEach(b -> s.add(b, c));
    assertEquals(0.0, s.score() / s.information(), 1e-6 * theta, "theta is the maximum at the fitted means");
    assertTrue(r.kktViolation() <= 1e-8, "kkt " + r.kktViolation());
    assertTrue(java.util.Arrays.stream(r.coefficients()).anyMatch(v -> v == 0.0), "the lasso zeroes x4");
    // Penalized: theta differs from glm.nb's unpenalized 1.5699 but not by much at this lambda.
    assertEquals(1.57, theta, 0.1);
    FitResult tight = fit(d, NegativeBinomialReferenceTest.spec(Family.negativeBinomial(), Link.LOG, 0.02, 1.0,
        "proxgrad", 1e-12));
    assertEquals(tight.spec().family().theta(), theta, 1e-6 * theta);
  }

  /** y = round(mu): less variable than poisson, so theta runs to infinity; reported, never CONVERGED. */
  @Test
  void dataWithoutOverdispersionAreNotConverged() {
    java.util.Random rnd = new java.util.Random(3);
    List<Block> blocks = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      int n = 300;
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = rnd.nextGaussian();
        y[i] = Math.rint(Math.exp(1.0 + 0.5 * x[i]));
      }
      blocks.add(new DenseBlock(n, 1, x, y, null, null));
    }
    JavaRDD<Block> rdd = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(blocks,
        3);
    FitResult r = new GlmTrainer(2, Map.of()).withStatistics(List.of("x"), false).fit(
        NegativeBinomialReferenceTest.spec(Family.negativeBinomial(), Link.LOG, 0, 0, "newton", 1e-10), rdd, 1,
        java.util.function.Supplier::get);
    assertEquals(Status.MAX_ITERATIONS, r.status(), r.warnings().toString());
    assertFalse(r.converged());
    assertTrue(r.warnings().stream().anyMatch(w -> w.code().equals("thetaNotConverged")), r.warnings().toString());
    assertTrue(r.spec().family().theta() > 1e3, "theta " + r.spec().family().theta());
    assertEquals(0.5, r.coefficients()[0], 0.05, "the coefficients are poisson's");
  }
}
