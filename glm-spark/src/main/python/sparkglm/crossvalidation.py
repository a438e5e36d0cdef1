"""``GlmRegressionCV`` and ``GlmRegressionCVModel``: PySpark wrappers of ``io.sparkglm.spark.ml``'s cross-validation
stage (R's ``cv.glmnet``: K-fold cross validation of the regularization path, then the fit at the chosen lambda).

The Params are the Java stage's: :class:`~sparkglm.GlmRegression`'s (regParam is what the cross validation chooses)
plus numFolds, foldSeed, foldCol, nLambda, selection and the estimator's lambdas, with the Java names and defaults.
"""

from typing import Any, List

from pyspark.ml.param import TypeConverters
from pyspark.ml.util import JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel
from pyspark.sql import DataFrame, is_remote

from sparkglm._persistence import GlmReadable, java_class
from sparkglm.regression import (
    _PARAMS,
    GlmRegressionModel,
    GlmTrainingSummary,
    _add_param,
    _add_setter,
    _GlmParams,
)

# name, type converter, default (io.sparkglm.spark.ml.GlmCvParams#setDefaults), doc.
_CV_PARAMS = [
    ("numFolds", TypeConverters.toInt, 10, "the number of folds K (>= 2), dealt as cv.glmnet does; not used when "
     "foldCol is set"),
    ("foldSeed", TypeConverters.toInt, 1, "the seed of the fold assignment; not used when foldCol is set"),
    ("foldCol", TypeConverters.toString, "", "an integer column of fold ids 0..K-1 (as CrossValidator's foldCol; R's "
     "foldid minus 1); overrides numFolds and foldSeed; excluded from the features; empty: random folds"),
    ("nLambda", TypeConverters.toInt, 100, "the number of lambdas of the default sequence (>= 1); not used when "
     "lambdas is set"),
    ("selection", TypeConverters.toString, "min", "the lambda of the final model: min (the smallest mean held-out "
     "deviance) or 1se (the largest lambda within one standard error of it)"),
]
# The estimator's own Param (the model's ``lambdas`` is the curve's sequence).
_LAMBDAS = ("lambdas", TypeConverters.toListFloat, [], "the lambdas to cross-validate, strictly decreasing, >= 0; "
            "empty: glmnet's default sequence of nLambda values")
# The Params the model has setters for (as the Java model).
_MODEL_SETTERS = ["featuresCol", "featureCols", "offsetCol", "predictionCol", "linkPredictionCol"]


def _not_over_connect(what: str) -> None:
    """Raises, over Spark Connect, for what Spark's Connect server refuses to a third-party model (as
    :func:`sparkglm.regression._not_over_connect`), naming where a saved model keeps it."""
    if is_remote():
        raise NotImplementedError(
            "%s is not available over Spark Connect: Spark's Connect server lets a client read attributes of MLlib's "
            "own models only (CONNECT_ML.ATTRIBUTE_NOT_ALLOWED). Fitting, transform, evaluators, Pipelines, save and "
            "load work; a saved model keeps the curve in PATH/data (spark.read.parquet(PATH + '/data'): lambdas, cvm, "
            "cvsd, indexMin, index1se, selected, nonZeros, foldDeviance, foldWeights, foldRows) and the best model's "
            "coefficients and intercept in PATH/bestModel/data, and a classic session gives the summary." % what)


class _GlmCvParams(_GlmParams):
    """The Params of :class:`GlmRegressionCV` and :class:`GlmRegressionCVModel` (Java's ``HasGlmCvParams``)."""

    def _set_cv_defaults(self) -> None:
        self._set_glm_defaults()
        self._setDefault(**{name: d for name, _, d, _ in _CV_PARAMS})


for _name, _converter, _default, _doc in _CV_PARAMS:
    _add_param(_GlmCvParams, _name, _converter, _doc)


