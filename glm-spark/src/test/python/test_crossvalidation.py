"""Issue 15 (4) / 17: the PySpark wrappers of the cross-validation stage against the JVM stage they wrap."""

import math

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import functions as F

from sparkglm import GlmRegressionCV, GlmRegressionCVModel, GlmRegressionModel

JAVA_ML = "io.sparkglm.spark.ml"


def java_cv(jvm, **params):
    """The Java GlmRegressionCV itself, with these Params set through its own setters."""
    cv = jvm.io.sparkglm.spark.ml.GlmRegressionCV()
    for name, value in params.items():
        getattr(cv, "set" + name[0].upper() + name[1:])(value)
    return cv


def assert_close(actual, expected, rel=1e-12):
    actual, expected = list(actual), list(expected)
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        assert abs(a - e) <= rel * max(1.0, abs(e)), (actual, expected)


def defaults_match(py, java):
    java_names = sorted(str(p.name()) for p in java.params())
    assert sorted(p.name for p in py.params) == java_names
    for name in java_names:
        expected = java.getDefault(java.getParam(name)).get()
        actual = py.getOrDefault(name)
        if isinstance(actual, list):
            assert actual == [v for v in expected], name
        elif isinstance(actual, float) and math.isnan(actual):
            assert math.isnan(expected), name
        else:
            assert actual == expected, name


def test_params_are_the_java_stages_with_its_defaults(jvm):
    defaults_match(GlmRegressionCV(), jvm.io.sparkglm.spark.ml.GlmRegressionCV())
    defaults_match(GlmRegressionCVModel(), jvm.io.sparkglm.spark.ml.GlmRegressionCVModel())
    assert not hasattr(GlmRegressionCV, "setRegParam")
    with pytest.raises(IllegalArgumentException, match="selection given invalid value median"):
        GlmRegressionCV(selection="median")
    with pytest.raises(IllegalArgumentException, match="numFolds given invalid value 1"):
        GlmRegressionCV().setNumFolds(1)


def test_fit_equals_the_java_fit(spark, jvm, binom):
    params = dict(family="binomial", elasticNetParam=1.0, numFolds=3, foldSeed=5, nLambda=8, selection="1se")
    model = GlmRegressionCV(**params).fit(binom)
    java = java_cv(jvm, **params).fit(binom._jdf)
    assert_close(model.lambdas, java.lambdas())
    assert_close(model.cvm, java.cvm())
    assert_close(model.cvsd, java.cvsd())
    assert_close([model.lambdaMin, model.lambda1se], [java.lambdaMin(), java.lambda1se()])
    assert model.selectedLambda == model.lambda1se and model.getRegParam() == model.lambda1se
    assert model.getFoldSeed() == 5 and model.getSelection() == "1se"
    best = model.bestModel
    assert isinstance(best, GlmRegressionModel) and best.getRegParam() == model.selectedLambda
    assert_close(best.coefficients.toArray(), list(java.bestModel().coefficients().toArray()))
    assert_close([best.intercept], [java.bestModel().intercept()])
    assert len(model.foldDeviance) == 3 and all(len(d) == 8 for d in model.foldDeviance)
    assert sum(model.foldRows) == binom.count() and len(model.foldWeights) == 3
    assert model.nonZeros[0] == 0 and model.summary.converged
    # cvm is the fold deviances' weighted mean (cv.glmnet's grouped curve).
    w = model.foldWeights
    for l, m in enumerate(model.cvm):
        assert m == pytest.approx(sum(w[k] * model.foldDeviance[k][l] for k in range(3)) / sum(w), rel=1e-12)
    ours = model.transform(binom).select("prediction").collect()
    theirs = best.transform(binom).select("prediction").collect()
    assert ours == theirs


def test_save_in_python_load_in_java_and_back(spark, jvm, binom, tmp_path):
    model = GlmRegressionCV(family="binomial", elasticNetParam=1.0, numFolds=3, nLambda=5).fit(binom)
    saved = str(tmp_path / "py-cv")
    model.save(saved)
    in_java = jvm.io.sparkglm.spark.ml.GlmRegressionCVModel.load(saved)
    assert list(in_java.cvm()) == model.cvm and in_java.lambdaMin() == model.lambdaMin
    assert list(in_java.bestModel().coefficients().toArray()) == list(model.bestModel.coefficients)
    java_saved = str(tmp_path / "java-cv")
    in_java.write().save(java_saved)
    loaded = GlmRegressionCVModel.load(java_saved)
    assert isinstance(loaded, GlmRegressionCVModel) and loaded.uid == model.uid
    assert loaded.cvm == model.cvm and loaded.foldDeviance == model.foldDeviance and not loaded.hasSummary
    assert loaded.getNumFolds() == 3 and loaded.getRegParam() == model.selectedLambda

    estimator = GlmRegressionCV(family="poisson", lambdas=[0.5, 0.1, 0.01], foldCol="fold", selection="1se")
    estimator.save(str(tmp_path / "estimator"))
    back = GlmRegressionCV.load(str(tmp_path / "estimator"))
    assert (back.getFamily(), back.getLambdas(), back.getFoldCol(), back.getSelection()) == (
        "poisson", [0.5, 0.1, 0.01], "fold", "1se")
    java_estimator = jvm.io.sparkglm.spark.ml.GlmRegressionCV.load(str(tmp_path / "estimator"))
    assert list(java_estimator.getOrDefault(java_estimator.lambdas())) == [0.5, 0.1, 0.01]


def test_pipeline_with_a_fold_column(spark, jvm, binom, tmp_path):
    raw = binom.drop("features").withColumn("fold", (F.abs(F.hash("x2")) % 3).cast("int"))
    x = [c for c in raw.columns if c.startswith("x")]
    cv = GlmRegressionCV(family="binomial", elasticNetParam=1.0, foldCol="fold", nLambda=6)
    fitted = Pipeline(stages=[VectorAssembler(inputCols=x, outputCol="features"), cv]).fit(raw)
    stage = fitted.stages[-1]
    assert isinstance(stage, GlmRegressionCVModel) and len(stage.foldWeights) == 3
    counts = {r["fold"]: r["count"] for r in raw.groupBy("fold").count().collect()}
    assert stage.foldRows == [counts[k] for k in range(3)]
    saved = str(tmp_path / "pipeline")
    fitted.save(saved)
    loaded = PipelineModel.load(saved)
    assert isinstance(loaded.stages[-1], GlmRegressionCVModel) and loaded.stages[-1].cvm == stage.cvm
    assert loaded.transform(raw).select("prediction").collect() == fitted.transform(raw).select("prediction").collect()
    in_java = jvm.org.apache.spark.ml.PipelineModel.load(saved)
    assert in_java.stages()[1].getClass().getName() == JAVA_ML + ".GlmRegressionCVModel"
    with pytest.raises(IllegalArgumentException, match="foldCol 'fold': fold 0 of 0..3 has no rows"):
        Pipeline(stages=[VectorAssembler(inputCols=x, outputCol="features"), cv]).fit(
            raw.withColumn("fold", F.col("fold") + 1))
