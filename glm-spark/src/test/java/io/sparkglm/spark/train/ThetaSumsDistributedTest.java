package io.sparkglm.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.DenseBlock;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.ThetaSums;
import io.sparkglm.spark.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The theta pass of {@link ThetaAlternation} over an RDD equals {@link ThetaSums} over the same blocks locally (relTol
 * 1e-12), for 1, 3 and 8 partitions (6 blocks: with 8, two partitions are empty), aggregation depth 2 and 3, with
 * weights (zeros among them) and offsets, at a theta and for the moment sums only (theta NaN).
 */
class ThetaSumsDistributedTest {
  private static final double[] COEF = {0.3, -0.2, 0.8};

  private static List<Block> blocks() {
    Random rnd = new Random(9);
    List<Block> out = new ArrayList<>();
    for (int b = 0; b < 6; b++) {
      int n = 1 + 40 * b;
      double[] x = new double[2 * n];
      double[] y = new double[n];
      double[] w = new double[n];
      double[] o = new double[n];
      for (int i = 0; i < n; i++) {
        x[2 * i] = rnd.nextGaussian();
        x[2 * i + 1] = rnd.nextGaussian();
        y[i] = rnd.nextInt(12);
        w[i] = i % 7 == 3 ? 0.0 : 0.5 + rnd.nextDouble();
        o[i] = 0.1 * rnd.nextGaussian();
      }
      out.add(new DenseBlock(n, 2, x, y, w, o));
    }
    return out;
  }

  private static void close(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
  }

  @ParameterizedTest(name = "partitions={0} depth={1} theta={2}")
  @CsvSource({"1, 2, 1.7", "3, 2, 1.7", "8, 2, 1.7", "8, 3, 1.7", "3, 3, NaN"})
  void distributedEqualsLocal(int partitions, int depth, double theta) {
    List<Block> local = blocks();
    ThetaSums expected = new ThetaSums(Link.LOG, theta);
    local.forEach(b -> expected.add(b, COEF));
    JavaRDD<Block> rdd = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext())
        .parallelize(local, partitions);
    ThetaSums actual = ThetaAlternation.pass(rdd, Link.LOG, COEF, theta, depth);
    close(expected.weightSum(), actual.weightSum(), "weight sum");
    close(expected.moment(), actual.moment(), "moment");
    close(expected.logLikelihood(), actual.logLikelihood(), "log-likelihood");
    close(expected.score(), actual.score(), "score");
    close(expected.information(), actual.information(), "information");
  }
}