@java_class("io.sparkglm.spark.ml.GlmRegressionCV")
class GlmRegressionCV(GlmReadable, JavaMLWritable, JavaEstimator, _GlmCvParams):
    """K-fold cross validation of the regularization path as a spark.ml Estimator
    (``io.sparkglm.spark.ml.GlmRegressionCV``), as R's ``cv.glmnet`` (held-out deviance, grouped): the curve
    cvm/cvsd, lambdaMin, lambda1se, then the fit on all the data at the lambda ``selection`` chooses.

    >>> cv = GlmRegressionCV(family="binomial", elasticNetParam=1.0, numFolds=5).fit(training)
    >>> cv.lambdaMin, cv.cvm, cv.bestModel.coefficients
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(getattr(type(self), "_java_class"), self.uid)
        self._set_cv_defaults()
        self._setDefault(lambdas=[])
        self.setParams(**kwargs)

    def setParams(self, **kwargs: Any) -> "GlmRegressionCV":
        """Sets Params by name (the Java stage's names), checked by the Java stage at once."""
        return self._set_and_check(**kwargs)

    def _create_model(self, java_model: Any) -> "GlmRegressionCVModel":
        return GlmRegressionCVModel(java_model)

    def _fit(self, dataset: DataFrame) -> "GlmRegressionCVModel":
        model = super()._fit(dataset)
        # Java's model has what the fit resolved (regParam: the chosen lambda; featureCols' names).
        if not is_remote():
            model._transfer_params_from_java()
        return model


@java_class("io.sparkglm.spark.ml.GlmRegressionCVModel")
class GlmRegressionCVModel(GlmReadable, JavaMLWritable, JavaModel, _GlmCvParams):
    """A fitted :class:`GlmRegressionCV` (``io.sparkglm.spark.ml.GlmRegressionCVModel``): the curve and
    ``bestModel``, the fit at ``selectedLambda``; ``transform`` scores as ``bestModel`` does."""

    def __init__(self, java_model: Any = None) -> None:
        super().__init__(java_model)
        self._set_cv_defaults()

    def hasParam(self, paramName: str) -> bool:
        """Whether ``paramName`` is a Param; the curve's properties are not (``lambdas`` is the estimator's Param and
        the model's curve), and are not read to find out (over Spark Connect they raise)."""
        if isinstance(paramName, str) and isinstance(getattr(type(self), paramName, None), property):
            return False
        return super().hasParam(paramName)

    def _floats(self, name: str) -> List[float]:
        _not_over_connect("GlmRegressionCVModel." + name)
        return [float(v) for v in getattr(self._java_obj, name)()]

    @property
    def bestModel(self) -> GlmRegressionModel:
        """The fit on all the data at :attr:`selectedLambda` (a :class:`~sparkglm.GlmRegressionModel`)."""
        _not_over_connect("GlmRegressionCVModel.bestModel")
        return GlmRegressionModel._from_java(self._java_obj.bestModel())

    @property
    def lambdas(self) -> List[float]:
        """The cross-validated lambdas, decreasing (cv.glmnet's ``lambda``)."""
        return self._floats("lambdas")

    @property
    def cvm(self) -> List[float]:
        """The mean held-out deviance at each lambda (cv.glmnet's ``cvm``)."""
        return self._floats("cvm")

    @property
    def cvsd(self) -> List[float]:
        """Its standard error at each lambda (cv.glmnet's ``cvsd``)."""
        return self._floats("cvsd")

    @property
    def lambdaMin(self) -> float:
        """The lambda with the smallest cvm (cv.glmnet's ``lambda.min``)."""
        _not_over_connect("GlmRegressionCVModel.lambdaMin")
        return self._call_java("lambdaMin")

    @property
    def lambda1se(self) -> float:
        """The largest lambda whose cvm is within one cvsd of the minimum (cv.glmnet's ``lambda.1se``)."""
        _not_over_connect("GlmRegressionCVModel.lambda1se")
        return self._call_java("lambda1se")

    @property
    def indexMin(self) -> int:
        """The index of :attr:`lambdaMin` in :attr:`lambdas`."""
        _not_over_connect("GlmRegressionCVModel.indexMin")
        return self._call_java("indexMin")

    @property
    def index1se(self) -> int:
        """The index of :attr:`lambda1se` in :attr:`lambdas`."""
        _not_over_connect("GlmRegressionCVModel.index1se")
        return self._call_java("index1se")

    @property
    def selectedLambda(self) -> float:
        """The best model's lambda: lambdaMin or lambda1se, as ``selection`` chose."""
        _not_over_connect("GlmRegressionCVModel.selectedLambda")
        return self._call_java("selectedLambda")

    @property
    def nonZeros(self) -> List[int]:
        """Non-zero coefficients of the full-data path at each lambda (cv.glmnet's ``nzero``)."""
        _not_over_connect("GlmRegressionCVModel.nonZeros")
        return [int(v) for v in self._java_obj.nonZeros()]

    @property
    def foldDeviance(self) -> List[List[float]]:
        """K lists of L: each fold's weighted mean held-out deviance at each lambda."""
        _not_over_connect("GlmRegressionCVModel.foldDeviance")
        return [[float(v) for v in fold] for fold in self._java_obj.foldDeviance()]

    @property
    def foldWeights(self) -> List[float]:
        """Each fold's held-out weight sum."""
        return self._floats("foldWeights")

    @property
    def foldRows(self) -> List[int]:
        """Each fold's held-out row count."""
        _not_over_connect("GlmRegressionCVModel.foldRows")
        return [int(v) for v in self._java_obj.foldRows()]

    @property
    def passes(self) -> int:
        """Data passes of the cross validation (the final fit not included)."""
        _not_over_connect("GlmRegressionCVModel.passes")
        return self._call_java("passes")

    @property
    def hasSummary(self) -> bool:
        """Whether the best model has a training summary (only when fitted in this session)."""
        _not_over_connect("GlmRegressionCVModel.hasSummary")
        return self._call_java("hasSummary")

    @property
    def summary(self) -> GlmTrainingSummary:
        """The best model's training summary (an exception on a loaded model)."""
        _not_over_connect("GlmRegressionCVModel.summary")
        return GlmTrainingSummary(self._java_obj.summary())


_add_param(GlmRegressionCV, *[_LAMBDAS[0], _LAMBDAS[1], _LAMBDAS[3]])
_DOCS = dict((n, d) for n, _, _, d in _PARAMS + _CV_PARAMS + [_LAMBDAS])
for _name, _converter, _default, _doc in _PARAMS + _CV_PARAMS + [_LAMBDAS]:
    if _name != "regParam":  # chosen by the cross validation
        _add_setter(GlmRegressionCV, _name, _doc)
for _name in _MODEL_SETTERS:
    _add_setter(GlmRegressionCVModel, _name, _DOCS[_name])
