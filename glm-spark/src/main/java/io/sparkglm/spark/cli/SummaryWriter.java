package io.sparkglm.spark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.FitResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code DIR/summary.json} atomically: to a temporary file in {@code DIR}, then renamed, so a reader
 * never sees half a summary and a failed fit leaves no summary at all.
 */
final class SummaryWriter {
  static final String FILE = "summary.json";

  private SummaryWriter() {
  }

  /** A number, or JSON null when it is not finite (e.g. no standard errors for penalized fits). */
  private static void putNumber(ObjectNode node, String field, double v) {
    if (Double.isFinite(v)) {
      node.put(field, v);
    } else {
      node.putNull(field);
    }
  }

  /**
   * Writes the summary of a fit.
   *
   * @param timings phase name to wall seconds, in order (the {@code timings} object)
   */
  /** Coefficient bounds as numbers, infinite ones as the strings {@code "inf"} / {@code "-inf"}; none: absent. */
  private static void putBounds(ObjectNode root, String field, double[] bounds) {
    if (bounds == null) {
      return;
    }
    ArrayNode a = root.putArray(field);
    for (double v : bounds) {
      if (Double.isInfinite(v)) {
        a.add(v > 0 ? "inf" : "-inf");
      } else {
        a.add(v);
      }
    }
  }

