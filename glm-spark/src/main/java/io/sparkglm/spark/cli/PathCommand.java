package io.sparkglm.spark.cli;

import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.RegularizationPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.sparkglm.spark.solver.SolverRegistry;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkglm path}: a regularization path ({@link RegularizationPath}) written as {@code DIR/path.csv}
 * (lambda, non-zeros, objective, deviance, deviance explained, KKT, iterations, passes, status, coefficients)
 * and {@code DIR/path.svg} (coefficient paths against log10 lambda). Takes the options of {@code train} (its
 * {@code --reg-param} is ignored) plus {@code --n-lambda N} or {@code --lambdas a,b,...}; {@code --out} as in train
 * (refused when not empty unless {@code --overwrite}, renamed into place when complete).
 */
@Command(name = "path", sortOptions = false,
    description = {"Fit a regularization path (warm-started fits from the lambda that zeroes every coefficient "
        + "down) and write DIR/path.csv and DIR/path.svg (coefficients against log10 lambda).",
        "Takes the options of train; --reg-param is ignored; --checkpoint-dir, --initial-model and --family "
            + "multinomial refused."},
    customSynopsis = "sparkglm path --data <path> --family <family> --out <dir> [--n-lambda <int> | --lambdas "
        + "<lambda>,...] [OPTIONS]")
class PathCommand extends TrainCommand {
  /** The path group. */
  static final class Lambdas {
    @Option(names = "--n-lambda", paramLabel = "<int>", defaultValue = "" + RegularizationPath.DEFAULT_LAMBDAS,
        description = "The number of lambdas, log-spaced from the largest useful one down. Default: "
            + "${DEFAULT-VALUE}.")
    int count = RegularizationPath.DEFAULT_LAMBDAS;

    @Option(names = "--lambdas", paramLabel = "<lambda>", split = ",", description = "The lambdas to fit "
        + "instead, comma-separated.")
    double[] lambdas;

    @Option(names = "--warm-start", paramLabel = "<bool>", arity = "1", defaultValue = "true",
        description = "Start each fit at the previous answer (true|false). Default: ${DEFAULT-VALUE}.")
    boolean warmStart = true;
  }

  /** The parsed command. */
  record Plan(TrainCommand.Plan train, int count, double[] lambdas, boolean warmStart) {
  }

  @ArgGroup(validate = false, heading = "%nPath:%n", order = 0)
  Lambdas path = new Lambdas();

  /** Refuses the train options a path (or cross validation, {@code command}) does not take. */
  static void checkPathOptions(TrainCommand.Plan t, String command) {
    if (t.checkpointing() != null) {
      throw new IllegalArgumentException("sparkglm " + command + " does not take --checkpoint-dir (a path is a "
          + "series of short warm-started fits); use it with sparkglm train");
    }
    if (t.initialModel() != null) {
      throw new IllegalArgumentException("sparkglm " + command + " does not take --initial-model (it starts at "
          + "lambda_max from the intercept-only model and warm-starts each fit from the previous one); use it with "
          + "sparkglm train");
    }
  }

  /** The typed plan (see {@link TrainCommand#plan}). */
  Plan pathPlan(SolverRegistry registry) {
    if (path.count < 1) {
      throw new IllegalArgumentException("--n-lambda must be >= 1, got " + path.count);
    }
    TrainCommand.Plan train = plan(registry);
    if (train.multinomial()) {
      throw new IllegalArgumentException("sparkglm path does not fit --family multinomial yet (train does)");
    }
    if (train.aggregation() == io.sparkglm.spark.train.Aggregation.ALLREDUCE) {
      throw new IllegalArgumentException("sparkglm path does not take --aggregation allreduce yet (a path is a series "
          + "of short warm-started fits); use it with sparkglm train");
    }
    if (train.spec().family().estimatesTheta()) {
      throw new IllegalArgumentException("option --theta is required for a path with --family negative-binomial "
          + "(every lambda is fitted at one fixed theta; train estimates it)");
    }
    return new Plan(train, path.count, path.lambdas, path.warmStart);
  }

  static void run(SparkSession spark, Plan plan) throws IOException {
    TrainCommand.Plan t = plan.train();
    checkPathOptions(t, "path");
    LoadedData data = BlockLoader.load(spark, t.data(), t.spec().family());
    TrainCommand.checkPenaltyFactors(t.spec(), data.numFeatures());
    GlmSpec spec = t.spec();
    RegularizationPath.Result r = new RegularizationPath(t.aggregationDepth(), t.solverOptions(),
        plan.warmStart()).fit(spec,
        data.blocks(), data.numFeatures(), data.hasOffsets(), plan.lambdas(), plan.count(), action -> {
          var stats = BlockLoader.runAction(action);
          BlockLoader.requireNonEmpty(stats.rows(), data.source());
          return stats;
        });
    StringBuilder csv = new StringBuilder("lambda,nonZeros,objective,deviance,devianceExplained,kkt,iterations,"
        + "passes,status,intercept," + String.join(",", data.featureNames()) + "\n");
    for (RegularizationPath.Point p : r.points()) {
      csv.append(String.format(Locale.ROOT, "%.17g,%d,%.17g,%.17g,%.17g,%.3g,%d,%d,%s,%.17g", p.lambda(),
          p.nonZeros(), p.objective(), p.deviance(), p.devianceExplained(), p.kkt(), p.iterations(), p.passes(),
          p.status(), p.intercept()));
      for (double c : p.coefficients()) {
        csv.append(',').append(c);
      }
      csv.append('\n');
    }
    OutputDirectory.write("--out", t.out(), t.overwrite(), dir -> {
      Files.writeString(dir.resolve("path.csv"), csv);
      Files.writeString(dir.resolve("path.svg"), PathPlot.render(r, data.featureNames()));
    });
  }
}
