"""The PySpark wrappers of multinomial regression (sparkglm.MultinomialRegression / MultinomialRegressionModel)
against the JVM stages they wrap, in the suite's SparkSession (conftest.py), on the reference data of
glm-spark/src/test/resources/reference/multinomial (make_multinomial.R)."""

import os

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.linalg import Matrix

from sparkglm import MultinomialRegression, MultinomialRegressionModel

X = ["x1", "x2", "x3", "x4", "x5"]


@pytest.fixture(scope="module")
def raw(spark):
    path = os.path.join(os.environ["SPARKGLM_ROOT"], "glm-spark", "src", "test", "resources", "reference",
                        "multinomial", "multinomial_weighted.csv")
    df = spark.read.option("header", True).option("inferSchema", True).csv(path).repartition(2).cache()
    df.count()
    return df


@pytest.fixture(scope="module")
def data(raw):
    return VectorAssembler(inputCols=X, outputCol="features").transform(raw).cache()


def java_estimator(jvm, **params):
    """The Java MultinomialRegression itself, with these Params set through its own setters."""
    est = jvm.io.sparkglm.spark.ml.MultinomialRegression()
    for name, value in params.items():
        getattr(est, "set" + name[0].upper() + name[1:])(value)
    return est


def matrix(m):
    """A Python DenseMatrix or a Java Matrix as a list of rows."""
    if isinstance(m, Matrix):
        return [list(map(float, row)) for row in m.toArray()]
    return [[m.apply(i, j) for j in range(m.numCols())] for i in range(m.numRows())]


def assert_close(actual, expected, rel=1e-12):
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        assert abs(a - e) <= rel * max(1.0, abs(e)), (list(actual), list(expected))


def test_params_are_the_java_stages_with_its_defaults(jvm):
    py = MultinomialRegression()
    java = jvm.io.sparkglm.spark.ml.MultinomialRegression()
    java_names = sorted(str(p.name()) for p in java.params())
    assert sorted(p.name for p in py.params) == java_names
    for name in java_names:
        param = java.getParam(name)
        if not java.hasDefault(param):
            assert not py.hasDefault(name), name
            continue
        expected = java.getDefault(param).get()
        actual = py.getOrDefault(name)
        if isinstance(actual, list):
            assert actual == [v for v in expected], name
        else:
            assert actual == expected, name
    model_names = sorted(str(p.name()) for p in jvm.io.sparkglm.spark.ml.MultinomialRegressionModel().params())
    assert sorted(p.name for p in MultinomialRegressionModel().params) == model_names


def test_fit_equals_the_java_fit_and_the_evaluator_works(spark, jvm, data):
    params = dict(regParam=0.015, elasticNetParam=0.7, weightCol="weight", penaltyFactors=[0.5, 2.0, 0.0, 1.0, 1.5])
    model = MultinomialRegression(**params).fit(data)
    java = java_estimator(jvm, regParam=0.015, elasticNetParam=0.7, weightCol="weight")
    factors = spark.sparkContext._gateway.new_array(jvm.double, 5)
    for i, f in enumerate(params["penaltyFactors"]):
        factors[i] = f
    java = java.setPenaltyFactors(factors).fit(data._jdf)
    assert model.numClasses == 3 and model.numFeatures == 5
    for got, want in zip(matrix(model.coefficientMatrix), matrix(java.coefficientMatrix())):
        assert_close(got, want)
    assert_close(model.interceptVector.toArray(), [java.interceptVector().apply(k) for k in range(3)])
    assert abs(sum(model.interceptVector)) <= 1e-12
    s = model.summary
    assert model.hasSummary and s.converged and s.status == "CONVERGED" and s.warnings == []
    assert s.kktViolation <= 1e-7 and s.objective == pytest.approx(java.fit().objective(), rel=1e-12)
    assert s.classWeights == [float(w) for w in java.fit().classWeights()]
    assert s.objectiveHistory[-1] == pytest.approx(s.objective, rel=1e-9)
    scored = model.transform(data)
    java_scored = java.transform(data._jdf)
    for metric in ["accuracy", "f1", "logLoss"]:
        evaluator = MulticlassClassificationEvaluator(metricName=metric)
        assert evaluator.evaluate(scored) == pytest.approx(
            evaluator._call_java("evaluate", java_scored), rel=1e-12), metric


def test_unpenalized_log_loss_is_the_objective(data):
    """Unweighted and unpenalized, the objective is the mean negative log-likelihood: the evaluator's logLoss."""
    model = MultinomialRegression(standardization=False, solver="newton", tol=1e-10).fit(data)
    log_loss = MulticlassClassificationEvaluator(metricName="logLoss").evaluate(model.transform(data))
    assert log_loss == pytest.approx(model.summary.objective, rel=1e-10)
    assert model.summary.deviance == pytest.approx(2 * data.count() * log_loss, rel=1e-10)


