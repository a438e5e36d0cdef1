"""The PySpark wrappers against the JVM stages they wrap, in one SparkSession (conftest.py)."""

import math
import os
import re
import shutil

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.tuning import CrossValidator, CrossValidatorModel, ParamGridBuilder

from sparkglm import Coefficient, GlmRegression, GlmRegressionModel

JAVA_ML = "io.sparkglm.spark.ml"


def java_estimator(jvm, **params):
    """The Java GlmRegression itself (no Python wrapper), with these Params set through its own setters."""
    glm = jvm.io.sparkglm.spark.ml.GlmRegression()
    for name, value in params.items():
        getattr(glm, "set" + name[0].upper() + name[1:])(value)
    return glm


def assert_close(actual, expected, rel=1e-12):
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        assert abs(a - e) <= rel * max(1.0, abs(e)), (list(actual), list(expected))


def java_list(values):
    return [float(v) for v in values]


def test_params_are_the_java_stages_with_its_defaults(jvm):
    py = GlmRegression()
    java = jvm.io.sparkglm.spark.ml.GlmRegression()
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
    model = GlmRegressionModel()
    assert sorted(p.name for p in model.params) == java_names


def test_fit_equals_the_java_fit_and_transform_scores(spark, jvm, binom):
    params = dict(family="binomial", regParam=0.034, elasticNetParam=1.0)
    model = GlmRegression(**params).fit(binom)
    java = java_estimator(jvm, **params).fit(binom._jdf)
    assert_close(model.coefficients.toArray(), java_list(java.coefficients().toArray()))
    assert_close([model.intercept], [java.intercept()])
    assert any(c == 0.0 for c in model.coefficients) and any(c != 0.0 for c in model.coefficients)
    assert model.getFamily() == "binomial" and model.getRegParam() == 0.034
    summary = model.summary
    assert summary.converged and summary.status == "CONVERGED"
    assert summary.kktViolation <= model.getTol()
    assert summary.objectiveHistory[-1] == pytest.approx(summary.objective, rel=1e-12)
    scored = model.transform(binom).select("label", "prediction", "rawPrediction", "probability").collect()
    assert len(scored) == binom.count()
    for row in scored[:50]:
        eta = row.rawPrediction[1]
        assert row.prediction == pytest.approx(1 / (1 + math.exp(-eta)), rel=1e-12)
        assert row.probability[1] == pytest.approx(row.prediction, rel=1e-15)


def test_allreduce_aggregation_gives_the_tree_fit(binom):
    """Issue 16 (2): the aggregation Param runs the fit in one barrier stage (all-reduce) with the tree's answer."""
    params = dict(family="binomial", regParam=0.02, elasticNetParam=0.5, solver="lbfgs")
    data = binom.repartition(3)
    tree = GlmRegression(**params).fit(data)
    allreduce = GlmRegression(aggregation="allreduce", **params).fit(data)
    assert allreduce.getAggregation() == "allreduce" and tree.getAggregation() == "tree"
    for a, b in zip(allreduce.coefficients.toArray(), tree.coefficients.toArray()):
        assert abs(a - b) <= 1e-9
    assert abs(allreduce.intercept - tree.intercept) <= 1e-9
    with pytest.raises(Exception, match="aggregation"):
        GlmRegression(aggregation="ring")


def test_summary_table_as_rows_dataframe_and_text(spark, binom):
    model = GlmRegression(family="binomial").fit(binom)
    summary = model.summary
    table = summary.coefficientTable
    assert [c.name for c in table] == ["(Intercept)"] + summary.featureNames
    assert isinstance(table[0], Coefficient)
    assert table[0].estimate == model.intercept
    assert [c.estimate for c in table[1:]] == list(model.coefficients)
    for c in table:  # an unpenalized fit has classical inference
        assert c.stdError > 0 and c.statistic == pytest.approx(c.estimate / c.stdError, rel=1e-12)
        assert 0 <= c.pValue <= 1
    frame = summary.coefficientTableDataFrame()
    assert frame.columns == ["name", "estimate", "stdError", "statistic", "pValue"]
    assert [tuple(r) for r in frame.collect()] == [tuple(c) for c in table]
    stats = summary.statistics
    assert stats.statisticName == "z value" and stats.dispersion == 1.0 and stats.theta is None
    assert stats.deviance < stats.nullDeviance and stats.dfResidual == binom.count() - 16
    text = str(summary)
    assert "(Intercept)" in text and "Pr(>|z|)" in text and "x15" in text


