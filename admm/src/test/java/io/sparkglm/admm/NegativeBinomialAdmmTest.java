package io.sparkglm.admm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ADMM takes the negative binomial like any family: at a fixed theta (ridge and elastic net, 2 and 7 partitions,
 * one empty) it reaches the Newton optimum (coefficients 1e-5, the zero pattern, the objective 1e-9 relative), and
 * with theta estimated (the alternation, every fit by ADMM) it reaches Newton's theta to 1e-5 relative. The data
 * have 7 partitions' worth of 6 blocks, so one partition is empty.
 */
class NegativeBinomialAdmmTest {
  /** 600 weighted rows in 6 blocks, {@code y ~ NB(exp(0.3 + x b), theta = 2)} (gamma-poisson). */
  static List<Block> data() {
    org.apache.commons.math3.random.Well19937c rng = new org.apache.commons.math3.random.Well19937c(17);
    int p = AdmmSolverTest.P;
    BlockBuilder b = new BlockBuilder(p, 100, true, false);
    List<Block> out = new ArrayList<>();
    double[] x = new double[p];
    double[] beta = {0.4, -0.3, 0.2, 0.0, 0.1};
    for (int i = 0; i < 600; i++) {
      double eta = 0.3;
      for (int j = 0; j < p; j++) {
        x[j] = rng.nextGaussian();
        eta += beta[j] * x[j];
      }
      double lambda = new org.apache.commons.math3.distribution.GammaDistribution(rng, 2.0, Math.exp(eta) / 2.0)
          .sample();
      double y = lambda > 0 ? new org.apache.commons.math3.distribution.PoissonDistribution(rng, lambda, 1e-12,
          1000).sample() : 0;
      b.addDense(x, y, 1 + rng.nextInt(3), 0);
      if (b.isFull()) {
        out.add(b.build());
      }
    }
    return out;
  }

  @ParameterizedTest(name = "theta={0} lambda={1} alpha={2} partitions={3}")
  @CsvSource({"1.5, 0.05, 0, 2", "1.5, 0.03, 0.5, 7", "NaN, 0.03, 0.5, 2"})
  void reachesTheNewtonOptimum(double theta, double lambda, double alpha, int partitions) {
    Family family = Double.isNaN(theta) ? Family.negativeBinomial() : Family.negativeBinomial(theta);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    JavaRDD<Block> blocks = jsc.parallelize(data(), partitions);
    int p = AdmmSolverTest.P;
    FitResult newton = new GlmTrainer().fit(new GlmSpec(family, null, lambda, alpha, true, true, "newton",
        new StoppingRule(100, 1e-12, 0.0)), blocks, p, s -> s.get());
    FitResult admm = new GlmTrainer(2, Map.of("absTol", "0", "relTol", "0")).fit(new GlmSpec(family, null, lambda,
        alpha, true, true, "admm", new StoppingRule(2000, 1e-9, 0.0)), blocks, p, s -> s.get());
    assertTrue(admm.converged(), "admm " + admm.status() + " " + admm.warnings());
    assertEquals(newton.spec().family().theta(), admm.spec().family().theta(),
        1e-5 * newton.spec().family().theta(), "theta");
    assertEquals(newton.intercept(), admm.intercept(), 1e-5, "intercept");
    for (int j = 0; j < p; j++) {
      assertEquals(newton.coefficients()[j], admm.coefficients()[j], 1e-5, "coefficient " + j);
      if (alpha > 0) {
        assertEquals(newton.coefficients()[j] == 0.0, admm.coefficients()[j] == 0.0, "zero pattern " + j);
      }
    }
    assertEquals(newton.objective(), admm.objective(), 1e-9 * Math.abs(newton.objective()));
  }
}
