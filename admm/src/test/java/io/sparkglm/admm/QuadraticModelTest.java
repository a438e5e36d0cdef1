package io.sparkglm.admm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuadraticModelTest {
  /** H = [[2, 1], [1, 3]], g0 = (1, -1): the prox minimizer solves (H + rho I) b = rho v - g0. */
  @Test
  void proximalMinimizerSolvesTheShiftedSystem() {
    QuadraticModel m = new QuadraticModel(new double[] {2, 1, 1, 3}, new double[] {1, -1});
    double rho = 0.5;
    double[] v = {0.3, -0.7};
    double[] b = m.proximalMinimizer(v, rho);
    double[] rhs = {rho * v[0] - 1, rho * v[1] + 1};
    // (H + rho I) b == rhs
    assertArrayEquals(rhs, new double[] {(2 + rho) * b[0] + b[1], b[0] + (3 + rho) * b[1]}, 1e-12);
  }

  /** Reference LAPACK never returns on NaN input; the model refuses it instead of hanging. */
  @Test
  void aNonFiniteHessianIsAClearErrorNotAHang() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new QuadraticModel(new double[] {1, Double.NaN, Double.NaN, 1}, new double[2]));
    assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
  }

  /** Factorizations from several threads at once (as executor threads do) all finish with the same answer. */
  @Test
  void concurrentFactorizationsFinish() throws Exception {
    int d = 40;
    double[] h = new double[d * d];
    for (int a = 0; a < d; a++) {
      for (int c = 0; c < d; c++) {
        h[a * d + c] = 1.0 / (1 + Math.abs(a - c)) + (a == c ? d : 0);
      }
    }
    double[] g0 = new double[d];
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      g0[j] = Math.sin(j);
      v[j] = Math.cos(j);
    }
    double[] expected = new QuadraticModel(h, g0).proximalMinimizer(v, 1.0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> results = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        results.add(pool.submit(() -> new QuadraticModel(h, g0).proximalMinimizer(v, 1.0)));
      }
      for (Future<double[]> f : results) {
        assertArrayEquals(expected, f.get(60, TimeUnit.SECONDS), 1e-12);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