  static void write(Path out, DataSpec dataSpec, LoadedData data, FitResult r, double loadSeconds,
      String sparkVersion, java.util.Map<String, Double> timings) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("family", r.spec().family().name());
    if (r.spec().family().takesVariancePower()) {
      root.put("variancePower", r.spec().family().variancePower());
    }
    if (r.spec().family().takesTheta()) {
      putNumber(root, "theta", r.spec().family().theta());
    }
    root.put("link", r.spec().link().linkName());
    root.put("solver", r.solver());
    root.put("requestedSolver", r.spec().solver());
    root.put("regParam", r.spec().regParam());
    root.put("elasticNetParam", r.spec().elasticNetParam());
    if (r.spec().penaltyFactors() != null) {
      var factors = root.putArray("penaltyFactors");
      for (double f : r.spec().penaltyFactors()) {
        factors.add(f);
      }
    }
    putBounds(root, "lowerBounds", r.spec().lowerBounds());
    putBounds(root, "upperBounds", r.spec().upperBounds());
    root.put("standardize", r.spec().standardize());
    root.put("fitIntercept", r.spec().fitIntercept());
    root.put("intercept", r.intercept());
    ArrayNode coef = root.putArray("coefficients");
    for (double c : r.coefficients()) {
      coef.add(c);
    }
    ArrayNode names = root.putArray("featureNames");
    data.featureNames().forEach(names::add);
    root.put("objective", r.objective());
    root.put("kktViolation", r.kktViolation());
    putNumber(root, "relativeKkt", r.relativeKkt());
    root.put("iterations", r.iterations());
    root.put("passes", r.passes());
    root.put("converged", r.converged());
    root.put("status", r.status().name());
    ArrayNode warnings = root.putArray("warnings");
    for (var w : r.warnings()) {
      ObjectNode o = warnings.addObject();
      o.put("code", w.code());
      o.put("message", w.message());
      w.features().forEach(o.putArray("features")::add);
    }
    root.put("wallSeconds", r.wallSeconds());
    root.put("loadSeconds", loadSeconds);
    putTimings(root, timings);
    root.put("rows", r.rows());
    root.put("weightSum", r.weightSum());
    root.put("numFeatures", r.coefficients().length);
    root.put("data", dataSpec.path());
    root.put("format", dataSpec.format().name().toLowerCase(java.util.Locale.ROOT));
    root.put("maxIter", r.spec().stop().maxIterations());
    root.put("tol", r.spec().stop().tolerance());
    root.put("sparkVersion", sparkVersion);
    r.statistics().ifPresent(st -> {
      putNumber(root, "deviance", st.deviance());
      putNumber(root, "nullDeviance", st.nullDeviance());
      putNumber(root, "dfResidual", st.dfResidual());
      putNumber(root, "dispersion", st.dispersion());
      putNumber(root, "aic", st.aic());
      root.put("statisticName", st.statisticName());
      if (st.theta() != null) {
        putNumber(root, "thetaStdErr", st.theta().stdError());
        root.put("thetaEstimated", st.theta().estimated());
        putNumber(root, "twoLogLikelihood", st.theta().twoLogLikelihood());
        root.put("thetaAlternations", st.theta().alternations());
      }
      ArrayNode table = root.putArray("coefficientTable");
      java.util.Set<String> atBound = new java.util.HashSet<>();
      r.warnings().stream().filter(w -> w.code().equals("atBound")).forEach(w -> atBound.addAll(w.features()));
      for (var c : st.coefficients()) {
        ObjectNode row = table.addObject();
        row.put("name", c.name());
        if (atBound.contains(c.name()) && !c.name().equals("(Intercept)")) {
          row.put("atBound", true);
        }
        putNumber(row, "estimate", c.estimate());
        putNumber(row, "stdError", c.stdError());
        putNumber(row, "statistic", c.statistic());
        putNumber(row, "pValue", c.pValue());
      }
    });
    putHistory(root, r.history());
    writeAtomically(out, mapper, root);
  }

  /**
   * Writes the summary of a multinomial fit: as a binary family's, but {@code intercept} is a list of K numbers and
   * {@code coefficients} a list of K lists of p numbers (class order 0..K-1), with {@code numClasses},
   * {@code classWeights} (the weight sum of each class) and {@code centredAcrossClasses} (what is centred to sum to
   * 0 across classes: {@code ["intercept"]}, and {@code "coefficients"} too when the penalty has no L1 part), and
   * {@code deviance}, {@code nullDeviance}, {@code aic} with its {@code aicParameters} (see
   * {@link io.sparkglm.spark.train.MultinomialTrainer.MultinomialFit#aicParameters()}); no coefficient table.
   */
  static void writeMultinomial(Path out, TrainCommand.Plan plan, LoadedData data,
      io.sparkglm.spark.train.MultinomialTrainer.MultinomialFit fit, String sparkVersion,
      java.util.Map<String, Double> timings) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    var spec = plan.spec();
    root.put("family", FitOptions.MULTINOMIAL);
    root.put("numClasses", fit.numClasses());
    root.put("solver", fit.solver());
    root.put("requestedSolver", spec.solver());
    root.put("regParam", spec.regParam());
    root.put("elasticNetParam", spec.elasticNetParam());
    root.put("standardize", spec.standardize());
    root.put("fitIntercept", spec.fitIntercept());
    if (spec.penaltyFactors() != null) {
      ArrayNode factors = root.putArray("penaltyFactors");
      for (double f : spec.penaltyFactors()) {
        factors.add(f);
      }
    }
    ArrayNode intercepts = root.putArray("intercept");
    for (double b0 : fit.intercepts()) {
      intercepts.add(b0);
    }
    ArrayNode coef = root.putArray("coefficients");
    for (double[] row : fit.coefficients()) {
      ArrayNode r = coef.addArray();
      for (double c : row) {
        r.add(c);
      }
    }
    ArrayNode centred = root.putArray("centredAcrossClasses");
    centred.add("intercept");
    if (!(spec.regParam() * spec.elasticNetParam() > 0)) {
      centred.add("coefficients");
    }
    ArrayNode classWeights = root.putArray("classWeights");
    double weightSum = 0.0;
    for (double w : fit.classWeights()) {
      classWeights.add(w);
      weightSum += w;
    }
    ArrayNode names = root.putArray("featureNames");
    data.featureNames().forEach(names::add);
    root.put("objective", fit.objective());
    root.put("kktViolation", fit.kktViolation());
    putNumber(root, "deviance", fit.deviance());
    putNumber(root, "nullDeviance", fit.nullDeviance());
    root.put("aicParameters", fit.aicParameters());
    putNumber(root, "aic", fit.aic());
    root.put("iterations", fit.iterations());
    root.put("passes", fit.passes());
    root.put("converged", fit.converged());
    root.put("status", fit.status().name());
    ArrayNode warnings = root.putArray("warnings");
    for (var w : fit.warnings()) {
      ObjectNode o = warnings.addObject();
      o.put("code", w.code());
      o.put("message", w.message());
      w.features().forEach(o.putArray("features")::add);
    }
    putTimings(root, timings);
    root.put("weightSum", weightSum);
    root.put("numFeatures", data.numFeatures());
    root.put("data", plan.data().path());
    root.put("format", plan.data().format().name().toLowerCase(java.util.Locale.ROOT));
    root.put("maxIter", spec.stop().maxIterations());
    root.put("tol", spec.stop().tolerance());
    root.put("sparkVersion", sparkVersion);
    putHistory(root, fit.history());
    writeAtomically(out, mapper, root);
  }

  private static void putHistory(ObjectNode root, java.util.List<IterationRecord> records) {
    ArrayNode history = root.putArray("history");
    for (IterationRecord h : records) {
      ObjectNode o = history.addObject();
      o.put("iteration", h.iteration());
      o.put("objective", h.objective());
      o.put("optimality", h.optimality());
      o.put("step", h.step());
      o.put("seconds", h.seconds());
      o.put("passes", h.passes());
      h.details().forEach(o::put);
    }
  }

  /** Replaces the {@code timings} object of {@code out/summary.json} (atomically; the rest is kept). */
  static void replaceTimings(Path out, java.util.Map<String, Double> timings) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = (ObjectNode) mapper.readTree(out.resolve(FILE).toFile());
    putTimings(root, timings);
    writeAtomically(out, mapper, root);
  }

  private static void putTimings(ObjectNode root, java.util.Map<String, Double> timings) {
    ObjectNode t = root.putObject("timings");
    timings.forEach(t::put);
  }

  private static void writeAtomically(Path out, ObjectMapper mapper, ObjectNode root) throws IOException {
    Files.createDirectories(out);
    Path tmp = Files.createTempFile(out, ".summary", ".json.tmp");
    try {
      mapper.writeValue(tmp.toFile(), root);
      Files.move(tmp, out.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
