"""The Spark Connect client of test_connect.py, in its own Python process: PySpark decides Connect or classic once per
process (SPARK_CONNECT_MODE_ENABLED), and the rest of the suite runs classic. Connects to argv[1], does what a
Connect user does with sparkglm and writes what happened, as JSON, to argv[2]:

  python connect_client.py sc://127.0.0.1:PORT OUT.json WORKDIR
"""

import json
import os
import sys
import traceback


def main(url, out_path, workdir):
    from pyspark.ml import Pipeline, PipelineModel
    from pyspark.ml.evaluation import BinaryClassificationEvaluator
    from pyspark.ml.feature import VectorAssembler
    from pyspark.sql import SparkSession, is_remote

    from sparkglm import GlmRegression, GlmRegressionModel

    spark = SparkSession.builder.remote(url).getOrCreate()
    results = {"remote": is_remote()}

    def attempt(name, action):
        try:
            results[name] = {"ok": True, "value": action()}
        except Exception as e:  # recorded for the test to judge, with PySpark's message
            results[name] = {"ok": False, "type": type(e).__name__, "message": str(e).split("\n\nJVM stacktrace")[0],
                             "trace": traceback.format_exc()[-2000:]}

    path = os.path.join(os.environ["SPARKGLM_ROOT"], "scripts", "sample", "binom.csv")
    raw = spark.read.option("header", True).option("inferSchema", True).csv(path)
    x = [c for c in raw.columns if c != "label"]
    assembler = VectorAssembler(inputCols=x, outputCol="features")
    data = assembler.transform(raw)
    params = dict(family="binomial", regParam=0.034, elasticNetParam=1.0, linkPredictionCol="eta")
    state = {}

    def fit():
        state["model"] = GlmRegression(**params).fit(data)
        rows = state["model"].transform(data).select("eta", "prediction", "probability").limit(50).collect()
        return {"eta": [r.eta for r in rows], "prediction": [r.prediction for r in rows],
                "probability1": [float(r.probability[1]) for r in rows]}

    attempt("fit_transform", fit)
    attempt("auc", lambda: BinaryClassificationEvaluator().evaluate(state["model"].transform(data)))
    attempt("pipeline", lambda: [r.prediction for r in Pipeline(stages=[assembler, GlmRegression(**params)])
                                 .fit(raw).transform(raw).select("prediction").limit(50).collect()])
    model_dir = os.path.join(workdir, "model")
    attempt("save", lambda: state["model"].write().overwrite().save(model_dir) or os.listdir(model_dir))
    attempt("bad_param", lambda: GlmRegression(family="binomial", solver="no-such-solver").fit(data) and "fitted")
    attempt("coefficients", lambda: list(state["model"].coefficients.toArray()))
    attempt("saved_data", lambda: (lambda r: {"intercept": r.intercept, "coefficients": list(r.coefficients)})(
        spark.read.parquet(model_dir + "/data").head()))
    attempt("load", lambda: [r.eta for r in GlmRegressionModel.load(model_dir).transform(data).select("eta")
                             .limit(50).collect()])
    multinomial_client(spark, attempt, workdir)
    # Issue 15 (4): the cross-validation stage over Connect (fit, transform, save and load by the server; the curve
    # refused with the way around it).
    from sparkglm import GlmRegressionCV, GlmRegressionCVModel

    cv_params = dict(family="binomial", elasticNetParam=1.0, numFolds=3, foldSeed=5, nLambda=6,
                     linkPredictionCol="eta")
    cv_dir = os.path.join(workdir, "cv-model")

    def cv_fit():
        state["cv"] = GlmRegressionCV(**cv_params).fit(data)
        return [r.eta for r in state["cv"].transform(data).select("eta").limit(50).collect()]

    attempt("cv_fit_transform", cv_fit)
    attempt("cv_save", lambda: state["cv"].write().overwrite().save(cv_dir) or sorted(os.listdir(cv_dir)))
    attempt("cv_curve", lambda: state["cv"].cvm)
    attempt("cv_saved_curve", lambda: (lambda r: {"cvm": list(r.cvm), "selected": r.selected, "lambdas": list(
        r.lambdas)})(spark.read.parquet(cv_dir + "/data").head()))
    attempt("cv_load", lambda: [r.eta for r in GlmRegressionCVModel.load(cv_dir).transform(data).select("eta")
                                .limit(50).collect()])
    spark.stop()
    with open(out_path, "w") as out:
        json.dump(results, out, indent=1)


def multinomial_client(spark, attempt, workdir):
    """MultinomialRegression over Connect: fit and score, an evaluator, a Pipeline, save and load, the refusals."""
    from pyspark.ml import Pipeline
    from pyspark.ml.evaluation import MulticlassClassificationEvaluator
    from pyspark.ml.feature import VectorAssembler

    from sparkglm import MultinomialRegression, MultinomialRegressionModel

    path = os.path.join(os.environ["SPARKGLM_ROOT"], "glm-spark", "src", "test", "resources", "reference",
                        "multinomial", "multinomial.csv")
    raw = spark.read.option("header", True).option("inferSchema", True).csv(path)
    assembler = VectorAssembler(inputCols=["x1", "x2", "x3", "x4", "x5"], outputCol="features")
    data = assembler.transform(raw)
    params = dict(regParam=0.02, elasticNetParam=1.0, penaltyFactors=[0.0, 1.5, 1.0, 2.0, 0.5],
                  standardization=False)
    state = {}

    def fit():
        state["model"] = MultinomialRegression(**params).fit(data)
        rows = state["model"].transform(data).select("probability", "prediction").limit(50).collect()
        return {"probability": [list(map(float, r.probability)) for r in rows],
                "prediction": [r.prediction for r in rows]}

    attempt("multinomial_fit", fit)
    attempt("multinomial_accuracy", lambda: MulticlassClassificationEvaluator(metricName="accuracy").evaluate(
        state["model"].transform(data)))
    attempt("multinomial_pipeline", lambda: [r.prediction for r in Pipeline(
        stages=[assembler, MultinomialRegression(**params)]).fit(raw).transform(raw).select("prediction")
        .limit(50).collect()])
    model_dir = os.path.join(workdir, "multinomial-model")
    attempt("multinomial_save", lambda: state["model"].write().overwrite().save(model_dir) or os.listdir(model_dir))
    attempt("multinomial_load", lambda: [list(map(float, r.probability)) for r in MultinomialRegressionModel.load(
        model_dir).transform(data).select("probability").limit(50).collect()])
    attempt("multinomial_coefficients", lambda: state["model"].coefficientMatrix.toArray().tolist())
    attempt("multinomial_summary", lambda: state["model"].summary.objective)


if __name__ == "__main__":
    main(*sys.argv[1:4])
