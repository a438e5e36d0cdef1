package io.sparkglm.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkglm summary --model DIR}: prints the fit's coefficient table the way R's {@code summary.glm}
 * does (estimate, standard error, z or t value, p-value; the last three only for unpenalized fits), with the
 * deviances, AIC and convergence (a multinomial model's coefficient matrix as R's {@code summary.multinom}), from the
 * model's {@code summary.json} ({@link ModelFiles#open} checks the
 * directory first: its metadata's class, {@code data/}, the summary's fields; not the Parquet). Needs no Spark.
 */
@Command(name = "summary", sortOptions = false, description = "Print a saved model's coefficient table as R's summary.glm does, "
    + "with the deviances, AIC and convergence (no Spark needed).")
final class SummaryCommand {
  @Option(names = "--model", paramLabel = "<dir>", required = true, description = "The model directory "
      + "(train --save-model).")
  String model;

  /** Parses {@code args} ({@code summary --model DIR}) and prints the table to {@code out}. */
  static void run(String[] args, PrintStream out) throws IOException {
    SummaryCommand c = new SummaryCommand();
    new picocli.CommandLine(c).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
    c.print(out);
  }

  /** Prints the table of {@code --model} to {@code out}. */
  void print(PrintStream out) throws IOException {
    JsonNode s = ModelFiles.open(Path.of(model));
    if (ModelFiles.isMultinomial(s)) {
      printMultinomial(s, out);
      return;
    }
    out.printf(Locale.ROOT, "Family: %s, link: %s, solver: %s (%s after %d iterations, %d passes; KKT %.1e)%n%n",
        s.path("family").asText(), s.path("link").asText(), s.path("solver").asText(),
        s.path("converged").asBoolean() ? "converged" : "NOT converged: " + s.path("status").asText(),
        s.path("iterations").asInt(),
        s.path("passes").asLong(), s.path("kktViolation").asDouble());
    String stat = s.path("statisticName").asText("z value");
    String prob = stat.startsWith("t") ? "Pr(>|t|)" : "Pr(>|z|)";
    long undefined = 0;
    for (JsonNode row : s.path("coefficientTable")) {
      undefined += row.path("estimate").isNumber() ? 0 : 1;
    }
    out.println(undefined == 0 ? "Coefficients:"
        : "Coefficients: (" + undefined + " not defined because of singularities)");
    out.printf(Locale.ROOT, "%-16s %13s %13s %10s %12s%n", "", "Estimate", "Std. Error", stat, prob);
    for (JsonNode row : s.path("coefficientTable")) {
      out.printf(Locale.ROOT, "%-16s %13s %13s %10s %12s%s%n", row.path("name").asText(),
          cell(row.path("estimate"), "%.6g"), cell(row.path("stdError"), "%.6g"), cell(row.path("statistic"), "%.3f"),
          cell(row.path("pValue"), "%.3g"), row.path("atBound").asBoolean() ? "  (at bound)" : "");
    }
    out.println();
    if (s.path("regParam").asDouble() > 0) {
      out.printf(Locale.ROOT, "Penalized fit (lambda %g, alpha %g): no classical standard errors.%n",
          s.path("regParam").asDouble(), s.path("elasticNetParam").asDouble());
    }
    String family = s.has("theta") ? " for Negative Binomial(" + cell(s.path("theta"), "%.4f") + ") family" : "";
    out.printf(Locale.ROOT, "(Dispersion parameter%s taken to be %s)%n%n", family, cell(s.path("dispersion"), "%.6g"));
    out.printf(Locale.ROOT, "    Null deviance: %s%nResidual deviance: %s  on %s degrees of freedom%nAIC: %s%n",
        cell(s.path("nullDeviance"), "%.6g"), cell(s.path("deviance"), "%.6g"), cell(s.path("dfResidual"), "%.0f"),
        cell(s.path("aic"), "%.6g"));
    if (s.has("theta")) {
      // summary(glm.nb(...))'s footer.
      out.printf(Locale.ROOT, "%n              Theta:  %s%n          Std. Err.:  %s%n%n 2 x log-likelihood:  %s%n",
          cell(s.path("theta"), "%.6g"), cell(s.path("thetaStdErr"), "%.4g"),
          cell(s.path("twoLogLikelihood"), "%.4f"));
    }
    for (JsonNode w : s.path("warnings")) {
      out.printf(Locale.ROOT, "Warning (%s): %s%n", w.path("code").asText(), w.path("message").asText());
    }
  }

  /**
   * A multinomial model as R's {@code summary(nnet::multinom(...))} prints one: the coefficient matrix (a row per
   * class, the intercept first), then the residual deviance and AIC when the summary has them.
   */
  private static void printMultinomial(JsonNode s, PrintStream out) {
    out.printf(Locale.ROOT, "Family: multinomial (%d classes), solver: %s (%s after %d iterations, %d passes; "
        + "KKT %.1e)%n%n", s.path("numClasses").asInt(), s.path("solver").asText(),
        s.path("converged").asBoolean() ? "converged" : "NOT converged: " + s.path("status").asText(),
        s.path("iterations").asInt(), s.path("passes").asLong(), s.path("kktViolation").asDouble());
    out.println("Coefficients:");
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-6s %13s", "", "(Intercept)"));
    ModelFiles.featureNames(s).forEach(n -> header.append(String.format(Locale.ROOT, " %13s", n)));
    out.println(header);
    for (int k = 0; k < s.path("intercept").size(); k++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-6s %13s", k,
          cell(s.path("intercept").get(k), "%.6g")));
      s.path("coefficients").get(k).forEach(c -> row.append(String.format(Locale.ROOT, " %13s", cell(c, "%.6g"))));
      out.println(row);
    }
    out.println();
    if (s.path("regParam").asDouble() > 0) {
      out.printf(Locale.ROOT, "Penalized fit (lambda %g, alpha %g).%n", s.path("regParam").asDouble(),
          s.path("elasticNetParam").asDouble());
    }
    if (s.has("deviance")) {
      out.printf(Locale.ROOT, "Residual Deviance: %s%nAIC: %s%n", cell(s.path("deviance"), "%.6g"),
          cell(s.path("aic"), "%.6g"));
    }
    for (JsonNode w : s.path("warnings")) {
      out.printf(Locale.ROOT, "Warning (%s): %s%n", w.path("code").asText(), w.path("message").asText());
    }
  }

  private static String cell(JsonNode v, String format) {
    return v.isNumber() ? String.format(Locale.ROOT, format, v.asDouble()) : "NA";
  }
}
