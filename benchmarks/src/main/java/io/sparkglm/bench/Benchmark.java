package io.sparkglm.bench;

import io.sparkglm.spark.JobCounter;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.NewtonSolver;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.eval.SparkDataTerm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark of issue 6: sparkglm's solvers against Spark MLlib on synthetic datasets cached in memory,
 * against the roofline of a plain Java loop, plus the seed's ablation. The recipe per dataset: generate and
 * cache both shapes ({@link CachedData}) -> lambdas ({@link L1Lambda}) -> per problem, every contestant's
 * full run, {@code F*}, the timed runs to {@code F*(1+1e-6)} -> pass timings and the roofline -> ablation.
 * Run by {@code scripts/bench}; {@link #run} is also what the smoke test calls.
 */
public final class Benchmark {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.bench");
  /** Relative distance to {@code F*} that defines the target. */
  public static final double TARGET_GAP = 1e-6;
  /** Newton's iteration limit. */
  public static final int NEWTON_MAX_ITER = 100;

  private final SparkSession spark;
  private final BenchOptions options;
  private final JobCounter jobs;
  private final int parts;

  /** A benchmark on {@code spark} (local[*] or local[2]); registers a job counter on its context. */
  public Benchmark(SparkSession spark, BenchOptions options) {
    this.spark = spark;
    this.options = options;
    this.jobs = JobCounter.on(spark.sparkContext());
    this.parts = options.partitions() > 0 ? options.partitions() : spark.sparkContext().defaultParallelism();
  }

  /** Entry point of {@code scripts/bench}: runs, prints the Markdown table and writes the files. */
  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    SparkSession spark = SparkSession.builder().appName("sparkglm bench").master("local[*]")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      Benchmark bench = new Benchmark(spark, options);
      long t0 = System.nanoTime();
      List<Results.DatasetResult> results = bench.run();
      double total = (System.nanoTime() - t0) * 1e-9;
      String md = BenchReport.write(Path.of(options.out()), results, options, bench.parts, total);
      System.out.print(md);
    } finally {
      spark.stop();
    }
  }

  /** Partitions of the cached data. */
  public int partitions() {
    return parts;
  }

  /** Runs every dataset of the options. */
  public List<Results.DatasetResult> run() {
    List<Results.DatasetResult> out = new ArrayList<>();
    for (String name : options.datasets()) {
      out.add(dataset(SyntheticData.named(name, options.scale())));
    }
    return out;
  }

  private Results.DatasetResult dataset(SyntheticData requested) {
    LOG.info("dataset {}: n={} p={} partitions={}", requested.name(), requested.rows(), requested.numFeatures(),
        parts);
    try (CachedData cached = CachedData.of(spark, requested, parts)) {
      SyntheticData d = cached.data();
      ProblemContext l2 = new ProblemContext(cached, new Problem("L2", Problem.L2_LAMBDA, 0.0));
      double lambdaMax = L1Lambda.lambdaMax(l2.dataTerm(), l2.setup(), d.numFeatures());
      boolean needsL1 = options.problems().stream().anyMatch(p -> !p.equals("L2"));
      double factor = needsL1 ? L1Lambda.factor(d, parts) : Double.NaN;
      double lambda1 = factor * lambdaMax;
      List<Results.ProblemResult> problems = new ArrayList<>();
      double[] l2Solution = null;
      for (String p : options.problems()) {
        Problem problem = switch (p) {
          case "L2" -> l2.problem();
          case "L1" -> new Problem("L1", lambda1, 1.0);
          default -> new Problem("EN", lambda1, Problem.EN_ALPHA);
        };
        Results.ProblemResult r = problem(new ProblemContext(cached, problem));
        problems.add(r);
        if (p.equals("L2")) {
          l2Solution = best(r).trial().coefficients();
        }
      }
      double[] coef = l2Solution != null ? l2Solution : new double[d.numFeatures() + 1];
      SparkDataTerm term = l2.dataTerm();
      double pass = medianSeconds(() -> term.evaluate(coef, Order.GRADIENT), 5);
      double hessPass = d.numFeatures() <= NewtonSolver.DEFAULT_MAX_FEATURES
          ? medianSeconds(() -> term.evaluate(coef, Order.HESSIAN), 3) : Double.NaN;
      double roof;
      double read;
      double lossError;
      try (Roofline roofline = new Roofline(d, parts, parts)) {
        roof = roofline.secondsPerPass(coef, 6);
        read = roofline.readSeconds(6);
        double rv = roofline.evaluate(coef).value();
        double sv = term.evaluate(coef, Order.VALUE).value();
        lossError = Math.abs(rv - sv) / Math.abs(sv);
      }
      List<Ablation.Variant> ablation = d.name().equals(options.ablationDataset()) && !d.sparse()
          ? Ablation.run(cached, l2.spec("newton", StoppingRule.defaults()).loss(), coef,
              options.ablationEvaluations())
          : List.of();
      return new Results.DatasetResult(d, cached.note(), cached.blocksBytes(), cached.frameBytes(),
          cached.stats().storedValues(), pass,
          hessPass, roof, read, lossError, lambdaMax, factor, problems, ablation);
    }
  }

  private static double medianSeconds(Runnable r, int reps) {
    r.run();
    double[] t = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - t0) * 1e-9;
    }
    Arrays.sort(t);
    return t[reps / 2];
  }

  /** The contestants that support {@code ctx}'s problem. */
  public List<Contestant> contestants(ProblemContext ctx) {
    SyntheticData d = ctx.cached().data();
    boolean l1 = ctx.problem().hasL1();
    List<Contestant> c = new ArrayList<>();
    if (d.numFeatures() <= NewtonSolver.DEFAULT_MAX_FEATURES) {
      c.add(new SparkglmContestant(ctx, "newton", NEWTON_MAX_ITER));
    }
    c.add(new SparkglmContestant(ctx, "lbfgs", options.lbfgsMaxIter()));
    c.add(new SparkglmContestant(ctx, "proxgrad", options.firstOrderMaxIter()));
    if (!l1) {
      c.add(new SparkglmContestant(ctx, "gd", options.firstOrderMaxIter()));
    }
    if (l1 && List.of("lasso", "seed001").contains(d.name())
        && io.sparkglm.spark.solver.SolverRegistry.load().names().contains("admm")) {
      // The ADMM issue's benchmark: lasso and seed001 L1 (admm is on the classpath through scripts/bench).
      c.add(new SparkglmContestant(ctx, "admm", options.firstOrderMaxIter()));
    }
    int mllibMax = options.lbfgsMaxIter();
    switch (d.family().name()) {
      case "binomial" -> c.add(new MllibContestant(ctx, MllibContestant.Kind.LOGISTIC, mllibMax, jobs));
      case "gaussian" -> {
        c.add(new MllibContestant(ctx, MllibContestant.Kind.LINEAR_LBFGS, mllibMax, jobs));
        if (!l1) {
          c.add(new MllibContestant(ctx, MllibContestant.Kind.LINEAR_NORMAL, mllibMax, jobs));
        }
      }
      case "poisson" -> {
        if (!l1) {
          c.add(new MllibContestant(ctx, MllibContestant.Kind.POISSON_GLR, 100, jobs));
        }
      }
      default -> {
      }
    }
    return c;
  }

  /** Every contestant's full run, then {@code F*}, then the timed runs to the target. */
  public Results.ProblemResult problem(ProblemContext ctx) {
    List<Contestant> contestants = contestants(ctx);
    List<Contestant.Trial> trials = new ArrayList<>();
    double fStar = Double.POSITIVE_INFINITY;
    for (Contestant c : contestants) {
      Contestant.Trial t;
      try {
        t = c.fullRun();
      } catch (RuntimeException e) {
        LOG.warn("{} {} {} failed: {}", ctx.cached().data().name(), ctx.problem().name(), c.name(), e.toString());
        t = new Contestant.Trial(new double[0], Double.NaN, 0, 0, Double.NaN, "FAILED", List.of(),
            e.toString());
      }
      LOG.info("{} {} {}: F={} iterations={} passes={} secs={} status={}", ctx.cached().data().name(),
          ctx.problem().name(), c.name(), String.format(Locale.ROOT, "%.12g", t.objective()), t.iterations(),
          t.passes(), String.format(Locale.ROOT, "%.2f", t.seconds()), t.status());
      trials.add(t);
      if (t.objective() < fStar) {
        fStar = t.objective();
      }
    }
    double target = fStar + TARGET_GAP * Math.abs(fStar);
    List<Results.Entry> entries = new ArrayList<>();
    int nonZeros = 0;
    boolean counted = false;
    for (int i = 0; i < contestants.size(); i++) {
      Contestant c = contestants.get(i);
      Contestant.Trial t = trials.get(i);
      Contestant.Timing timing = Double.isNaN(t.objective()) ? Contestant.Timing.missed("failed")
          : c.timeToTarget(target, t, options.runs());
      entries.add(new Results.Entry(c.name(), t, timing));
      if (t.objective() == fStar && !counted) {
        counted = true;
        for (int j = 0; j < t.coefficients().length - 1; j++) {
          nonZeros += t.coefficients()[j] != 0.0 ? 1 : 0;
        }
      }
    }
    return new Results.ProblemResult(ctx.problem(), fStar, target, nonZeros, entries);
  }

  private static Results.Entry best(Results.ProblemResult r) {
    return r.entries().stream().filter(e -> e.trial().objective() == r.fStar()).findFirst().orElseThrow();
  }
}
