package io.sparkglm.spark.cli;

import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.RegularizationPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkglm path}: a regularization path ({@link RegularizationPath}) written as {@code DIR/path.csv}
 * (lambda, non-zeros, objective, deviance, deviance explained, KKT, iterations, passes, status, coefficients)
 * and {@code DIR/path.svg} (coefficient paths against log10 lambda). Takes the flags of {@code train} (its
 * {@code --reg-param} is ignored) plus {@code --n-lambda N} or {@code --lambdas a,b,...}; {@code --out} as in train
 * (refused when not empty unless {@code --overwrite}, renamed into place when complete).
 */
final class PathCommand {
  static final String USAGE = "usage: sparkglm path (the flags of train) [--n-lambda N | --lambdas L1,L2,...]"
      + " [--warm-start true|false] [--overwrite] --out DIR";

  /** The parsed command. */
  record Plan(TrainCommand.Plan train, int count, double[] lambdas, boolean warmStart) {
  }

  private PathCommand() {
  }

  static Plan parse(String[] args) {
    List<String> trainArgs = new ArrayList<>();
    int count = RegularizationPath.DEFAULT_LAMBDAS;
    double[] lambdas = null;
    boolean warm = true;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--n-lambda") && i + 1 < args.length) {
        count = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--warm-start") && i + 1 < args.length) {
        String v = args[++i];
        if (!v.equals("true") && !v.equals("false")) {
          throw new IllegalArgumentException("option --warm-start must be true or false, got '" + v + "'");
        }
        warm = Boolean.parseBoolean(v);
      } else if (args[i].equals("--lambdas") && i + 1 < args.length) {
        lambdas = Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble).toArray();
      } else {
        trainArgs.add(args[i]);
      }
    }
    if (count < 1) {
      throw new IllegalArgumentException("--n-lambda must be >= 1, got " + count);
    }
    return new Plan(TrainCommand.parse(trainArgs.toArray(new String[0])), count, lambdas, warm);
  }

  static void run(SparkSession spark, Plan plan) throws IOException {
    TrainCommand.Plan t = plan.train();
    if (t.checkpointing() != null) {
      throw new IllegalArgumentException("sparkglm path does not take --checkpoint-dir (a path is a series of "
          + "short warm-started fits); use it with sparkglm train");
    }
    LoadedData data = BlockLoader.load(spark, t.data(), t.spec().family());
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
