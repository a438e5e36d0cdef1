package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkglm.spark.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 (1): {@code train --family multinomial} in process ({@link SparkGlm#run}, the test's Spark session).
 * summary.json's K intercepts and K coefficient lists against R ({@code /reference/multinomial/multinomial.json}:
 * glmnet 4.1-6 for the lasso and the weighted elastic net, nnet::multinom for the unpenalized fit, each to 1e-5 as in
 * {@code MultinomialReferenceTest}), its other fields (K, class weights, what is centred, status, history); and every
 * refusal, one line with exit status 2 naming the option, value, file and line, or the class, before any output is
 * written. Through {@code scripts/sparkglm}: {@code MultinomialCommandIT} (async-admm module).
 */
class MultinomialCommandTest {
  private static final String ROOT = "/reference/multinomial/";
  private static JsonNode references;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = MultinomialCommandTest.class.getResourceAsStream(ROOT + "multinomial.json")) {
      references = new ObjectMapper().readTree(in);
    }
    SparkTestSession.get();
  }

  private static JsonNode reference(String id) {
    for (JsonNode c : references) {
      if (c.path("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no reference " + id);
  }

  private String data(String file) throws Exception {
    return Path.of(getClass().getResource(ROOT + file).toURI()).toString();
  }

  /** Runs sparkglm; returns {exit status, stderr}. */
  private static Object[] run(List<String> args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Object[] {SparkGlm.run(args.toArray(String[]::new)), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(oldErr);
    }
  }

  private JsonNode train(String name, String... args) throws Exception {
    Path out = tmp.resolve(name);
    List<String> all = new ArrayList<>(List.of("train", "--family", "multinomial", "--out", out.toString()));
    all.addAll(List.of(args));
    Object[] r = run(all);
    assertEquals(0, r[0], (String) r[1]);
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
  }

  /** The summary's answer equals R's to {@code tol}, in summary.json's multinomial shape. */
  static void assertMatches(JsonNode ref, JsonNode s, double tol) {
    String id = ref.path("id").asText();
    int kk = ref.path("numClasses").asInt();
    assertEquals("multinomial", s.path("family").asText(), id);
    assertEquals(kk, s.path("numClasses").asInt(), id);
    assertEquals("CONVERGED", s.path("status").asText(), id);
    assertTrue(s.path("converged").asBoolean(), id);
    assertTrue(s.path("kktViolation").asDouble() <= s.path("tol").asDouble(), id);
    double objective = ref.path("objective").asDouble();
    assertEquals(objective, s.path("objective").asDouble(), 1e-8 * objective, id + ": objective");
    assertEquals(kk, s.path("intercept").size(), id);
    assertEquals(kk, s.path("coefficients").size(), id);
    double sum = 0.0;
    for (int k = 0; k < kk; k++) {
      assertEquals(ref.path("intercept").get(k).asDouble(), s.path("intercept").get(k).asDouble(), tol,
          id + ": intercept of class " + k);
      sum += s.path("intercept").get(k).asDouble();
      JsonNode row = s.path("coefficients").get(k);
      assertEquals(s.path("numFeatures").asInt(), row.size(), id);
      for (int j = 0; j < row.size(); j++) {
        double want = ref.path("coefficients").get(k).get(j).asDouble();
        assertEquals(want, row.get(j).asDouble(), tol, id + ": coefficient " + j + " of class " + k);
        if (ref.path("alpha").asDouble() > 0 && ref.path("lambda").asDouble() > 0) {
          assertEquals(want == 0.0, row.get(j).asDouble() == 0.0, id + ": zero pattern at " + k + ", " + j);
        }
      }
    }
    assertEquals(0.0, sum, 1e-12, id + ": intercepts centred");
    double deviance = ref.path("deviance").asDouble();
    assertEquals(deviance, s.path("deviance").asDouble(), 1e-6 * deviance, id + ": deviance");
    double nullDeviance = ref.path("nullDeviance").asDouble();
    assertEquals(nullDeviance, s.path("nullDeviance").asDouble(), 1e-10 * nullDeviance, id + ": null deviance");
    assertEquals(ref.path("df").asInt(), s.path("aicParameters").asInt(), id + ": AIC's k");
    assertEquals(ref.path("aic").asDouble(), s.path("aic").asDouble(), 1e-6 * deviance, id + ": AIC");
    assertTrue(s.path("history").size() >= 1 && s.path("history").size() <= s.path("iterations").asInt() + 1, id);
    assertTrue(s.path("timings").has("fit"), id);
  }

  @Test
  void lassoMatchesGlmnetWithAutoPickingNewton() throws Exception {
    JsonNode s = train("lasso", "--data", data("multinomial.csv"), "--reg-param", "0.02", "--elastic-net", "1",
        "--tol", "1e-10");
    assertMatches(reference("lasso_std"), s, 1e-5);
    assertEquals("newton", s.path("solver").asText());
    assertEquals("auto", s.path("requestedSolver").asText());
    assertEquals(List.of("x1", "x2", "x3", "x4", "x5"),
        new ObjectMapper().convertValue(s.path("featureNames"), List.class));
    assertEquals(List.of(116.0, 86.0, 98.0), new ObjectMapper().convertValue(s.path("classWeights"), List.class));
    assertEquals(300.0, s.path("weightSum").asDouble());
    assertEquals(List.of("intercept"), new ObjectMapper().convertValue(s.path("centredAcrossClasses"), List.class));
  }

  @Test
  void weightedElasticNetMatchesGlmnetWithLbfgsAndAGivenK() throws Exception {
    JsonNode s = train("enet", "--data", data("multinomial_weighted.csv"), "--weight-col", "weight",
        "--reg-param", "0.015", "--elastic-net", "0.7", "--solver", "lbfgs", "--num-classes", "3");
    assertMatches(reference("enet_std_weighted"), s, 1e-5);
    assertEquals("lbfgs", s.path("solver").asText());
  }

  @Test
  void unpenalizedMatchesNnetAndIsTheMinimumNormRepresentative() throws Exception {
    JsonNode ref = reference("unpenalized");
    JsonNode s = train("mle", "--data", data("multinomial.csv"), "--standardize", "false", "--solver", "newton",
        "--tol", "1e-10");
    assertMatches(ref, s, 1e-5);
    assertEquals(List.of("intercept", "coefficients"),
        new ObjectMapper().convertValue(s.path("centredAcrossClasses"), List.class));
    // nnet's own deviance, AIC and edf ((K-1)(p+1) = 12) at its own optimum.
    assertEquals(ref.path("nnetDeviance").asDouble(), s.path("deviance").asDouble(), 1e-6, "nnet's deviance");
    assertEquals(ref.path("nnetAIC").asDouble(), s.path("aic").asDouble(), 1e-6, "nnet's AIC");
    assertEquals(ref.path("nnetEdf").asInt(), s.path("aicParameters").asInt(), "nnet's edf");
    for (int j = 0; j < 5; j++) {
      double sum = 0.0;
      for (int k = 0; k < 3; k++) {
        sum += s.path("coefficients").get(k).get(j).asDouble();
        assertEquals(ref.path("nnetCoefficients").get(k).get(j).asDouble(),
            s.path("coefficients").get(k).get(j).asDouble(), 1e-4, "nnet's own answer");
      }
      assertEquals(0.0, sum, 1e-12, "coefficient " + j + " centred");
    }
    // A multinomial train --out is no warm start for a binary family's fit.
    assertRefused("summary.json is a multinomial fit's; it starts only --family multinomial fits",
        "train", "--data", data("multinomial.csv"), "--family", "binomial", "--initial-model",
        tmp.resolve("mle").toString());
  }

  /** Runs {@code args} with stdout captured; returns what it printed, the exit status checked to be 0. */
  private static String printed(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, SparkGlm.run(args));
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  /**
   * train --save-model, then predict (CSV: prediction the class index and probability_k the softmax of R's
   * coefficients, to 1e-6) and summary (the K x (p + 1) coefficient matrix); a summary.json whose shape does not
   * match is refused naming the class.
   */
  @Test
  void savedModelPredictsRsProbabilitiesAndPrintsItsCoefficientMatrix() throws Exception {
    JsonNode ref = reference("lasso_std");
    Path model = tmp.resolve("model");
    JsonNode s = train("saved", "--data", data("multinomial.csv"), "--reg-param", "0.02", "--elastic-net", "1",
        "--tol", "1e-10", "--save-model", model.toString());
    assertMatches(ref, s, 1e-5);
    ObjectNode copy = (ObjectNode) new ObjectMapper().readTree(model.resolve("summary.json").toFile());
    assertEquals(((ObjectNode) s.deepCopy()).without("timings"), copy.without("timings"));
    Path scored = tmp.resolve("scored.csv");
    Object[] r = run(List.of("predict", "--model", model.toString(), "--data", data("multinomial.csv"), "--out",
        scored.toString()));
    assertEquals(0, r[0], (String) r[1]);
    List<org.apache.spark.sql.Row> rows = SparkTestSession.get().read().option("header", true)
        .option("inferSchema", true).csv(scored.toString()).collectAsList();
    assertEquals(300, rows.size());
    for (org.apache.spark.sql.Row row : rows) {
      assertEquals(List.of("x1", "x2", "x3", "x4", "x5", "label", "prediction", "probability_0", "probability_1",
          "probability_2"), List.of(row.schema().fieldNames()));
      double[] eta = new double[3];
      double z = 0.0;
      int best = 0;
      for (int k = 0; k < 3; k++) {
        eta[k] = ref.path("intercept").get(k).asDouble();
        for (int j = 0; j < 5; j++) {
          eta[k] += ref.path("coefficients").get(k).get(j).asDouble() * ((Number) row.get(j)).doubleValue();
        }
        z += Math.exp(eta[k]);
        best = eta[k] > eta[best] ? k : best;
      }
      for (int k = 0; k < 3; k++) {
        assertEquals(Math.exp(eta[k]) / z, row.getDouble(7 + k), 1e-6, "probability of class " + k);
      }
      assertEquals(best, row.getDouble(6), 0.0, "prediction is the class index of the largest probability");
    }
    String table = printed("summary", "--model", model.toString());
    assertTrue(table.contains("Family: multinomial (3 classes), solver: newton (converged"), table);
    assertTrue(table.contains(String.format(java.util.Locale.ROOT, "Residual Deviance: %.6g%nAIC: %.6g%n",
        ref.path("deviance").asDouble(), ref.path("aic").asDouble())), table);
    List<String> lines = table.lines().toList();
    int header = lines.indexOf("Coefficients:") + 1;
    assertEquals(List.of("(Intercept)", "x1", "x2", "x3", "x4", "x5"), List.of(lines.get(header).strip()
        .split(" +")));
    for (int k = 0; k < 3; k++) {
      String[] cells = lines.get(header + 1 + k).strip().split(" +");
      assertEquals(String.valueOf(k), cells[0]);
      assertEquals(s.path("intercept").get(k).asDouble(), Double.parseDouble(cells[1]), 1e-5);
      for (int j = 0; j < 5; j++) {
        assertEquals(s.path("coefficients").get(k).get(j).asDouble(), Double.parseDouble(cells[2 + j]), 1e-5);
      }
    }

    ObjectNode broken = (ObjectNode) s.deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) broken.path("coefficients").get(1)).remove(4);
    new ObjectMapper().writeValue(model.resolve("summary.json").toFile(), broken);
    Object[] refused = run(List.of("summary", "--model", model.toString()));
    assertEquals(2, refused[0]);
    assertTrue(((String) refused[1]).contains("is not a usable sparkglm model: summary.json has 5 featureNames but "
        + "class 1 has 4 coefficients"), (String) refused[1]);
  }

  /**
   * --initial-model: from the optimum (a --save-model directory, or a train --out directory's summary.json) the fit
   * needs no iteration (the start already meets the certificate) and gives the same answer; a start of another
   * family is refused naming it.
   */
  @Test
  void warmStartFromTheOptimumNeedsNoIteration() throws Exception {
    String csv = data("multinomial.csv");
    Path model = tmp.resolve("cold-model");
    JsonNode cold = train("cold", "--data", csv, "--reg-param", "0.02", "--elastic-net", "1", "--tol", "1e-9",
        "--save-model", model.toString());
    assertTrue(cold.path("iterations").asInt() > 1, cold.toString());
    for (Path start : List.of(model, tmp.resolve("cold"))) {
      JsonNode warm = train("warm", "--data", csv, "--reg-param", "0.02", "--elastic-net", "1", "--tol", "1e-9",
          "--initial-model", start.toString(), "--overwrite");
      assertEquals("CONVERGED", warm.path("status").asText(), start.toString());
      assertEquals(0, warm.path("iterations").asInt(), start + ": the start already meets the certificate");
      for (int k = 0; k < 3; k++) {
        assertEquals(cold.path("intercept").get(k).asDouble(), warm.path("intercept").get(k).asDouble(), 1e-12);
        for (int j = 0; j < 5; j++) {
          assertEquals(cold.path("coefficients").get(k).get(j).asDouble(),
              warm.path("coefficients").get(k).get(j).asDouble(), 1e-12);
        }
      }
    }
    Path binary = tmp.resolve("binary.csv");
    Files.write(binary, Files.readAllLines(Path.of(csv)).stream().filter(l -> !l.endsWith(",2")).toList());
    Path binaryModel = tmp.resolve("binary-model");
    Object[] r = run(List.of("train", "--data", binary.toString(), "--family", "binomial", "--out",
        tmp.resolve("binary").toString(), "--save-model", binaryModel.toString()));
    assertEquals(0, r[0], (String) r[1]);
    assertRefused("its metadata is of class io.sparkglm.spark.ml.GlmRegressionModel, not "
        + "io.sparkglm.spark.ml.MultinomialRegressionModel", "train", "--data", csv, "--family", "multinomial",
        "--initial-model", binaryModel.toString());
    assertRefused("summary.json is a binomial fit's; a --family multinomial fit starts only from a multinomial one",
        "train", "--data", csv, "--family", "multinomial", "--initial-model", tmp.resolve("binary").toString());
  }

  /**
   * {@code --penalty-factors} (a factor 0: an unpenalized feature, centred across classes as the intercepts) against
   * glmnet's {@code penalty.factor} ({@code multinomial_factors.json}, {@code make_multinomial_factors.R}), through
   * newton (standardized lasso, glmnet's factors rescaled to ours) and lbfgs (unstandardized lasso); summary.json
   * records the factors.
   */
  @Test
  void penaltyFactorsMatchGlmnet() throws Exception {
    JsonNode factors;
    try (InputStream in = getClass().getResourceAsStream(ROOT + "multinomial_factors.json")) {
      factors = new ObjectMapper().readTree(in);
    }
    for (JsonNode ref : factors) {
      String id = ref.path("id").asText();
      String solver = switch (id) {
        case "factors_lasso_std_rescaled" -> "newton";
        case "factors_lasso" -> "lbfgs";
        default -> null;
      };
      if (solver == null) {
        continue;
      }
      List<String> f = new ArrayList<>();
      ref.path("penaltyFactors").forEach(v -> f.add(Double.toString(v.asDouble())));
      JsonNode s = train(id, "--data", data(ref.path("dataset").asText()), "--reg-param",
          ref.path("lambda").asText(), "--elastic-net", ref.path("alpha").asText(), "--standardize",
          ref.path("standardize").asText(), "--solver", solver, "--penalty-factors", String.join(",", f),
          "--tol", solver.equals("newton") ? "1e-10" : "1e-7");
      assertEquals(solver, s.path("solver").asText(), id);
      assertEquals("CONVERGED", s.path("status").asText(), id);
      assertTrue(s.path("kktViolation").asDouble() <= s.path("tol").asDouble(), id);
      assertEquals(ref.path("objective").asDouble(), s.path("objective").asDouble(),
          1e-8 * ref.path("objective").asDouble(), id + ": objective");
      for (int k = 0; k < 3; k++) {
        assertEquals(ref.path("intercept").get(k).asDouble(), s.path("intercept").get(k).asDouble(), 1e-5, id);
        for (int j = 0; j < 5; j++) {
          double want = ref.path("coefficients").get(k).get(j).asDouble();
          double got = s.path("coefficients").get(k).get(j).asDouble();
          assertEquals(want, got, 1e-5, id + ": coefficient " + j + " of class " + k);
          assertEquals(want == 0.0, got == 0.0, id + ": zero pattern at " + k + ", " + j);
        }
      }
      for (int j = 0; j < 5; j++) {
        assertEquals(ref.path("penaltyFactors").get(j).asDouble(), s.path("penaltyFactors").get(j).asDouble(), id);
      }
      // The unpenalized feature (factor 0, column 0) is centred across classes.
      double sum = 0.0;
      for (int k = 0; k < 3; k++) {
        sum += s.path("coefficients").get(k).get(0).asDouble();
      }
      assertEquals(0.0, sum, 1e-12, id + ": unpenalized feature centred");
    }
  }

  /**
   * {@code --checkpoint-dir}: a fit stopped by {@code --max-iter 2} ({@code MAX_ITERATIONS}, its checkpoint kept) and
   * rerun with {@code --resume} continues to glmnet's answer; rerun without it over the checkpoint is refused.
   */
  @Test
  void aStoppedFitResumesFromItsCheckpoint() throws Exception {
    String dir = tmp.resolve("checkpoints").toString();
    List<String> common = List.of("--data", data("multinomial.csv"), "--reg-param", "0.02", "--elastic-net", "1",
        "--tol", "1e-10", "--solver", "newton", "--checkpoint-dir", dir, "--checkpoint-every", "1");
    List<String> first = new ArrayList<>(common);
    first.addAll(List.of("--max-iter", "2"));
    JsonNode stopped = train("stopped", first.toArray(String[]::new));
    assertEquals("MAX_ITERATIONS", stopped.path("status").asText());
    assertEquals(2, stopped.path("iterations").asInt());
    assertTrue(Files.exists(Path.of(dir, "checkpoint-2.json")));
    List<String> again = new ArrayList<>(List.of("train", "--family", "multinomial"));
    again.addAll(common);
    assertRefused("already has a checkpoint: pass --resume", again.toArray(String[]::new));
    List<String> resume = new ArrayList<>(common);
    resume.add("--resume");
    JsonNode resumed = train("resumed", resume.toArray(String[]::new));
    assertMatches(reference("lasso_std"), resumed, 1e-5);
    assertTrue(resumed.path("iterations").asInt() > 2, resumed.path("iterations").asText());
  }

  /** Each refusal: exit 2, one line naming what is wrong, nothing written. */
  private void assertRefused(String expected, String... args) throws Exception {
    Path out = tmp.resolve("refused");
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--out", out.toString()));
    Object[] r = run(all);
    String err = ((String) r[1]).strip();
    assertEquals(2, r[0], err);
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
    assertFalse(Files.exists(out.resolve("summary.json")), err);
  }

  @Test
  void refusesWhatMultinomialDoesNotSupportNamingTheOption() throws Exception {
    String csv = data("multinomial.csv");
    List<String[]> cases = List.of(
        new String[] {"option --link is not supported with --family multinomial yet", "--link", "logit"},
        new String[] {"option --offset-col is not supported", "--offset-col", "x1"},
        new String[] {"option --lower-bounds is not supported", "--lower-bounds", "0,0,0,0,0"},
        new String[] {"option --upper-bounds is not supported", "--upper-bounds", "1,1,1,1,1"},
        new String[] {"option --penalty-factors has 4 values; the data has 5 features", "--penalty-factors",
            "1,1,1,1"},
        new String[] {"penalty factor 2 must be finite and >= 0, got -1.0", "--penalty-factors", "1,-1,1,1,1"},
        new String[] {"option --fit-intercept false is not supported", "--fit-intercept", "false"},
        new String[] {"--checkpoint-every and --resume need --checkpoint-dir", "--resume"},
        new String[] {"option --solver-option is not supported", "--solver-option", "accelerate=false"},
        new String[] {"option --learning-rate is not supported", "--learning-rate", "0.1"},
        new String[] {"option --variance-power is not supported", "--variance-power", "1.5"},
        new String[] {"option --solver: admm does not fit multinomial models; use one of auto, newton, lbfgs, "
            + "proxgrad, gd", "--solver", "admm"},
        new String[] {"option --solver: sgd does not fit", "--solver", "sgd"},
        new String[] {"option --num-classes: 1 is not allowed; it must be an integer >= 2", "--num-classes", "1"});
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("train", "--data", csv, "--family", "multinomial"));
      args.addAll(List.of(c).subList(1, c.length));
      assertRefused(c[0], args.toArray(String[]::new));
    }
    assertRefused("option --num-classes is for --family multinomial only", "train", "--data", csv, "--family",
        "binomial", "--num-classes", "3");
    assertRefused("sparkglm path does not fit --family multinomial yet", "path", "--data", csv, "--family",
        "multinomial");
    assertRefused("unknown family 'multinomal'; known families: gaussian, binomial, poisson, gamma, tweedie, "
        + "negative-binomial, multinomial", "train", "--data", csv, "--family", "multinomal");
  }

  @Test
  void badLabelsAreNamedWithTheirFileLineOrClass() throws Exception {
    Path fractional = tmp.resolve("fractional.csv");
    Files.writeString(fractional, "x1,label\n0.5,0\n0.1,1\n0.3,2.5\n");
    assertRefused("fractional.csv line 4, column 'label'", "train", "--data", fractional.toString(), "--family",
        "multinomial");
    // --num-classes 2: the label 2 is out of range, named by the loader with its file and line.
    String csv = data("multinomial.csv");
    int line = Files.readAllLines(Path.of(csv)).indexOf(Files.readAllLines(Path.of(csv)).stream()
        .filter(l -> l.endsWith(",2")).findFirst().orElseThrow()) + 1;
    assertRefused("multinomial.csv line " + line + ", column 'label'", "train", "--data", csv, "--family",
        "multinomial", "--num-classes", "2");
    assertRefused("class 3 of 0..3 has no rows", "train", "--data", csv, "--family", "multinomial",
        "--num-classes", "4");
    Path oneClass = tmp.resolve("one.csv");
    Files.writeString(oneClass, "x1,label\n0.5,0\n0.1,0\n");
    assertRefused("multinomial needs at least 2 classes", "train", "--data", oneClass.toString(), "--family",
        "multinomial");
    Path empty = tmp.resolve("empty.csv");
    Files.writeString(empty, "x1,label,w\n0.5,0,0\n0.1,1,0\n");
    assertRefused("no training rows", "train", "--data", empty.toString(), "--family", "multinomial",
        "--weight-col", "w");
  }
}
