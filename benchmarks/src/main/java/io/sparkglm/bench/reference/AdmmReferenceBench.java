package io.sparkglm.bench.reference;

import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.reference.ReferenceCase;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Benchmark (not a test): {@code admm} and {@code async-admm} with default options on every reference case, on
 * 1, 3 and 8 partitions, at the reference tests' tolerance ({@code min(1e-8, 1e-6 / error per unit KKT)}),
 * printing one Markdown row per fit as it ends (status, iterations, seconds, KKT, max coefficient error). Run with
 * {@code scripts/bench-admm-reference}. Arguments: [maxIter=3000] [partitions=1,3,8] [solvers=admm,async-admm]
 * [case regex=.*] [solver options k=v;k=v]. async-admm's iterations are rounds of N consensus updates (N the
 * partitions); its rows give the rounds and, in parentheses, the updates.
 */
public final class AdmmReferenceBench {
  private AdmmReferenceBench() {
  }

  public static void main(String[] args) {
    int maxIter = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    List<Integer> partitions = new ArrayList<>();
    for (String s : (args.length > 1 ? args[1] : "1,3,8").split(",")) {
      partitions.add(Integer.parseInt(s.trim()));
    }
    List<String> solvers = List.of((args.length > 2 ? args[2] : "admm,async-admm").split(","));
    String filter = args.length > 3 ? args[3] : ".*";
    java.util.Map<String, String> options = new java.util.HashMap<>();
    if (args.length > 4 && !args[4].isEmpty()) {
      for (String kv : args[4].split(";")) {
        String[] parts = kv.split("=", 2);
        options.put(parts[0], parts[1]);
      }
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("sparkglm admm reference bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    System.out.printf(Locale.ROOT, "maxIter=%d (async-admm: rounds of N updates), local[2], solver options %s%n%n",
        maxIter, options);
    System.out.println("| case | solver | partitions | status | iterations | seconds | KKT | tol | max |db| |");
    System.out.println("|---|---|---:|---|---:|---:|---:|---:|---:|");
    for (int parts : partitions) {
      String lastDataset = "";
      LoadedData data = null;
      for (ReferenceCase c : ReferenceCase.all()) {
        if (!c.id().matches(filter)) {
          continue;
        }
        if (!c.dataset().equals(lastDataset)) {
          if (data != null) {
            data.blocks().unpersist(false);
          }
          data = BlockLoader.load(spark, c.dataSpec(parts), c.spec("newton", StoppingRule.defaults()).family());
          data.blocks().persist(StorageLevel.MEMORY_ONLY());
          lastDataset = c.dataset();
        }
        double tol = Math.min(1e-8, 1e-6 / c.errorPerUnitKkt());
        for (String solver : solvers) {
          FitResult r = new GlmTrainer(2, options).fit(c.spec(solver, new StoppingRule(maxIter, tol, 0.0)),
              data.blocks(), data.numFeatures(), BlockLoader::runAction);
          double coefErr = Math.abs(r.intercept() - c.intercept());
          for (int j = 0; j < c.p(); j++) {
            coefErr = Math.max(coefErr, Math.abs(r.coefficients()[j] - c.coefficients()[j]));
          }
          String iterations = solver.equals("async-admm") && !r.history().isEmpty()
              ? r.iterations() + " (" + r.history().get(r.history().size() - 1).iteration() + ")"
              : "" + r.iterations();
          System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %.2f | %.1e | %.0e | %.1e |%n", c.id(), solver,
              parts, r.status(), iterations, r.wallSeconds(), r.kktViolation(), tol, coefErr);
          System.out.flush();
        }
      }
      if (data != null) {
        data.blocks().unpersist(false);
      }
    }
    spark.stop();
  }
}