def test_evaluate_matches_binary_classification_evaluator(spark, binom):
    train, test = binom.randomSplit([0.7, 0.3], seed=7)
    model = GlmRegression(family="binomial", regParam=0.01).fit(train)
    e = model.evaluate(test)
    auc = BinaryClassificationEvaluator(numBins=0).evaluate(model.transform(test))
    assert e.rows == test.count()
    assert e.auc == pytest.approx(auc, rel=1e-12)
    assert e.logLoss == pytest.approx(e.deviance / (2 * e.rows), rel=1e-12)
    assert math.isnan(e.rmse)


def test_regularization_path(spark, binom):
    glm = GlmRegression(family="binomial", elasticNetParam=1.0)
    path = glm.path(binom, nLambda=6).collect()
    assert len(path) == 6
    lambdas = [p["lambda"] for p in path]
    assert lambdas == sorted(lambdas, reverse=True)
    assert path[0].nonZeros == 0 and path[-1].nonZeros > 0
    for p in path:
        assert p.status == "CONVERGED" and p.kkt <= glm.getTol()
        assert p.nonZeros == sum(1 for c in p.coefficients if c != 0.0)
    given = glm.path(binom, lambdas=[0.1, 0.034]).collect()
    assert [p["lambda"] for p in given] == [0.1, 0.034]
    # The warm-started path's point and a cold fit at the same lambda solve the same problem to tol.
    cold = GlmRegression(family="binomial", elasticNetParam=1.0, regParam=0.034, tol=1e-10).fit(binom)
    assert [c != 0.0 for c in given[1].coefficients] == [c != 0.0 for c in cold.coefficients]
    assert_close(given[1].coefficients.toArray(), cold.coefficients.toArray(), rel=1e-4)


def test_bad_params_raise_with_the_java_message(spark, binom):
    with pytest.raises(IllegalArgumentException, match="family given invalid value binomal"):
        GlmRegression(family="binomal")
    with pytest.raises(IllegalArgumentException, match="elasticNetParam given invalid value 1.7"):
        GlmRegression().setElasticNetParam(1.7)
    with pytest.raises(IllegalArgumentException, match="solverOptions entries must look like KEY=VALUE, got 'fast'"):
        GlmRegression(solverOptions=["fast"]).fit(binom)
    with pytest.raises(IllegalArgumentException, match="penaltyFactors"):
        GlmRegression(regParam=0.1, penaltyFactors=[1.0, 2.0]).fit(binom)
    with pytest.raises(Exception, match="unknown solver|no solver|solver"):
        GlmRegression(solver="no-such-solver").fit(binom)


def test_save_load_both_ways(spark, jvm, binom, tmp_path):
    model = GlmRegression(family="binomial", regParam=0.02, elasticNetParam=0.5, solver="newton").fit(binom)
    py_saved = str(tmp_path / "py-model")
    model.save(py_saved)
    in_java = jvm.io.sparkglm.spark.ml.GlmRegressionModel.load(py_saved)
    assert_close(java_list(in_java.coefficients().toArray()), model.coefficients.toArray(), rel=0.0)
    assert in_java.intercept() == model.intercept
    assert in_java.getOrDefault(in_java.solver()) == "newton"

    java_model = java_estimator(jvm, family="poisson", regParam=0.01).fit(binom._jdf)
    java_saved = str(tmp_path / "java-model")
    java_model.write().save(java_saved)
    loaded = GlmRegressionModel.load(java_saved)
    assert isinstance(loaded, GlmRegressionModel) and loaded.uid == java_model.uid()
    assert loaded.getFamily() == "poisson" and loaded.getRegParam() == 0.01 and not loaded.hasSummary
    assert_close(loaded.coefficients.toArray(), java_list(java_model.coefficients().toArray()), rel=0.0)
    with pytest.raises(Exception, match="no training summary: this model was loaded, not fitted in this session"):
        loaded.summary

    estimator = GlmRegression(family="gamma", link="log", tol=1e-9, lowerBounds=[-1.0] * 15)
    estimator.save(str(tmp_path / "estimator"))
    back = GlmRegression.load(str(tmp_path / "estimator"))
    assert (back.getFamily(), back.getLink(), back.getTol(), back.getLowerBounds()) == ("gamma", "log", 1e-9,
                                                                                        [-1.0] * 15)
    java_estimator_loaded = jvm.io.sparkglm.spark.ml.GlmRegression.load(str(tmp_path / "estimator"))
    assert java_estimator_loaded.getOrDefault(java_estimator_loaded.family()) == "gamma"


def assembler(df):
    return VectorAssembler(inputCols=[c for c in df.columns if c.startswith("x")], outputCol="features")


