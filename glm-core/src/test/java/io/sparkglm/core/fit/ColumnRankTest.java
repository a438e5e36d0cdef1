package io.sparkglm.core.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.solver.StoppingRule;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rank pass finds R's aliased columns: exact copies and linear combinations of earlier columns (the later
 * one aliased, in column order), none in a full-rank design however correlated or badly centered, the same
 * answer from dense and sparse blocks and from blocks merged in any split, and every column past the rank when
 * there are fewer rows than columns.
 */
class ColumnRankTest {
  /** Columns: x0, x1, x0 copy, x0 + 2 x1, 1e6 + small noise (large mean), x0 + 1e-3 noise (correlated). */
  private static double[][] design(int n, long seed) {
    Random rnd = new Random(seed);
    double[][] x = new double[n][6];
    for (int i = 0; i < n; i++) {
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      x[i] = new double[] {a, b, a, a + 2 * b, 1e6 + rnd.nextGaussian(), a + 1e-3 * rnd.nextGaussian()};
    }
    return x;
  }

  private static Block block(double[][] x, int from, int to, boolean sparse) {
    int p = x[0].length;
    BlockBuilder b = new BlockBuilder(p, to - from, true, false,
        sparse ? BlockBuilder.Layout.SPARSE : BlockBuilder.Layout.DENSE);
    for (int i = from; i < to; i++) {
      b.addDense(x[i], 0.0, 0.5 + (i % 3), 0.0);
    }
    return b.build();
  }

  private static boolean[] aliased(double[][] x, boolean intercept, int splits, boolean sparse) {
    FeatureStats stats = new FeatureStats(x[0].length);
    int n = x.length;
    for (int s = 0; s < splits; s++) {
      stats.add(block(x, s * n / splits, (s + 1) * n / splits, sparse));
    }
    GlmSpec spec = new GlmSpec(Family.gaussian(), Link.IDENTITY, 0, 0, true, intercept, "newton",
        StoppingRule.defaults());
    FitSetup setup = FitSetup.of(spec, stats);
    ColumnRank total = setup.columnRank();
    for (int s = 0; s < splits; s++) {
      ColumnRank part = setup.columnRank().add(block(x, s * n / splits, (s + 1) * n / splits, sparse));
      total = total.merge(part);
    }
    return total.aliased();
  }

  @Test
  void copiesAndCombinationsAreAliasedInColumnOrder() {
    double[][] x = design(400, 1);
    boolean[] expected = {false, false, true, true, false, false};
    assertArrayEquals(expected, aliased(x, true, 1, false));
    assertArrayEquals(expected, aliased(x, true, 3, false));
    assertArrayEquals(expected, aliased(x, true, 4, true));
    assertArrayEquals(expected, aliased(x, false, 2, false));
  }

  @Test
  void aColumnEqualToTheInterceptPlusAnotherIsAliasedOnlyWithAnIntercept() {
    double[][] x = design(300, 2);
    Random rnd = new Random(5);
    for (double[] row : x) {
      row[4] = rnd.nextGaussian(); // not a near-constant column: it would span the 3 below without an intercept
      row[5] = 3.0 + row[1];
    }
    assertEquals(true, aliased(x, true, 2, false)[5]);
    assertEquals(false, aliased(x, false, 2, false)[5]);
  }

  @Test
  void fewerRowsThanColumnsAliasesEveryColumnPastTheRank() {
    Random rnd = new Random(3);
    double[][] x = new double[10][20];
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = rnd.nextGaussian();
      }
    }
    boolean[] a = aliased(x, true, 2, false);
    for (int j = 0; j < 20; j++) {
      assertEquals(j >= 9, a[j], "column " + j + " (10 rows: the intercept and 9 columns span them)");
    }
    boolean[] noIntercept = aliased(x, false, 1, true);
    for (int j = 0; j < 20; j++) {
      assertEquals(j >= 10, noIntercept[j], "column " + j + " without intercept");
    }
  }

  @Test
  void theStartKktViolationIsTheGradientAtTheStart() {
    Random rnd = new Random(4);
    double[][] x = design(200, 4);
    FeatureStats stats = new FeatureStats(6);
    BlockBuilder b = new BlockBuilder(6, 200, true, false);
    for (int i = 0; i < 200; i++) {
      b.addDense(x[i], rnd.nextInt(4), 0.5 + rnd.nextDouble(), 0.0);
    }
    Block block = b.build();
    stats.add(block);
    for (Family family : new Family[] {Family.gaussian(), Family.poisson(), Family.tweedie(1.5)}) {
      for (boolean standardize : new boolean[] {false, true}) {
        GlmSpec spec = new GlmSpec(family, family.defaultLink(), 0.01, 0.5, standardize, true, "newton",
            StoppingRule.defaults());
        FitSetup setup = FitSetup.of(spec, stats);
        io.sparkglm.core.solver.LocalDataTerm data = new io.sparkglm.core.solver.LocalDataTerm(
            java.util.List.of(block), spec.loss(), 6);
        double[] start = setup.startInOriginalSpace();
        double expected = setup.kktViolation(start,
            data.evaluate(start, io.sparkglm.core.kernel.Order.GRADIENT).gradient());
        assertEquals(expected, setup.startKktViolation(), 1e-9 * Math.max(1, expected), family + " " + standardize);
      }
    }
  }
}
