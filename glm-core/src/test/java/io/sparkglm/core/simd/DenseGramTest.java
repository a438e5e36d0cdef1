package io.sparkglm.core.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both dense Gram implementations against a naive triple loop, for every row/column tail. */
class DenseGramTest {

  static Stream<Arguments> shapes() {
    List<Arguments> out = new ArrayList<>();
    for (int n : new int[] {0, 1, 2, 3, 4, 5, 7, 31, 32, 33, 100}) {
      for (int p : new int[] {0, 1, 3, 7, 8, 15, 16, 17, 100}) {
        out.add(Arguments.of(n, p));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "n={0} p={1}")
  @MethodSource("shapes")
  void equalsNaiveLoopAndLeavesTheLowerTriangle(int n, int p) {
    Random rnd = new Random(31L * n + p);
    double[] x = new double[n * p];
    for (int k = 0; k < x.length; k++) {
      x[k] = rnd.nextInt(5) == 0 ? 0.0 : rnd.nextGaussian();
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = rnd.nextInt(4) == 0 ? 0.0 : rnd.nextDouble() * 2;
    }
    int p1 = p + 1;
    double[] start = new double[p1 * p1];
    for (int a = 0; a < p1; a++) {
      for (int b = 0; b < p1; b++) {
        start[a * p1 + b] = b >= a ? rnd.nextGaussian() : Double.NaN;
      }
    }
    double[] expected = start.clone();
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < p1; a++) {
        double xa = a == p ? 1.0 : x[i * p + a];
        for (int b = a; b < p1; b++) {
          double xb = b == p ? 1.0 : x[i * p + b];
          expected[a * p1 + b] += d[i] * xa * xb;
        }
      }
    }
    for (DenseGram gram : new DenseGram[] {DenseGram.best(), DenseGram.scalar()}) {
      // A dirty scratch buffer of the wrong size must not matter.
      double[] scratch = new double[] {Double.NaN, 7};
      double[] h = start.clone();
      scratch = gram.addWeightedGramInto(x, n, p, d, h, scratch);
      assertMatches(expected, h, p1, gram + " first call");
      if (scratch != null) {
        java.util.Arrays.fill(scratch, Double.NaN);
      }
      double[] h2 = start.clone();
      gram.addWeightedGramInto(x, n, p, d, h2, scratch);
      assertMatches(expected, h2, p1, gram + " with a reused dirty scratch");
    }
  }

  @Test
  void scratchFromALargerModelIsReusedForASmallerOne() {
    Random rnd = new Random(5);
    int n = 9;
    double[] big = new double[n * 40];
    double[] small = new double[n * 3];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = rnd.nextDouble();
    }
    for (int k = 0; k < big.length; k++) {
      big[k] = rnd.nextGaussian();
    }
    for (int k = 0; k < small.length; k++) {
      small[k] = rnd.nextGaussian();
    }
    DenseGram gram = DenseGram.best();
    double[] scratch = gram.addWeightedGramInto(big, n, 40, d, new double[41 * 41], null);
    double[] h = upperZerosLowerNaN(4);
    gram.addWeightedGramInto(small, n, 3, d, h, scratch);
    double[] expected = upperZerosLowerNaN(4);
    DenseGram.scalar().addWeightedGramInto(small, n, 3, d, expected, null);
    assertMatches(expected, h, 4, "reused scratch");
  }

  private static double[] upperZerosLowerNaN(int p1) {
    double[] h = new double[p1 * p1];
    for (int a = 0; a < p1; a++) {
      for (int b = 0; b < a; b++) {
        h[a * p1 + b] = Double.NaN;
      }
    }
    return h;
  }

  private static void assertMatches(double[] expected, double[] actual, int p1, String what) {
    for (int a = 0; a < p1; a++) {
      for (int b = 0; b < p1; b++) {
        double e = expected[a * p1 + b];
        double g = actual[a * p1 + b];
        if (b < a) {
          assertTrue(Double.isNaN(g), what + ": lower triangle (" + a + "," + b + ") was touched: " + g);
        } else {
          assertTrue(Math.abs(e - g) <= 1e-12 * Math.max(1.0, Math.abs(e)),
              what + ": (" + a + "," + b + ") expected " + e + " got " + g);
        }
      }
    }
  }
}
