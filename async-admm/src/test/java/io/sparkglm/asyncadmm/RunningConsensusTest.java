package io.sparkglm.asyncadmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkglm.core.penalty.Penalty;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunningConsensusTest {
  /**
   * Issue 14 (1): a consensus restored from its checkpoint state (in a Hessian metric, with z damping, after a rho
   * change) continues exactly as the original: the same z, u, rho and residuals after the same later reports.
   */
  @Test
  void aRestoredConsensusContinuesExactlyAsTheOriginal() {
    Random rnd = new Random(5);
    int n = 3;
    int d = 3;
    Penalty pen = Penalty.elasticNet(d, 0.2, 0.5, null, null);
    double[][] b0 = new double[n][d];
    for (double[] row : b0) {
      for (int j = 0; j < d; j++) {
        row[j] = rnd.nextGaussian();
      }
    }
    double[] h = {2.0, 0.3, 0.1, 0.3, 1.5, -0.2, 0.1, -0.2, 1.0};
    io.sparkglm.admm.Metric metric = io.sparkglm.admm.Metric.of(h, new boolean[d]);
    RunningConsensus a = new RunningConsensus(pen, 0.5, b0, metric, 1.0);
    List<List<RunningConsensus.Report>> reports = new java.util.ArrayList<>();
    for (int step = 0; step < 20; step++) {
      double[] b = new double[d];
      for (int j = 0; j < d; j++) {
        b[j] = rnd.nextGaussian();
      }
      reports.add(List.of(new RunningConsensus.Report(step % n, b)));
    }
    for (int step = 0; step < 10; step++) {
      a.update(reports.get(step));
    }
    a.rescaleRho(2.0);
    io.sparkglm.core.solver.SolverState saved = a.state("async-admm", java.util.Map.of(), java.util.Map.of());
    RunningConsensus b = RunningConsensus.restore(pen, saved, n, d, 1.0);
    for (int step = 10; step < 20; step++) {
      a.update(reports.get(step));
      b.update(reports.get(step));
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.z(), b.z(), "z after update " + step);
      for (int i = 0; i < n; i++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.u(i), b.u(i), "u_" + i);
        assertEquals(a.staleness(i), b.staleness(i));
      }
      assertEquals(a.primalResidual(), b.primalResidual());
      assertEquals(a.balanceRho(10, 2), b.balanceRho(10, 2));
      assertEquals(a.rho(), b.rho());
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RunningConsensus.restore(pen, saved, n + 1, d, 1.0));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RunningConsensus.restore(pen, saved, n, d, 0.5));
  }

  @Test
  void runningSumEqualsTheRecomputedSumAndZIsTheProxOfItsMean() {
    Random rnd = new Random(3);
    int n = 4;
    int d = 3;
    Penalty pen = Penalty.elasticNet(2, 0.3, 0.5, null, null);
    double[][] b0 = new double[n][d];
    for (double[] row : b0) {
      for (int j = 0; j < d; j++) {
        row[j] = rnd.nextGaussian();
      }
    }
    double rho = 0.7;
    RunningConsensus c = new RunningConsensus(pen, rho, b0);
    for (int step = 0; step < 50; step++) {
      int k = rnd.nextInt(n);
      double[] b = new double[d];
      for (int j = 0; j < d; j++) {
        b[j] = rnd.nextGaussian();
      }
      c.update(step % 3 == 0 ? List.of(new RunningConsensus.Report(k, b),
          new RunningConsensus.Report((k + 1) % n, b)) : List.of(new RunningConsensus.Report(k, b)));
      double[] recomputed = new double[d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          recomputed[j] += c.b(i)[j] + c.u(i)[j];
        }
      }
      for (int j = 0; j < d; j++) {
        assertEquals(recomputed[j], c.sum()[j], 1e-12, "running sum, step " + step);
      }
    }
    // z is the prox of S/N taken before the reporting slot's dual update u_0 += b_0 - z.
    c.update(List.of(new RunningConsensus.Report(0, new double[] {0.4, -0.9, 2.0})));
    double[] s = c.sum();
    double[] z = c.z();
    double scale = n * rho;
    for (int j = 0; j < d; j++) {
      double before = (s[j] - (c.b(0)[j] - z[j])) / n;
      double expected = j == 2 ? before : Penalty.softThreshold(before, 0.15 / scale) / (1 + 0.15 / scale);
      assertEquals(expected, z[j], 1e-12, "z[" + j + "]");
    }
  }

  @Test
  void stalenessCountsUpdatesSinceTheLastReport() {
    RunningConsensus c = new RunningConsensus(Penalty.none(1), 1.0, new double[][] {{0, 0}, {0, 0}, {0, 0}});
    c.update(List.of(new RunningConsensus.Report(0, new double[] {1, 1})));
    c.update(List.of(new RunningConsensus.Report(1, new double[] {1, 1})));
    assertEquals(1, c.staleness(0));
    assertEquals(0, c.staleness(1));
    assertEquals(2, c.staleness(2));
    assertEquals(2, c.maxStaleness());
    assertEquals(2, c.reportCounts()[0]);
  }

  /**
   * Residual balancing over a round: with z far from where the round started the dual residual dominates and rho
   * halves (u doubles: the unscaled duals rho*u are kept); with z unmoved since the last balance the primal
   * residual dominates and rho doubles. The running sum follows the rescaled u.
   */
  @Test
  void balanceRhoComparesThePrimalResidualWithZsMoveOverTheRound() {
    double[][] b0 = {{1.0, 0.0}, {1.0, 0.0}};
    RunningConsensus c = new RunningConsensus(Penalty.none(1), 1.0, b0);
    // The two reports agree with each other (primal residual ~0) but move z by 3 from the start.
    c.update(List.of(new RunningConsensus.Report(0, new double[] {4.0, 0.0}),
        new RunningConsensus.Report(1, new double[] {4.0, 0.0})));
    double[] u0 = c.u(0);
    assertEquals(0.5, c.balanceRho(10, 2), 0.0, "dual residual dominates: rho / 2");
    assertEquals(0.5, c.rho(), 0.0);
    assertEquals(2 * u0[0], c.u(0)[0], 1e-15, "u rescaled by the inverse factor");
    // z does not move again, the reports now disagree: the primal residual dominates.
    c.update(List.of(new RunningConsensus.Report(0, new double[] {6.0, 0.0}),
        new RunningConsensus.Report(1, new double[] {2.0, 0.0})));
    assertEquals(4.0, c.z()[0], 1e-12, "z unmoved");
    assertEquals(2.0, c.balanceRho(10, 2), 0.0, "primal residual dominates: rho * 2");
    assertEquals(1.0, c.rho(), 0.0);
    double[] recomputed = new double[2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        recomputed[j] += c.b(i)[j] + c.u(i)[j];
      }
    }
    assertEquals(recomputed[0], c.sum()[0], 1e-12, "running sum after rescaling");
    assertEquals(recomputed[1], c.sum()[1], 1e-12, "running sum after rescaling");
  }
}