def test_bad_params_raise_with_the_java_message(data):
    with pytest.raises(IllegalArgumentException, match="penaltyFactors given invalid value"):
        MultinomialRegression(penaltyFactors=[1.0, -1.0])
    with pytest.raises(IllegalArgumentException, match="solver given invalid value admm"):
        MultinomialRegression().setSolver("admm")
    with pytest.raises(IllegalArgumentException, match="Param penaltyFactors has 2 values; the data has 5 features"):
        MultinomialRegression(penaltyFactors=[1.0, 2.0]).fit(data)


def test_save_load_both_ways(spark, jvm, data, tmp_path):
    model = MultinomialRegression(regParam=0.02, elasticNetParam=1.0, probabilityCol="p").fit(data)
    py_saved = str(tmp_path / "py-model")
    model.save(py_saved)
    in_java = jvm.io.sparkglm.spark.ml.MultinomialRegressionModel.load(py_saved)
    assert matrix(in_java.coefficientMatrix()) == matrix(model.coefficientMatrix)
    assert in_java.getOrDefault(in_java.probabilityCol()) == "p" and in_java.uid() == model.uid

    java_model = java_estimator(jvm, regParam=0.03, elasticNetParam=0.5).fit(data._jdf)
    java_saved = str(tmp_path / "java-model")
    java_model.write().save(java_saved)
    loaded = MultinomialRegressionModel.load(java_saved)
    assert isinstance(loaded, MultinomialRegressionModel) and loaded.uid == java_model.uid()
    assert matrix(loaded.coefficientMatrix) == matrix(java_model.coefficientMatrix())
    assert not loaded.hasSummary
    with pytest.raises(RuntimeError, match="no training summary"):
        loaded.summary
    ours = [r.probability.toArray().tolist() for r in loaded.transform(data).select("probability").collect()]
    theirs = java_model.transform(data._jdf).select("probability", jvm.PythonUtils.toSeq([])).collectAsList()
    assert ours == [list(r.get(0).toArray()) for r in theirs]

    estimator = MultinomialRegression(solver="lbfgs", numClasses=3, penaltyFactors=[1.0, 0.0, 1.0, 1.0, 2.0])
    estimator.save(str(tmp_path / "estimator"))
    back = MultinomialRegression.load(str(tmp_path / "estimator"))
    assert (back.uid, back.getSolver(), back.getNumClasses(), back.getPenaltyFactors()) == (
        estimator.uid, "lbfgs", 3, [1.0, 0.0, 1.0, 1.0, 2.0])
    java_back = jvm.io.sparkglm.spark.ml.MultinomialRegression.load(str(tmp_path / "estimator"))
    assert list(java_back.getOrDefault(java_back.penaltyFactors())) == [1.0, 0.0, 1.0, 1.0, 2.0]


def test_pipeline_round_trip(spark, jvm, raw, tmp_path):
    python_assembler = VectorAssembler(inputCols=X, outputCol="features")
    pipeline = Pipeline(stages=[python_assembler, MultinomialRegression(regParam=0.02, elasticNetParam=1.0)])
    fitted = pipeline.fit(raw)
    assert isinstance(fitted.stages[-1], MultinomialRegressionModel)
    saved = str(tmp_path / "pipeline")
    fitted.save(saved)
    loaded = PipelineModel.load(saved)
    assert isinstance(loaded.stages[-1], MultinomialRegressionModel)
    assert matrix(loaded.stages[-1].coefficientMatrix) == matrix(fitted.stages[-1].coefficientMatrix)
    before = [r.prediction for r in fitted.transform(raw).select("prediction").collect()]
    assert [r.prediction for r in loaded.transform(raw).select("prediction").collect()] == before
    in_java = jvm.org.apache.spark.ml.PipelineModel.load(saved)
    assert in_java.stages()[1].getClass().getName() == "io.sparkglm.spark.ml.MultinomialRegressionModel"
    java_predictions = in_java.transform(raw._jdf).select("prediction", jvm.PythonUtils.toSeq([])).collectAsList()
    assert [r.get(0) for r in java_predictions] == before
    # The unfitted Pipeline too, saved by Python and loaded back.
    pipeline.save(str(tmp_path / "unfitted"))
    stages = Pipeline.load(str(tmp_path / "unfitted")).getStages()
    assert isinstance(stages[1], MultinomialRegression) and stages[1].getRegParam() == 0.02


def test_separation_is_reported(spark):
    """Class 2 exactly when x1 > 1 (quasi-complete separation): an unpenalized fit ends SEPARATED, naming x1."""
    rows = [(float(i % 7 - 3) / 2 + 0.01 * (i % 5), float((i * 37) % 11) / 5, float(2 if i % 7 - 3 > 2 else i % 2))
            for i in range(210)]
    df = VectorAssembler(inputCols=["x1", "x2"], outputCol="features").transform(
        spark.createDataFrame(rows, ["x1", "x2", "label"]))
    s = MultinomialRegression().fit(df).summary
    assert s.status == "SEPARATED" and not s.converged
    assert len(s.warnings) == 1 and s.warnings[0].startswith("separation: ") and "along x1" in s.warnings[0]
