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
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ADMM reaches the Newton optimum (coefficients to 1e-5, with a tolerance tight enough to expose a wrong
 * penalty scaling: a penalty off by a factor N or rho moves these coefficients by 1e-2 or more), its KKT
 * certificate holds, and its residuals fall, for every family, penalty and partitioning (one partition empty).
 */
public class AdmmSolverTest {
  public static final int P = 5;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Family f : List.of(Family.gaussian(), Family.binomial(), Family.poisson())) {
      for (double[] pen : new double[][] {{0, 0}, {0.05, 0}, {0.03, 1}, {0.03, 0.5}}) {
        out.add(Arguments.of(f, pen[0], pen[1], f.name().equals("binomial") ? 7 : f.name().equals("poisson")
            ? 2 : 1));
      }
    }
    out.add(Arguments.of(Family.gaussian(), 0.03, 1.0, 7));
    out.add(Arguments.of(Family.poisson(), 0.03, 0.5, 7));
    return out.stream();
  }

  /** 600 weighted rows in 6 blocks of 100: with 7 partitions one partition is empty. */
  public static List<Block> data(Family family, long seed) {
    Random rnd = new Random(seed);
    BlockBuilder b = new BlockBuilder(P, 100, true, false);
    List<Block> out = new ArrayList<>();
    double[] x = new double[P];
    double[] beta = {0.5, -0.4, 0.3, 0.0, 0.2};
    for (int i = 0; i < 600; i++) {
      double eta = 0.2;
      for (int j = 0; j < P; j++) {
        x[j] = rnd.nextGaussian() * (1 + j) * 0.5 + (j == 2 ? 1 : 0);
        eta += beta[j] * x[j] / (1 + j);
      }
      double y;
      switch (family.name()) {
        case "gaussian" -> y = eta + rnd.nextGaussian();
        case "binomial" -> y = rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        default -> {
          double mu = Math.exp(eta);
          int k = 0;
          double prod = rnd.nextDouble();
          while (prod > Math.exp(-mu)) {
            prod *= rnd.nextDouble();
            k++;
          }
          y = k;
        }
      }
      b.addDense(x, y, 1 + rnd.nextInt(3), 0);
      if (b.isFull()) {
        out.add(b.build());
      }
    }
    return out;
  }

  /** The spark.ml stage finds the solver by name through ServiceLoader when this module is on the classpath. */
  @org.junit.jupiter.api.Test
  void theSparkMlStageFindsAdmmByName() {
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    for (Block b : data(Family.poisson(), 5)) {
      for (int i = 0; i < b.numRows(); i++) {
        double[] x = java.util.Arrays.copyOfRange(((io.sparkglm.core.data.DenseBlock) b).values(), i * P,
            (i + 1) * P);
        rows.add(org.apache.spark.sql.RowFactory.create(b.labels()[i],
            org.apache.spark.ml.linalg.Vectors.dense(x)));
      }
    }
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("label", org.apache.spark.sql.types.DataTypes.DoubleType)
        .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
    var df = SparkTestSession.get().createDataFrame(rows, schema).repartition(3);
    var admm = new io.sparkglm.spark.ml.GlmRegression().setFamily("poisson").setRegParam(0.02)
        .setSolver("admm").setSolverOptions("absTol=0", "relTol=0").setTol(1e-9).setMaxIter(2000).fit(df);
    var newton = new io.sparkglm.spark.ml.GlmRegression().setFamily("poisson").setRegParam(0.02)
        .setSolver("newton").setTol(1e-10).fit(df);
    assertEquals("admm", admm.summary().solver());
    for (int j = 0; j < P; j++) {
      assertEquals(newton.coefficients().apply(j), admm.coefficients().apply(j), 1e-5, "coefficient " + j);
    }
  }

  @ParameterizedTest(name = "{0} lambda={1} alpha={2} partitions={3}")
  @MethodSource("cases")
  void reachesTheNewtonOptimum(Family family, double lambda, double alpha, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    JavaRDD<Block> blocks = jsc.parallelize(data(family, 3), partitions);
    GlmSpec newtonSpec = new GlmSpec(family, family.defaultLink(), lambda, alpha, true, true, "newton",
        new StoppingRule(100, 1e-12, 0.0));
    FitResult newton = new GlmTrainer().fit(newtonSpec, blocks, P, s -> s.get());
    GlmSpec admmSpec = new GlmSpec(family, family.defaultLink(), lambda, alpha, true, true, "admm",
        new StoppingRule(2000, 1e-8, 0.0));
    FitResult admm = new GlmTrainer(2, Map.of("absTol", "0", "relTol", "0")).fit(admmSpec, blocks, P,
        s -> s.get());
    assertTrue(admm.converged(), "admm " + admm.status() + " after " + admm.iterations() + " iterations, kkt "
        + admm.kktViolation());
    assertTrue(admm.kktViolation() <= 1e-5, "KKT " + admm.kktViolation());
    assertEquals(newton.intercept(), admm.intercept(), 1e-5, "intercept");
    for (int j = 0; j < P; j++) {
      assertEquals(newton.coefficients()[j], admm.coefficients()[j], 1e-5, "coefficient " + j);
      if (alpha > 0 && lambda > 0) {
        assertEquals(newton.coefficients()[j] == 0.0, admm.coefficients()[j] == 0.0, "zero pattern " + j);
      }
    }
    assertEquals(newton.objective(), admm.objective(), 1e-9 * Math.abs(newton.objective()));
    var h = admm.history();
    if (h.size() > 2) {
      assertTrue(h.get(h.size() - 1).details().get("primalResidual") < h.get(0).details().get("primalResidual"),
          "primal residual must fall");
    }
  }

  static Stream<Arguments> spectralCases() {
    return Stream.of(Arguments.of(Family.binomial(), 0.03, 1.0, 7, "hessian"),
        Arguments.of(Family.binomial(), 0.03, 1.0, 7, "identity"),
        Arguments.of(Family.poisson(), 0.03, 0.5, 3, "hessian"),
        Arguments.of(Family.gaussian(), 0.05, 0.0, 3, "identity"));
  }

  /**
   * {@code adaptiveRho=spectral} (AADMM) changes only the path: the same optimum as newton and a KKT certificate,
   * in the Hessian metric and in plain ADMM, on 3 and 7 partitions (one empty). That rho actually moved is
   * asserted on the history (the spectral estimate replaces the initial 1/N within the first few rounds).
   */
  @ParameterizedTest(name = "spectral {0} lambda={1} alpha={2} partitions={3} metric={4}")
  @MethodSource("spectralCases")
  void spectralPenaltyReachesTheNewtonOptimum(Family family, double lambda, double alpha, int partitions,
      String metric) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    JavaRDD<Block> blocks = jsc.parallelize(data(family, 3), partitions);
    FitResult newton = new GlmTrainer().fit(new GlmSpec(family, family.defaultLink(), lambda, alpha, true, true,
        "newton", new StoppingRule(100, 1e-12, 0.0)), blocks, P, s -> s.get());
    FitResult admm = new GlmTrainer(2, Map.of("adaptiveRho", "spectral", "metric", metric)).fit(new GlmSpec(family,
        family.defaultLink(), lambda, alpha, true, true, "admm", new StoppingRule(500, 1e-8, 0.0)), blocks, P,
        s -> s.get());
    String what = "admm spectral " + admm.status() + " after " + admm.iterations() + " iterations, kkt "
        + admm.kktViolation();
    assertTrue(admm.converged(), what);
    assertTrue(admm.kktViolation() <= 1e-5, what);
    for (int j = 0; j < P; j++) {
      assertEquals(newton.coefficients()[j], admm.coefficients()[j], 1e-5, what + ": coefficient " + j);
    }
    assertEquals(newton.intercept(), admm.intercept(), 1e-5, what + ": intercept");
    assertEquals(newton.objective(), admm.objective(), 1e-9 * Math.abs(newton.objective()), what);
    var h = admm.history();
    double first = h.get(0).details().get("rho");
    assertTrue(h.stream().anyMatch(r -> r.details().get("rho") != first), what + ": rho never moved from " + first);
  }
}