def test_pipeline_saved_in_java_loads_in_python_and_back(spark, jvm, binom, tmp_path):
    raw = binom.drop("features")
    # The Python VectorAssembler is kept in a local until the Java Pipeline is fit: a wrapper's __del__ detaches its
    # Java object from py4j, and when the cyclic garbage collector ran it between `_to_java()` and the call that used
    # the object, Java saw a null stage (a flaky "stage is null" in Pipeline.fit).
    python_assembler = assembler(raw)
    java_stages = [python_assembler._to_java(),
                   java_estimator(jvm, family="binomial", regParam=0.034, elasticNetParam=1.0)]
    array = spark.sparkContext._gateway.new_array(jvm.org.apache.spark.ml.PipelineStage, len(java_stages))
    for i, stage in enumerate(java_stages):
        array[i] = stage
    assert [array[i].getClass().getSimpleName() for i in range(len(java_stages))] == ["VectorAssembler", "GlmRegression"]
    java_pipeline_model = jvm.org.apache.spark.ml.Pipeline().setStages(array).fit(raw._jdf)
    saved = str(tmp_path / "java-pipeline")
    java_pipeline_model.write().save(saved)

    loaded = PipelineModel.load(saved)
    assert isinstance(loaded.stages[-1], GlmRegressionModel)
    java_glm = java_pipeline_model.stages()[1]
    assert_close(loaded.stages[-1].coefficients.toArray(), java_list(java_glm.coefficients().toArray()), rel=0.0)
    ours = loaded.transform(raw).select("prediction").collect()
    theirs = java_pipeline_model.transform(raw._jdf).select("prediction", jvm.PythonUtils.toSeq([])).collectAsList()
    assert [r.prediction for r in ours] == [r.get(0) for r in theirs]

    resaved = str(tmp_path / "python-pipeline")
    loaded.save(resaved)
    again = jvm.org.apache.spark.ml.PipelineModel.load(resaved)
    assert again.stages()[1].getClass().getName() == JAVA_ML + ".GlmRegressionModel"
    assert again.stages()[1].intercept() == java_glm.intercept()


def test_pipeline_cross_validator_save_load(spark, jvm, binom, tmp_path):
    raw = binom.drop("features")
    glm = GlmRegression(family="binomial", elasticNetParam=1.0)
    pipeline = Pipeline(stages=[assembler(raw), glm])
    grid = ParamGridBuilder().addGrid(glm.regParam, [0.3, 0.01]).build()
    cv = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator(),
                        numFolds=2, seed=11, parallelism=1)
    cv_model = cv.fit(raw)
    assert len(cv_model.avgMetrics) == 2 and cv_model.avgMetrics[1] > cv_model.avgMetrics[0]
    best = cv_model.bestModel.stages[-1]
    assert isinstance(best, GlmRegressionModel) and best.getRegParam() == 0.01

    saved = str(tmp_path / "cv")
    cv_model.save(saved)
    loaded = CrossValidatorModel.load(saved)
    loaded_best = loaded.bestModel.stages[-1]
    assert isinstance(loaded_best, GlmRegressionModel)
    assert loaded_best.coefficients == best.coefficients and loaded_best.intercept == best.intercept
    assert loaded.avgMetrics == cv_model.avgMetrics
    assert [m[loaded.getEstimator().getStages()[1].regParam] for m in loaded.getEstimatorParamMaps()] == [0.3, 0.01]

    in_java = jvm.org.apache.spark.ml.tuning.CrossValidatorModel.load(saved)
    java_best = in_java.bestModel().stages()[1]
    assert_close(java_list(java_best.coefficients().toArray()), best.coefficients.toArray(), rel=0.0)

    # Saved by Java, loaded by Python: the estimator and its grid come back as sparkglm classes.
    java_saved = str(tmp_path / "cv-java")
    in_java.write().save(java_saved)
    from_java = CrossValidatorModel.load(java_saved)
    assert isinstance(from_java.getEstimator().getStages()[1], GlmRegression)
    assert from_java.bestModel.stages[-1].intercept == best.intercept


def test_readme_example_runs_as_written(spark, tmp_path, monkeypatch, capsys):
    """README.md's "From PySpark" shows examples/quickstart.py verbatim; it runs (in this session) and reloads."""
    import runpy

    root = os.environ["SPARKGLM_ROOT"]
    example = os.path.join(root, "glm-spark", "src", "main", "python", "examples", "quickstart.py")
    with open(example) as f:
        source = f.read()
    with open(os.path.join(root, "README.md")) as f:
        assert "```python\n" + source + "```\n" in f.read()
    monkeypatch.chdir(root)
    shutil.rmtree("/tmp/sparkglm-py-pipeline", ignore_errors=True)
    runpy.run_path(example, run_name="__main__")
    printed = capsys.readouterr().out
    assert re.search(r"^lambda 0\.0?1 intercept -?\d", printed, re.M), printed
    assert "(Intercept)" in printed and "|probability" in printed.replace(" ", "")
    assert os.path.isdir("/tmp/sparkglm-py-pipeline/stages")
