package io.sparkglm.spark.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.MultinomialLoss;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.fit.MultinomialSetup;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.LocalMultinomialDataTerm;
import io.sparkglm.core.solver.NewtonSolver;
import io.sparkglm.core.solver.ProximalGradientSolver;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Solver;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.eval.MultinomialLabels;
import io.sparkglm.spark.eval.OrderedTreeAggregate;
import io.sparkglm.spark.eval.SparkMultinomialDataTerm;
import io.sparkglm.spark.solver.LbfgsSolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multinomial (softmax) regression against R: glmnet 4.1-6 {@code family = "multinomial"} for the penalized fits
 * (lasso, lasso and elastic net standardized, ridge, a weighted elastic net and a weighted ridge; thresh 1e-14) and
 * {@code nnet::multinom} 7.3-18 for the unpenalized ones (Newton-polished, centred across classes); the calls are in
 * {@code /reference/multinomial/multinomial.json} ({@code call}), made by {@code make_multinomial.R} beside it. With
 * penalty factors (each case with a factor 0; lasso, elastic net standardized and weighted, ridge, and glmnet factors
 * not summing to p, mapped to ours as README says): glmnet {@code penalty.factor}, the calls in
 * {@code multinomial_factors.json}, made by {@code make_multinomial_factors.R}.
 * Distributed (Spark, 2 partitions, {@link SparkMultinomialDataTerm}) with newton (block Hessian) and lbfgs/OWL-QN;
 * proxgrad on the collected blocks. Asserted as in {@link ReferenceSolutionsTest}: objective within 1e-8 relative,
 * every intercept and coefficient within 1e-5, the lasso / elastic-net zero pattern exactly, our KKT certificate,
 * and the intercepts centred (summing to 0; all coordinates for ridge and unpenalized fits).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultinomialReferenceTest {
  private static final String ROOT = "/reference/multinomial/";
  private final Map<String, LoadedData> loaded = new HashMap<>();

  static List<JsonNode> referenceCases() {
    List<JsonNode> out = new ArrayList<>();
    for (String file : List.of("multinomial.json", "multinomial_factors.json")) {
      try (InputStream in = MultinomialReferenceTest.class.getResourceAsStream(ROOT + file)) {
        new ObjectMapper().readTree(in).forEach(out::add);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** A case's {@code penaltyFactors} (sparkglm's, used as given), or null when it has none. */
  static double[] penaltyFactors(JsonNode c) {
    JsonNode f = c.path("penaltyFactors");
    if (f.isMissingNode()) {
      return null;
    }
    double[] out = new double[f.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = f.get(j).asDouble();
    }
    return out;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : referenceCases()) {
      for (String solver : List.of("newton", "lbfgs", "proxgrad")) {
        out.add(Arguments.of(c.path("id").asText(), solver, c));
      }
    }
    return out.stream();
  }

  static String dataPath(String file, Path tmp) throws IOException {
    java.net.URL url = MultinomialReferenceTest.class.getResource(ROOT + file);
    if (url.getProtocol().equals("file")) {
      return Path.of(java.net.URI.create(url.toString())).toString();
    }
    Path target = tmp.resolve(file);
    try (InputStream in = url.openStream()) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return target.toString();
  }

  @TempDir
  Path tmp;

  private synchronized LoadedData data(String file) {
    return loaded.computeIfAbsent(file, f -> {
      try {
        DataSpec spec = new DataSpec(dataPath(f, tmp), DataFormat.CSV, "label", DataSpec.DEFAULT_FEATURES_COL,
            f.contains("weighted") ? "weight" : null, null, 5, 2,
            io.sparkglm.core.data.BlockBuilder.DEFAULT_BLOCK_ROWS);
        LoadedData d = BlockLoader.load(SparkTestSession.get(), spec, MultinomialLoss.CLASS_INDEX);
        d.blocks().persist(StorageLevel.MEMORY_ONLY());
        return d;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @AfterAll
  void release() {
    loaded.values().forEach(d -> d.blocks().unpersist(false));
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("cases")
  void matchesR(String id, String solverName, JsonNode c) {
    LoadedData d = data(c.path("dataset").asText());
    int p = d.numFeatures();
    MultinomialLabels labels = BlockLoader.runAction(() -> MultinomialLabels.of(d.blocks(), 0));
    assertEquals(c.path("numClasses").asInt(), labels.numClasses());
    FeatureStats stats = OrderedTreeAggregate.aggregate(d.blocks(), new FeatureStats(p), FeatureStats::add,
        FeatureStats::merge, 2);
    double lambda = c.path("lambda").asDouble();
    double alpha = c.path("alpha").asDouble();
    // newton to 1e-11 (as ReferenceSolutionsTest); lbfgs to the default 1e-7 (its line search needs the value to
    // fall visibly, which stops at a few 1e-9 here; as PenaltyFactorsTest) and proxgrad to 1e-9: enough for 1e-5 on
    // every coefficient.
    StoppingRule stop = new StoppingRule(solverName.equals("newton") ? 100 : 200_000,
        switch (solverName) {
          case "newton" -> 1e-11;
          case "lbfgs" -> 1e-7;
          default -> 1e-9;
        }, 0.0);
    GlmSpec spec = new GlmSpec(Family.gaussian(), null, lambda, alpha, c.path("standardize").asBoolean(), true,
        solverName, stop, penaltyFactors(c));
    MultinomialSetup setup = MultinomialSetup.of(FitSetup.of(spec, stats), new MultinomialLoss(labels.numClasses()));
    DataTerm data;
    Solver solver;
    if (solverName.equals("proxgrad")) {
      data = new LocalMultinomialDataTerm(d.blocks().collect(), setup.loss(), p);
      solver = ProximalGradientSolver.proximalGradient(true);
    } else {
      data = new SparkMultinomialDataTerm(d.blocks(), setup.loss(), p, labels.weightSum(), 2);
      solver = solverName.equals("newton") ? new NewtonSolver() : new LbfgsSolver();
    }
    Solution s = solver.solve(setup.solverView(data), setup.solverPenalty(), setup.startInSolverSpace(),
        setup.solverStop(stop), IterationListener.none());
    double[] b = setup.toOriginal(s.coefficients());
    Evaluation e = data.evaluate(b, Order.GRADIENT);
    String what = solverName + " on " + id;
    assertTrue(s.status().converged(), what + ": " + s.status() + " after " + s.iterations() + ", kkt "
        + s.optimality());
    double kkt = setup.kktViolation(b, e.gradient());
    assertTrue(kkt <= 1e-6, what + ": KKT violation " + kkt);
    double objective = c.path("objective").asDouble();
    assertEquals(objective, setup.objective(e.value(), b), 1e-8 * Math.max(1.0, objective), what + ": objective");
    double[] intercepts = setup.intercepts(b);
    double sum = 0.0;
    for (int k = 0; k < labels.numClasses(); k++) {
      assertEquals(c.path("intercept").get(k).asDouble(), intercepts[k], 1e-5, what + ": intercept " + k);
      sum += intercepts[k];
      double[] coef = setup.coefficients(b, k);
      for (int j = 0; j < p; j++) {
        double ref = c.path("coefficients").get(k).get(j).asDouble();
        assertEquals(ref, coef[j], 1e-5, what + ": coefficient " + j + " of class " + k);
        if (alpha > 0 && lambda > 0) {
          assertEquals(ref == 0.0, coef[j] == 0.0, what + ": zero pattern at coefficient " + j + " of class " + k
              + " (reference " + ref + ", got " + coef[j] + ")");
        }
      }
    }
    assertEquals(0.0, sum, 1e-12, what + ": intercepts centred");
    if (lambda == 0) {
      // nnet's own answer (baseline parametrization, centred the same way) to its optimizer's accuracy.
      for (int k = 0; k < labels.numClasses(); k++) {
        assertEquals(c.path("nnetIntercept").get(k).asDouble(), intercepts[k], 1e-4, what + ": nnet intercept");
        for (int j = 0; j < p; j++) {
          assertEquals(c.path("nnetCoefficients").get(k).get(j).asDouble(), setup.coefficients(b, k)[j], 1e-4,
              what + ": nnet coefficient");
        }
      }
    }
  }

  /**
   * The distributed data term equals the local one: the blocks (the CSV in blocks of 16 rows) spread over 1, 3 and 8
   * partitions, aggregation depth 2 and 3.
   */
  @Test
  void distributedEqualsLocal() {
    LoadedData d;
    try {
      d = BlockLoader.load(SparkTestSession.get(), new DataSpec(dataPath("multinomial_weighted.csv", tmp),
          DataFormat.CSV, "label", DataSpec.DEFAULT_FEATURES_COL, "weight", null, 5, 1, 16),
          MultinomialLoss.CLASS_INDEX);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<Block> local = d.blocks().collect();
    MultinomialLoss loss = new MultinomialLoss(3);
    LocalMultinomialDataTerm reference = new LocalMultinomialDataTerm(local, loss, 5);
    double[] coef = new double[18];
    for (int j = 0; j < coef.length; j++) {
      coef[j] = 0.1 * (j % 7) - 0.3;
    }
    Evaluation want = reference.evaluate(coef, Order.HESSIAN);
    double weightSum = BlockLoader.runAction(() -> MultinomialLabels.of(d.blocks(), 3)).weightSum();
    org.apache.spark.api.java.JavaSparkContext jsc =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    for (int partitions : new int[] {1, 3, 8}) {
      org.apache.spark.api.java.JavaRDD<Block> blocks = jsc.parallelize(local, partitions).cache();
      for (int depth : new int[] {2, 3}) {
        Evaluation got = new SparkMultinomialDataTerm(blocks, loss, 5, weightSum, depth).evaluate(coef,
            Order.HESSIAN);
        assertEquals(want.value(), got.value(), 1e-13 * Math.abs(want.value()));
        for (int j = 0; j < want.gradient().length; j++) {
          assertEquals(want.gradient()[j], got.gradient()[j], 1e-13, "gradient " + j);
        }
        for (int j = 0; j < want.hessian().length; j++) {
          assertEquals(want.hessian()[j], got.hessian()[j], 1e-13, "hessian " + j);
        }
      }
      blocks.unpersist(false);
    }
  }

  @Test
  void labelsAreCheckedAndCounted() throws IOException {
    LoadedData d = data("multinomial.csv");
    MultinomialLabels l = BlockLoader.runAction(() -> MultinomialLabels.of(d.blocks(), 0));
    assertArrayEquals(new double[] {116, 86, 98}, l.classWeights());
    // A given K above the largest label leaves a class without rows; below it, a label is out of range.
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> MultinomialLabels.of(d.blocks(), 4));
    assertTrue(empty.getMessage().startsWith("class 3 of 0..3 has no rows"), empty.getMessage());
    IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
        () -> MultinomialLabels.of(d.blocks(), 2));
    assertTrue(above.getMessage().matches("partition \\d+, block 0, row \\d+: label 2.0 is not valid; expected a "
        + "class index 0..1 for multinomial with 2 classes"), above.getMessage());
    // The loader names the file, line and column of a label that is not a class index.
    Path bad = tmp.resolve("bad.csv");
    Files.writeString(bad, "x1,label\n0.5,1\n0.1,2.5\n");
    DataSpec spec = new DataSpec(bad.toString(), DataFormat.CSV, "label", DataSpec.DEFAULT_FEATURES_COL, null, null,
        1, 1, 16);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockLoader.runAction(
        () -> BlockLoader.load(SparkTestSession.get(), spec, MultinomialLoss.CLASS_INDEX).blocks().count()));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("2.5")
        && e.getMessage().contains("class index"), e.getMessage());
  }
}
