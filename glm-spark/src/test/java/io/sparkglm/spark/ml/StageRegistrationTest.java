package io.sparkglm.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.Test;

/**
 * Spark Connect finds third-party stages as Spark 4's {@code MLUtils.loadOperators} does: {@code ServiceLoader} over
 * {@code Estimator} and {@code Transformer}, whose entries need a public no-argument constructor (a missing one is a
 * {@code ServiceConfigurationError} on the server, for every stage, not only ours), then builds an estimator with its
 * {@code (String uid)} constructor and loads a model with its static {@code load(String)}.
 */
class StageRegistrationTest {

  @Test
  @SuppressWarnings("rawtypes")
  void theStagesAreFoundAsSparkConnectLooksForThem() throws Exception {
    List<String> estimators = ServiceLoader.load(Estimator.class).stream()
        .map(p -> p.type().getName()).toList();
    List<String> transformers = ServiceLoader.load(Transformer.class).stream()
        .map(p -> p.type().getName()).toList();
    assertTrue(estimators.contains(GlmRegression.class.getName()), estimators.toString());
    assertTrue(transformers.contains(GlmRegressionModel.class.getName()), transformers.toString());
    // Ours instantiate as ServiceLoader does (a failure would break the server's lookup of every stage).
    ServiceLoader.load(Transformer.class).stream().filter(p -> p.type() == GlmRegressionModel.class)
        .forEach(p -> assertTrue(p.get().uid().startsWith("glm"), p.get().uid()));
    Estimator<?> byName = (Estimator<?>) GlmRegression.class.getConstructor(String.class).newInstance("glm_connect");
    assertEquals("glm_connect", byName.uid());
    assertEquals(GlmRegressionModel.class, GlmRegressionModel.class.getMethod("load", String.class).getReturnType());
  }

  @Test
  @SuppressWarnings("rawtypes")
  void theMultinomialStagesAreFoundAsSparkConnectLooksForThem() throws Exception {
    List<String> estimators = ServiceLoader.load(Estimator.class).stream().map(p -> p.type().getName()).toList();
    List<String> transformers = ServiceLoader.load(Transformer.class).stream().map(p -> p.type().getName()).toList();
    assertTrue(estimators.contains(MultinomialRegression.class.getName()), estimators.toString());
    assertTrue(transformers.contains(MultinomialRegressionModel.class.getName()), transformers.toString());
    ServiceLoader.load(Transformer.class).stream().filter(p -> p.type() == MultinomialRegressionModel.class)
        .forEach(p -> assertTrue(p.get().uid().startsWith("sparkglmMultinomialModel"), p.get().uid()));
    ServiceLoader.load(Estimator.class).stream().filter(p -> p.type() == MultinomialRegression.class)
        .forEach(p -> assertTrue(p.get().uid().startsWith("sparkglmMultinomial"), p.get().uid()));
    MultinomialRegression byName = (MultinomialRegression) MultinomialRegression.class.getConstructor(String.class)
        .newInstance("multinomial_connect");
    assertEquals("multinomial_connect", byName.uid());
    // Its Params belong to it (Spark checks a Param's parent against the uid) and the next estimator gets its own uid.
    assertEquals("multinomial_connect", byName.regParam().parent());
    assertEquals("multinomial_connect", byName.getParam("featuresCol").parent());
    assertTrue(!new MultinomialRegression().uid().equals("multinomial_connect"));
    assertEquals(MultinomialRegressionModel.class,
        MultinomialRegressionModel.class.getMethod("load", String.class).getReturnType());
  }

  /** Issue 15 (4): the cross-validation stage and its model are registered the same way. */
  @Test
  @SuppressWarnings("rawtypes")
  void theCrossValidationStagesAreFoundAsSparkConnectLooksForThem() throws Exception {
    List<String> estimators = ServiceLoader.load(Estimator.class).stream()
        .map(p -> p.type().getName()).toList();
    List<String> transformers = ServiceLoader.load(Transformer.class).stream()
        .map(p -> p.type().getName()).toList();
    assertTrue(estimators.contains(GlmRegressionCV.class.getName()), estimators.toString());
    assertTrue(transformers.contains(GlmRegressionCVModel.class.getName()), transformers.toString());
    ServiceLoader.load(Transformer.class).stream().filter(p -> p.type() == GlmRegressionCVModel.class)
        .forEach(p -> assertTrue(p.get().uid().startsWith("glmCV"), p.get().uid()));
    ServiceLoader.load(Estimator.class).stream().filter(p -> p.type() == GlmRegressionCV.class)
        .forEach(p -> assertTrue(p.get().uid().startsWith("glmCV"), p.get().uid()));
    Estimator<?> byName = (Estimator<?>) GlmRegressionCV.class.getConstructor(String.class).newInstance("cv_connect");
    assertEquals("cv_connect", byName.uid());
    assertEquals(GlmRegressionCVModel.class, GlmRegressionCVModel.class.getMethod("load", String.class)
        .getReturnType());
  }
}
