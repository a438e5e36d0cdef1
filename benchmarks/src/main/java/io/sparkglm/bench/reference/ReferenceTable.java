package io.sparkglm.bench.reference;

import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.spark.reference.ReferenceCase;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Benchmark (not a test): every solver on every reference case, distributed on a local Spark, printing a
 * Markdown table of passes, iterations, seconds and the distance to the reference. Run with
 * {@code scripts/reference-table}. Arguments: [maxIterFirstOrder] [tol].
 */
public final class ReferenceTable {
  private ReferenceTable() {
  }

  public static void main(String[] args) {
    int maxFirstOrder = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    double tol = args.length > 1 ? Double.parseDouble(args[1]) : 1e-8;
    SparkSession spark = SparkSession.builder().master("local[2]").appName("sparkglm reference table")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "tol=%.0e, first-order maxIter=%d, local[2], 2 partitions%n%n", tol,
        maxFirstOrder));
    out.append("| case | solver | status | iterations | passes | seconds | s/pass | |dF|/F | max |db| | KKT |\n");
    out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    String lastDataset = "";
    LoadedData data = null;
    for (ReferenceCase c : ReferenceCase.all()) {
      if (!c.dataset().equals(lastDataset)) {
        if (data != null) {
          data.blocks().unpersist(false);
        }
        data = BlockLoader.load(spark, c.dataSpec(2), c.spec("newton", StoppingRule.defaults()).family());
        data.blocks().persist(StorageLevel.MEMORY_ONLY());
        lastDataset = c.dataset();
      }
      for (String solver : List.of("newton", "lbfgs", "proxgrad", "gd")) {
        if (solver.equals("gd") && c.alpha() > 0 && c.lambda() > 0) {
          continue;
        }
        int maxIter = solver.equals("newton") ? 100 : solver.equals("lbfgs") ? 1000 : maxFirstOrder;
        GlmSpec spec = c.spec(solver, new StoppingRule(maxIter, tol, 0.0));
        FitResult r = new GlmTrainer(2, Map.of()).fit(spec, data.blocks(), data.numFeatures(),
            BlockLoader::runAction);
        double coefErr = Math.abs(r.intercept() - c.intercept());
        for (int j = 0; j < c.p(); j++) {
          coefErr = Math.max(coefErr, Math.abs(r.coefficients()[j] - c.coefficients()[j]));
        }
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %.2f | %.4f | %.1e | %.1e | %.1e |%n",
            c.id(), solver, r.status(), r.iterations(), r.passes(), r.wallSeconds(),
            r.wallSeconds() / Math.max(1, r.passes()),
            Math.abs(r.objective() - c.objective()) / Math.max(1, Math.abs(c.objective())), coefErr,
            r.kktViolation()));
      }
    }
    System.out.print(out);
    spark.stop();
  }
}
