package io.sparkglm.core.kernel;

import static io.sparkglm.core.kernel.GlmAccumulatorTest.assertArrayClose;
import static io.sparkglm.core.kernel.GlmAccumulatorTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.testing.Synthetic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link GlmAccumulator#addRows}: the kernel restricted to selected rows (repeats and any order) against a naive
 * loop over the same rows with the pointwise loss, dense and sparse, weighted with offsets, block sizes 1, 2, 7;
 * and its gradient against central finite differences of its own loss sum.
 */
class GlmAccumulatorRowsTest {

  @ParameterizedTest(name = "{0} blockRows={1} {2}")
  @CsvSource({"binomial,1,DENSE", "binomial,2,SPARSE", "binomial,7,DENSE", "binomial,7,SPARSE",
      "poisson,7,DENSE", "poisson,2,SPARSE", "gaussian,7,SPARSE", "gaussian,1,DENSE"})
  void selectedRowsEqualNaiveLoop(String familyName, int blockRows, BlockBuilder.Layout layout) {
    Family family = Family.parse(familyName, Double.NaN);
    Synthetic s = Synthetic.generate(family, 41, 6, 0.4, true, true, 17);
    GlmLoss loss = GlmLoss.of(family, family.defaultLink());
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < s.n; i++) {
      if (s.w[i] != 0.0) {
        kept.add(i);
      }
    }
    List<Block> blocks = s.blocks(blockRows, layout);
    Random rnd = new Random(3);
    double[] coef = new double[s.p + 1];
    for (int j = 0; j < coef.length; j++) {
      coef[j] = 0.1 * rnd.nextGaussian();
    }
    GlmAccumulator acc = new GlmAccumulator(loss, s.p, Order.HESSIAN);
    double[] naiveLoss = new double[1];
    double[] naiveGrad = new double[s.p + 1];
    double[] naiveHess = new double[(s.p + 1) * (s.p + 1)];
    double naiveWeight = 0;
    int first = 0;
    int total = 0;
    for (Block b : blocks) {
      int count = 1 + rnd.nextInt(2 * b.numRows());
      int[] sel = new int[count + 3];
      for (int k = 0; k < count; k++) {
        sel[k] = rnd.nextInt(b.numRows()); // repeats allowed, any order
      }
      acc.addRows(b, coef, sel, count);
      for (int k = 0; k < count; k++) {
        int row = kept.get(first + sel[k]);
        naiveWeight += s.w[row];
        addNaive(s, loss, coef, row, naiveLoss, naiveGrad, naiveHess);
      }
      total += count;
      first += b.numRows();
    }
    assertEquals(total, acc.rows());
    assertClose(naiveWeight, acc.weightSum(), 1e-13, "weight sum");
    assertClose(naiveLoss[0], acc.lossSum(), 1e-12, "loss");
    assertArrayClose(naiveGrad, acc.gradient(), 1e-12, "gradient");
    assertArrayClose(naiveHess, acc.hessian(), 1e-12, "hessian");

    // Finite differences of the subset loss sum (same rows, same blocks).
    double[] g = acc.gradient();
    for (int j = 0; j <= s.p; j++) {
      double h = 1e-6;
      double[] up = coef.clone();
      double[] dn = coef.clone();
      up[j] += h;
      dn[j] -= h;
      double fd = (subsetLoss(blocks, loss, s.p, up) - subsetLoss(blocks, loss, s.p, dn)) / (2 * h);
      double[] gAll = subsetGradient(blocks, loss, s.p, coef);
      assertClose(fd, gAll[j], 1e-6, "finite difference " + j);
    }
    assertEquals(s.p + 1, g.length);
  }

  /** Rows 0, 2, 4, ... of every block. */
  private static int[] evenRows(Block b) {
    int[] sel = new int[(b.numRows() + 1) / 2];
    for (int k = 0; k < sel.length; k++) {
      sel[k] = 2 * k;
    }
    return sel;
  }

  private static double subsetLoss(List<Block> blocks, GlmLoss loss, int p, double[] coef) {
    GlmAccumulator a = new GlmAccumulator(loss, p, Order.VALUE);
    for (Block b : blocks) {
      int[] sel = evenRows(b);
      a.addRows(b, coef, sel, sel.length);
    }
    return a.lossSum();
  }

  private static double[] subsetGradient(List<Block> blocks, GlmLoss loss, int p, double[] coef) {
    GlmAccumulator a = new GlmAccumulator(loss, p, Order.GRADIENT);
    for (Block b : blocks) {
      int[] sel = evenRows(b);
      a.addRows(b, coef, sel, sel.length);
    }
    return a.gradient();
  }

  private static void addNaive(Synthetic s, GlmLoss loss, double[] coef, int row, double[] lossOut,
      double[] gradOut, double[] hessOut) {
    int p = s.p;
    double[] z = new double[p + 1];
    System.arraycopy(s.x[row], 0, z, 0, p);
    z[p] = 1.0;
    double eta = s.offset[row];
    for (int j = 0; j <= p; j++) {
      eta += z[j] * coef[j];
    }
    double w = s.w[row];
    lossOut[0] += w * loss.value(s.y[row], eta);
    double d1 = w * loss.derivative(s.y[row], eta);
    double d2 = w * loss.curvature(s.y[row], eta);
    for (int a = 0; a <= p; a++) {
      gradOut[a] += d1 * z[a];
      for (int b = 0; b <= p; b++) {
        hessOut[a * (p + 1) + b] += d2 * z[a] * z[b];
      }
    }
  }
}
