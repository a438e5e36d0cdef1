package io.sparkglm.spark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.LocalDataTerm;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The distributed data term (broadcast + per-partition kernel + treeAggregate) equals the local one, for any
 * partitioning (including empty partitions) and aggregation depth; fits are independent of the partitioning.
 */
class DistributedEqualsLocalTest {
  private static final int P = 5;

  private static List<Block> blocks(long seed, double zeros) {
    Random rnd = new Random(seed);
    BlockBuilder b = new BlockBuilder(P, 37, true, true);
    List<Block> out = new ArrayList<>();
    double[] x = new double[P];
    for (int i = 0; i < 200; i++) {
      double eta = -0.2;
      for (int j = 0; j < P; j++) {
        x[j] = rnd.nextDouble() < zeros ? 0 : rnd.nextGaussian();
        eta += 0.3 * x[j] * (j % 2 == 0 ? 1 : -1);
      }
      double off = 0.1 * rnd.nextGaussian();
      double y = rnd.nextDouble() < 1 / (1 + Math.exp(-(eta + off))) ? 1 : 0;
      b.addDense(x, y, 1 + rnd.nextInt(3), off);
      if (b.isFull()) {
        out.add(b.build());
      }
    }
    out.add(b.build());
    return out;
  }

  @ParameterizedTest(name = "partitions={0} depth={1} zeros={2}")
  @CsvSource({"1,2,0.0", "3,2,0.0", "8,2,0.0", "8,3,0.0", "3,3,0.7", "8,2,0.7"})
  void evaluationsEqualLocal(int partitions, int depth, double zeros) {
    List<Block> local = blocks(1, zeros);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    JavaRDD<Block> rdd = jsc.parallelize(local, partitions);
    if (partitions == 8) {
      // 6 blocks over 8 partitions: at least one partition is empty.
      assertTrue(rdd.glom().collect().stream().anyMatch(List::isEmpty));
    }
    GlmLoss loss = GlmLoss.of(Family.binomial(), Link.LOGIT);
    LocalDataTerm expected = new LocalDataTerm(local, loss, P);
    double weightSum = 0;
    for (Block b : local) {
      for (int i = 0; i < b.numRows(); i++) {
        weightSum += b.weight(i);
      }
    }
    SparkDataTerm actual = new SparkDataTerm(rdd, loss, P, weightSum, depth);
    double[] coef = {0.1, -0.2, 0.3, 0.0, 0.5, -0.1};
    Evaluation e = expected.evaluate(coef, Order.HESSIAN);
    Evaluation a = actual.evaluate(coef, Order.HESSIAN);
    assertEquals(e.value(), a.value(), 1e-12 * Math.abs(e.value()));
    for (int j = 0; j < e.gradient().length; j++) {
      assertEquals(e.gradient()[j], a.gradient()[j], 1e-12);
    }
    for (int j = 0; j < e.hessian().length; j++) {
      assertEquals(e.hessian()[j], a.hessian()[j], 1e-12);
    }
    assertEquals(1, actual.passes());
  }

  @Test
  void fitsAreIndependentOfPartitioning() {
    List<Block> local = blocks(2, 0.3);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    GlmSpec spec = new GlmSpec(Family.binomial(), Link.LOGIT, 0.01, 0.5, true, true, "newton",
        new StoppingRule(100, 1e-12, 0.0));
    FitResult reference = null;
    for (int partitions : new int[] {1, 3, 8}) {
      for (int depth : new int[] {2, 3}) {
        JavaRDD<Block> rdd = jsc.parallelize(local, partitions);
        FitResult r = new GlmTrainer(depth, Map.of()).fit(spec, rdd, P, s -> s.get());
        assertTrue(r.converged());
        if (reference == null) {
          reference = r;
          continue;
        }
        assertEquals(reference.intercept(), r.intercept(), 1e-9);
        for (int j = 0; j < P; j++) {
          assertEquals(reference.coefficients()[j], r.coefficients()[j], 1e-9, "partitions " + partitions);
        }
      }
    }
  }
}
