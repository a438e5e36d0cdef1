"""sparkglm over Spark Connect (issue 17 item 5): a local Connect server (PySpark's own spark-submit running
SparkConnectServer with sparkglm's one jar on --jars, a separate process as a user's server is) and a Connect client
(connect_client.py, its own Python process) that fits, scores, builds a Pipeline, saves and loads; its results are
checked here against the same fit in the suite's classic session."""

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from sparkglm import GlmRegression

PARAMS = dict(family="binomial", regParam=0.034, elasticNetParam=1.0, linkPredictionCol="eta")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def connect_url(tmp_path_factory):
    import pyspark

    spark_home = os.path.dirname(pyspark.__file__)
    port = _free_port()
    log_path = tmp_path_factory.mktemp("connect-server") / "server.log"
    env = dict(os.environ, SPARK_HOME=spark_home, SPARK_LOCAL_IP="127.0.0.1")
    command = [
        os.path.join(spark_home, "bin", "spark-submit"), "--master", "local[2]",
        "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
        "--jars", os.environ["SPARKGLM_JAR"],
        "--driver-java-options", os.environ.get("SPARKGLM_JVM_FLAGS", ""),
        "--conf", "spark.connect.grpc.binding.port=%d" % port,
        "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.sql.shuffle.partitions=2",
        "spark-internal",
    ]
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 240
        while "Spark Connect server started" not in log_path.read_text():
            if server.poll() is not None:
                pytest.fail("the Spark Connect server exited (%d):\n%s" % (server.returncode, log_path.read_text()))
            if time.time() > deadline:
                pytest.fail("the Spark Connect server did not start in 240 s:\n" + log_path.read_text())
            time.sleep(1)
        yield "sc://127.0.0.1:%d" % port
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def results(connect_url, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("connect-client")
    out = workdir / "results.json"
    client = os.path.join(os.path.dirname(__file__), "connect_client.py")
    done = subprocess.run([sys.executable, client, connect_url, str(out), str(workdir)], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(out.read_text())


def test_a_connect_client_fits_and_scores_as_the_classic_session(results, binom):
    assert results["remote"] is True
    fit = results["fit_transform"]
    assert fit["ok"], fit
    local = GlmRegression(**PARAMS).fit(binom)
    # The Connect client read the CSV itself (one partition, file order); score the same first rows here.
    from pyspark.ml.feature import VectorAssembler
    spark = binom.sparkSession
    raw = spark.read.option("header", True).option("inferSchema", True).csv(
        os.path.join(os.environ["SPARKGLM_ROOT"], "scripts", "sample", "binom.csv"))
    x = [c for c in raw.columns if c != "label"]
    rows = local.transform(VectorAssembler(inputCols=x, outputCol="features").transform(raw)).select("eta").limit(50)
    expected = [r.eta for r in rows.collect()]
    assert len(fit["value"]["eta"]) == 50
    for got, want in zip(fit["value"]["eta"], expected):
        assert abs(got - want) <= 1e-9 * max(1.0, abs(want)), (got, want)


def test_evaluators_and_pipelines_work_over_connect(results):
    assert results["auc"]["ok"] and 0.5 < results["auc"]["value"] <= 1.0, results["auc"]
    assert results["pipeline"]["ok"] and len(results["pipeline"]["value"]) == 50, results["pipeline"]


def test_a_model_fitted_over_connect_is_saved_by_the_server(results):
    assert results["save"]["ok"], results["save"]
    assert sorted(results["save"]["value"]) == ["data", "metadata"]


def test_bad_params_fail_at_fit_with_the_java_message(results):
    bad = results["bad_param"]
    assert not bad["ok"]
    assert "no-such-solver" in bad["message"], bad


def test_a_model_saved_over_connect_loads_over_connect_and_scores_the_same(results):
    assert results["load"]["ok"], results["load"]
    assert results["load"]["value"] == results["fit_transform"]["value"]["eta"]


def test_what_spark_connect_refuses_is_reported_with_the_way_around_it(results, binom):
    """Spark 4.1's Connect server lets a client read attributes of MLlib's own model classes only (its
    MLUtils.ALLOWED_ATTRIBUTES): sparkglm's wrapper says so, naming the saved model's data as the way to the
    coefficients, which hold the same fit as the classic session's."""
    refused = results["coefficients"]
    assert not refused["ok"] and refused["type"] == "NotImplementedError", refused
    assert "Spark Connect" in refused["message"] and "/data" in refused["message"], refused
    saved = results["saved_data"]
    assert saved["ok"], saved
    local = GlmRegression(**PARAMS).fit(binom)
    expected = list(local.coefficients.toArray()) + [local.intercept]
    for got, want in zip(saved["value"]["coefficients"] + [saved["value"]["intercept"]], expected):
        assert abs(got - want) <= 1e-8 * max(1.0, abs(want)), (saved["value"], expected)


def test_multinomial_regression_over_connect_fits_scores_saves_and_loads_as_the_classic_session(results, spark):
    """MultinomialRegression over Connect (registered in the jar's META-INF/services like GlmRegression): its
    probabilities are the classic session's fit of the same Params, a Pipeline and MulticlassClassificationEvaluator
    work, a model saved by the server loads and scores the same; coefficientMatrix and summary are refused with the
    way around it (the saved model's data)."""
    from pyspark.ml.evaluation import MulticlassClassificationEvaluator
    from pyspark.ml.feature import VectorAssembler

    from sparkglm import MultinomialRegression

    fit = results["multinomial_fit"]
    assert fit["ok"], fit
    path = os.path.join(os.environ["SPARKGLM_ROOT"], "glm-spark", "src", "test", "resources", "reference",
                        "multinomial", "multinomial.csv")
    raw = spark.read.option("header", True).option("inferSchema", True).csv(path)
    data = VectorAssembler(inputCols=["x1", "x2", "x3", "x4", "x5"], outputCol="features").transform(raw)
    local = MultinomialRegression(regParam=0.02, elasticNetParam=1.0, penaltyFactors=[0.0, 1.5, 1.0, 2.0, 0.5],
                                  standardization=False).fit(data)
    expected = [list(map(float, r.probability)) for r in local.transform(data).select("probability").limit(50)
                .collect()]
    assert len(fit["value"]["probability"]) == 50
    for got, want in zip(fit["value"]["probability"], expected):
        for g, w in zip(got, want):
            assert abs(g - w) <= 1e-9, (got, want)
    accuracy = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(local.transform(data))
    assert results["multinomial_accuracy"]["ok"], results["multinomial_accuracy"]
    assert abs(results["multinomial_accuracy"]["value"] - accuracy) <= 1e-12
    assert results["multinomial_pipeline"]["ok"], results["multinomial_pipeline"]
    assert results["multinomial_pipeline"]["value"] == fit["value"]["prediction"]
    assert results["multinomial_save"]["ok"] and sorted(results["multinomial_save"]["value"]) == ["data", "metadata"]
    assert results["multinomial_load"]["ok"], results["multinomial_load"]
    assert results["multinomial_load"]["value"] == fit["value"]["probability"]
    for name in ["multinomial_coefficients", "multinomial_summary"]:
        refused = results[name]
        assert not refused["ok"] and refused["type"] == "NotImplementedError", refused
        assert "Spark Connect" in refused["message"], refused


CV_PARAMS = dict(family="binomial", elasticNetParam=1.0, numFolds=3, foldSeed=5, nLambda=6, linkPredictionCol="eta")


def test_cross_validation_over_connect_fits_saves_and_loads_as_the_classic_session(results, binom):
    """Issue 15 (4): GlmRegressionCV over Connect: the server fits, scores, saves and loads it; the curve is refused
    to the client (as every attribute of a third-party model) and read from the saved model's data instead, where it
    is the classic session's fit of the same rows and folds."""
    from pyspark.ml.feature import VectorAssembler

    from sparkglm import GlmRegressionCV

    fit = results["cv_fit_transform"]
    assert fit["ok"], fit
    assert results["cv_save"]["ok"] and results["cv_save"]["value"] == ["bestModel", "data", "metadata"], results[
        "cv_save"]
    refused = results["cv_curve"]
    assert not refused["ok"] and refused["type"] == "NotImplementedError", refused
    assert "PATH/data" in refused["message"] and "cvm" in refused["message"], refused
    assert results["cv_load"]["ok"] and results["cv_load"]["value"] == fit["value"], results["cv_load"]
    # The client read the CSV itself (one partition, file order): the same rows in the same order here.
    spark = binom.sparkSession
    raw = spark.read.option("header", True).option("inferSchema", True).csv(
        os.path.join(os.environ["SPARKGLM_ROOT"], "scripts", "sample", "binom.csv"))
    data = VectorAssembler(inputCols=[c for c in raw.columns if c != "label"], outputCol="features").transform(raw)
    local = GlmRegressionCV(**CV_PARAMS).fit(data)
    saved = results["cv_saved_curve"]
    assert saved["ok"], saved
    assert saved["value"]["selected"] == local.indexMin
    for got, want in zip(saved["value"]["cvm"] + saved["value"]["lambdas"], local.cvm + local.lambdas):
        assert abs(got - want) <= 1e-9 * max(1.0, abs(want)), (saved["value"], local.cvm)
    expected = [r.eta for r in local.transform(data).select("eta").limit(50).collect()]
    for got, want in zip(fit["value"], expected):
        assert abs(got - want) <= 1e-9 * max(1.0, abs(want)), (got, want)
