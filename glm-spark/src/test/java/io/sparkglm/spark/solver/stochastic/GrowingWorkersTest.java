package io.sparkglm.spark.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.solver.TrainingProblem;
import io.sparkglm.spark.train.FitResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 3: {@code sgd} with {@code workers=grow} runs a mini-batch of B rows on about {@code B / (rows per
 * partition)} partitions. Checked: the partition choice (distinct, in range, uniform over many updates); a draw over
 * a listed subset reads exactly those partitions' rows and a draw over all partitions listed is the ordinary draw;
 * the expected batch is still B; Spark launches only the chosen partitions' tasks (counted by a listener, not by
 * our own record); and a grown-workers fit reaches newton's optimum, its tasks growing with the batch to every
 * partition.
 */
class GrowingWorkersTest {
  private static final double[] BETA = {0.8, -0.5, 0.3, 0.0, 0.2, -0.1, 0.0, 0.4, 0.0, -0.3};
  private static final int PARTITIONS = 10;
  private static StochasticData data;

  private static synchronized StochasticData data() {
    if (data == null) {
      data = StochasticData.generate(Family.parse("binomial", Double.NaN), BETA, 0.5, 11, PARTITIONS);
    }
    return data;
  }

  @Test
  void partitionsAreDrawnDistinctSortedAndUniformly() {
    SplittableRandom rnd = new SplittableRandom(5);
    int[] counts = new int[PARTITIONS];
    int draws = 20_000;
    for (int t = 0; t < draws; t++) {
      int[] chosen = MiniBatch.choosePartitions(rnd, PARTITIONS, 3);
      assertEquals(3, chosen.length);
      for (int i = 0; i < chosen.length; i++) {
        assertTrue(chosen[i] >= 0 && chosen[i] < PARTITIONS);
        assertTrue(i == 0 || chosen[i] > chosen[i - 1], "sorted and distinct");
        counts[chosen[i]]++;
      }
    }
    // Each partition is chosen with probability 3/10: 6000 of 20000, sd about 65.
    for (int c : counts) {
      assertEquals(draws * 0.3, c, 400, "counts " + java.util.Arrays.toString(counts));
    }
    assertArrayEquals(new int[] {0, 1, 2, 3}, MiniBatch.choosePartitions(rnd, 4, 4));
  }

  @Test
  void aDrawOverListedPartitionsReadsExactlyTheirRows() {
    StochasticData d = data();
    TrainingProblem problem = d.problem(0.01, 0.0);
    double[] coef = new double[StochasticData.P + 1];
    MiniBatch.Draw full = new MiniBatch.Draw(coef, 1.0, 7, 3, 1, problem.setup().reparametrization(),
        problem.setup().fixed());
    int[] chosen = {1, 4, 9};
    MiniBatch.Sums some = MiniBatch.draw(d.blocks, problem.loss(), StochasticData.P, full, 2, chosen);
    assertEquals(rowsIn(d.blocks, chosen), some.rows);

    MiniBatch.Draw sampled = new MiniBatch.Draw(coef, 0.2, 7, 3, 1, problem.setup().reparametrization(),
        problem.setup().fixed());
    int[] all = new int[PARTITIONS];
    for (int i = 0; i < PARTITIONS; i++) {
      all[i] = i;
    }
    MiniBatch.Sums listed = MiniBatch.draw(d.blocks, problem.loss(), StochasticData.P, sampled, 2, all);
    MiniBatch.Sums plain = MiniBatch.draw(d.blocks, problem.loss(), StochasticData.P, sampled, 2);
    assertEquals(plain.rows, listed.rows);
    assertArrayEquals(plain.gradient, listed.gradient, 0.0);
    assertEquals(plain.loss, listed.loss, 0.0);
  }

  @Test
  void growingWorkersLaunchOnlyTheChosenTasksAndKeepTheExpectedBatch() throws Exception {
    StochasticData d = data();
    List<Integer> tasksPerBatch = Collections.synchronizedList(new ArrayList<>());
    SparkListener listener = new SparkListener() {
      @Override
      public void onStageSubmitted(SparkListenerStageSubmitted e) {
        String description = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
        if (description != null && description.contains("mini-batch gradient")) {
          tasksPerBatch.add(e.stageInfo().numTasks());
        }
      }
    };
    var sc = SparkTestSession.get().sparkContext();
    sc.addSparkListener(listener);
    FitResult r;
    try {
      // 20000 rows on 10 partitions, 2000 rows each: a batch of 2500 runs on ceil(2500/2000) = 2 partitions.
      r = d.fit("sgd", 0.01, 0.0, 40, Map.of("workers", "grow", "batchSize", "2500", "batchSchedule", "constant"));
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(listener);
    }
    List<IterationRecord> h = r.history();
    assertEquals(40, h.size());
    // The first stage of each job is the partitions' draw; the tree aggregate may add a smaller second one.
    long launched = tasksPerBatch.stream().filter(t -> t == 2).count();
    assertTrue(launched >= 40, "stages of 2 tasks: " + tasksPerBatch);
    assertTrue(tasksPerBatch.stream().allMatch(t -> t <= 2), "no batch ran on more partitions: " + tasksPerBatch);
    double rows = 0;
    for (IterationRecord rec : h) {
      assertEquals(2.0, rec.details().get("tasks"));
      rows += rec.details().get("rows");
    }
    // Expected 2500 rows per update; 40 updates of a cluster sample of 2 partitions at rate 0.625.
    assertEquals(2500, rows / h.size(), 150);
  }

  @Test
  void aGrownWorkersFitReachesNewtonsOptimumWithTasksGrowingToEveryPartition() {
    StochasticData d = data();
    FitResult optimum = d.fit("newton", 0.01, 0.0, 100, Map.of());
    FitResult r = d.fit("sgd", 0.01, 0.0, 100_000, Map.of("workers", "grow", "batchSize", "1000", "epochs", "10"));
    double gap = StochasticData.relativeGap(r, optimum);
    assertTrue(gap <= 1e-3 && gap >= -1e-9, "relative gap " + gap);
    List<IterationRecord> h = r.history();
    assertEquals(1.0, h.get(0).details().get("tasks"), "a batch of 1000 fits in one partition of 2000 rows");
    assertEquals(PARTITIONS, h.get(h.size() - 1).details().get("tasks"), "the full batch runs everywhere");
    double previous = 0;
    for (IterationRecord rec : h) {
      double tasks = rec.details().get("tasks");
      assertTrue(tasks >= previous, "tasks never shrink under the geometric schedule");
      previous = tasks;
    }
  }

  @Test
  void aBadWorkersOptionIsNamed() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> StochasticSettings.parse("sgd", Map.of("workers", "some")));
    assertEquals("sgd option workers must be one of all, grow, got 'some'", e.getMessage());
  }

  private static long rowsIn(JavaRDD<Block> blocks, int[] chosen) {
    List<Integer> set = new ArrayList<>();
    for (int c : chosen) {
      set.add(c);
    }
    return blocks.mapPartitionsWithIndex((Integer part, Iterator<Block> it) -> {
      long n = 0;
      while (it.hasNext()) {
        Block b = it.next();
        n += set.contains(part) ? b.numRows() : 0;
      }
      return List.of(n).iterator();
    }, true).reduce(Long::sum);
  }
}
