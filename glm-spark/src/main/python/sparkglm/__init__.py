"""sparkglm for PySpark: generalized linear models on Apache Spark.

The classes wrap the JVM ones of sparkglm's jar (``dist/target/sparkglm-VERSION.jar``), which the SparkSession
must have on its classpath (``spark.jars`` or spark-submit's ``--jars``)::

    from sparkglm import GlmRegression
    model = GlmRegression(family="binomial", regParam=0.034, elasticNetParam=1.0).fit(training)
    model.coefficients, model.intercept, model.summary.coefficientTable

Importing this package also teaches PySpark's persistence to map sparkglm's Java class names (package
``io.sparkglm``, whose first part is Python's standard ``io`` module) to these classes, so ``Pipeline``,
``PipelineModel`` and ``CrossValidatorModel`` holding sparkglm stages load from Python (see
:mod:`sparkglm._persistence`).
"""

from sparkglm._persistence import install_java_class_mapping
from sparkglm.regression import (
    Coefficient,
    GlmEvaluation,
    GlmRegression,
    GlmRegressionModel,
    GlmStatistics,
    GlmTrainingSummary,
)
from sparkglm.regression import MultinomialRegression, MultinomialRegressionModel, MultinomialTrainingSummary
from sparkglm.crossvalidation import GlmRegressionCV, GlmRegressionCVModel

install_java_class_mapping()

__version__ = "0.1.0.dev0"

__all__ = [
    "Coefficient",
    "GlmEvaluation",
    "GlmRegression",
    "GlmRegressionModel",
    "GlmStatistics",
    "GlmTrainingSummary",
]
__all__ += ["MultinomialRegression", "MultinomialRegressionModel", "MultinomialTrainingSummary"]
__all__ += ["GlmRegressionCV", "GlmRegressionCVModel"]
