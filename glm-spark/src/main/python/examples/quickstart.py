# sparkglm from PySpark: fit, cross-validate, save and reload (README.md, "From PySpark"); run from the checkout.
import os

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
from pyspark.sql import SparkSession

from sparkglm import GlmRegression

jar = os.environ.get("SPARKGLM_JAR", "dist/target/sparkglm-0.1.0-SNAPSHOT.jar")
spark = (SparkSession.builder.master("local[*]").config("spark.jars", jar)
         .config("spark.driver.extraJavaOptions", "--add-modules=jdk.incubator.vector").getOrCreate())
data = spark.read.csv("scripts/sample/binom.csv", header=True, inferSchema=True)
x = [c for c in data.columns if c != "label"]

glm = GlmRegression(family="binomial", elasticNetParam=1.0)
pipeline = Pipeline(stages=[VectorAssembler(inputCols=x, outputCol="features"), glm])
grid = ParamGridBuilder().addGrid(glm.regParam, [0.1, 0.01]).build()
cv = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator(),
                    numFolds=3, seed=1)
model = cv.fit(data).bestModel
fitted = model.stages[-1]
print("lambda", fitted.getRegParam(), "intercept", fitted.intercept, "coefficients", fitted.coefficients)
print(fitted.summary)  # the R-style table; fitted.summary.coefficientTableDataFrame() as a DataFrame

model.write().overwrite().save("/tmp/sparkglm-py-pipeline")
reloaded = PipelineModel.load("/tmp/sparkglm-py-pipeline")
reloaded.transform(data).select("label", "probability", "prediction").show(5)
