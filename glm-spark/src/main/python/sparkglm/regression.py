"""``GlmRegression`` and ``GlmRegressionModel``: PySpark wrappers of ``io.sparkglm.spark.ml``'s stages.

The Params are the Java stage's, with the same names, meanings and defaults (checked against the JVM by the
tests); a bad value fails with the Java message, as soon as it is set.
"""

import math
from typing import Any, Dict, List, NamedTuple, Optional, Sequence

from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.util import JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel, JavaWrapper
from pyspark.sql import DataFrame, SparkSession, is_remote

from sparkglm._persistence import GlmReadable, java_class

_F = TypeConverters.toFloat
_I = TypeConverters.toInt
_B = TypeConverters.toBoolean
_S = TypeConverters.toString
_LS = TypeConverters.toListString
_LF = TypeConverters.toListFloat

# name, type converter, default (the Java stage's, io.sparkglm.spark.ml.GlmParams#setDefaults), doc.
_PARAMS = [
    ("featuresCol", _S, "features", "features column (an ml Vector); not used when featureCols is set"),
    ("featureCols", _LS, [], "numeric feature columns, one per feature, instead of a vector column (names or globs, "
     "label, weight and offset excluded, in the data's column order); empty: the vector column featuresCol"),
    ("labelCol", _S, "label", "label column (numeric)"),
    ("weightCol", _S, "", "row weight column; empty for all weights 1"),
    ("offsetCol", _S, "", "offset column (added to the linear predictor); empty for none"),
    ("predictionCol", _S, "prediction", "output: the mean mu = g^-1(eta)"),
    ("linkPredictionCol", _S, "", "output: the linear predictor eta (link scale); empty for none"),
    ("rawPredictionCol", _S, "rawPrediction", "binomial only, output: [-eta, eta]; empty for none"),
    ("probabilityCol", _S, "probability", "binomial only, output: [1 - mu, mu]; empty for none"),
    ("family", _S, "gaussian", "gaussian, binomial, poisson, gamma, tweedie or negative-binomial"),
    ("link", _S, "", "link function; empty for the family's default"),
    ("variancePower", _F, 1.5, "tweedie variance power p in [1, 2]"),
    ("theta", _F, float("nan"), "negative-binomial only: theta > 0 of V(mu) = mu + mu^2/theta, held fixed; NaN: "
     "estimated (MASS::glm.nb); the fitted model has the estimate"),
    ("solver", _S, "auto", "a registered solver name (newton, lbfgs, proxgrad, gd, sgd, parallel-sgd, local-sgd, "
     "downpour-sgd, admm, async-admm) or auto"),
    ("solverOptions", _LS, [], "solver-specific options as KEY=VALUE strings"),
    ("regParam", _F, 0.0, "regularization lambda >= 0"),
    ("elasticNetParam", _F, 0.0, "alpha in [0, 1]: 0 ridge, 1 lasso"),
    ("standardization", _B, True, "penalize standardized coefficients; coefficients are reported on the original "
     "scale"),
    ("penaltyFactors", _LF, [], "glmnet's penalty.factor: one factor >= 0 per feature; empty for all ones"),
    ("lowerBounds", _LF, [], "glmnet's lower.limits: one lower bound per feature (-inf for none); empty for none"),
    ("upperBounds", _LF, [], "glmnet's upper.limits: one upper bound per feature (inf for none); empty for none"),
    ("fitIntercept", _B, True, "fit an unpenalized intercept"),
    ("maxIter", _I, 100, "iteration limit (>= 1)"),
    ("tol", _F, 1e-7, "optimality (KKT) tolerance > 0"),
    ("aggregationDepth", _I, 2, "treeAggregate depth (>= 1)"),
    ("aggregation", _S, "tree", "how a full-batch solver's passes are combined: tree (one Spark job per pass) or "
     "allreduce (the solver loop in one barrier stage; newton, lbfgs, proxgrad, gd)"),
]

# The Params the model has setters for (as the Java model).
_MODEL_SETTERS = ["featuresCol", "featureCols", "offsetCol", "predictionCol", "linkPredictionCol"]


def _capitalized(name: str) -> str:
    return name[0].upper() + name[1:]


class _GlmParams(Params):
    """The Params of :class:`GlmRegression` and :class:`GlmRegressionModel` (Java's ``HasGlmParams``)."""

    def _set_glm_defaults(self) -> None:
        self._setDefault(**{name: (list(d) if isinstance(d, list) else d) for name, _, d, _ in _PARAMS})

    def _set_and_check(self, **kwargs: Any) -> Any:
        """Sets Params and hands them to the Java object at once, so a bad value fails here with Java's message.

        Over Spark Connect there is no local Java object (``_java_obj`` is the class name): the server validates the
        Params when the estimator is fitted, and a bad value fails there, with the same message."""
        self._set(**kwargs)
        if getattr(self, "_java_obj", None) is not None and not is_remote():
            self._transfer_params_to_java()
        return self


def _not_over_connect(what: str) -> None:
    """Raises, over Spark Connect, for what Spark's Connect server refuses to a third-party model."""
    if is_remote():
        raise NotImplementedError(
            "%s is not available over Spark Connect: Spark's Connect server lets a client read attributes of MLlib's "
            "own models only (CONNECT_ML.ATTRIBUTE_NOT_ALLOWED). Fitting, transform, evaluators, Pipelines, save and "
            "load work; the coefficients and intercept of a saved model are in PATH/data "
            "(spark.read.parquet(PATH + '/data')), and a classic session gives the summary." % what)


def _add_param(cls: type, name: str, converter: Any, doc: str) -> None:
    setattr(cls, name, Param(Params._dummy(), name, doc, typeConverter=converter))

    def getter(self: Params) -> Any:
        return self.getOrDefault(getattr(self, name))

    getter.__name__ = "get" + _capitalized(name)
    getter.__doc__ = "Gets the value of %s or its default: %s." % (name, doc)
    setattr(cls, getter.__name__, getter)


def _add_setter(cls: type, name: str, doc: str) -> None:
    def setter(self: _GlmParams, value: Any) -> Any:
        return self._set_and_check(**{name: value})

    setter.__name__ = "set" + _capitalized(name)
    setter.__doc__ = "Sets the value of %s: %s." % (name, doc)
    setattr(cls, setter.__name__, setter)


for _name, _converter, _default, _doc in _PARAMS:
    _add_param(_GlmParams, _name, _converter, _doc)


class Coefficient(NamedTuple):
    """One row of the R-style coefficient table (NaN where R prints NA or nothing)."""

    name: str
    estimate: float
    stdError: float
    statistic: float
    pValue: float


class GlmStatistics(NamedTuple):
    """R ``summary.glm``'s figures of a fit; ``theta`` only for the negative binomial (else None)."""

    deviance: float
    nullDeviance: float
    dfResidual: float
    dispersion: float
    aic: float
    statisticName: str
    coefficients: List[Coefficient]
    boundaryRows: int
    theta: Optional[Dict[str, Any]]


class GlmEvaluation(NamedTuple):
    """How a model does on (new) data (Java's ``GlmEvaluation``); NaN where a metric does not apply."""

    deviance: float
    meanDeviance: float
    rmse: float
    mae: float
    logLoss: float
    auc: float
    rows: int


class _FitSummary(JavaWrapper):
    """What every fit reports, whichever the family: the solver, its stop and the certificate."""

    @property
    def solver(self) -> str:
        """The solver that ran (auto resolved)."""
        return self._call_java("solver")

    @property
    def converged(self) -> bool:
        """Whether the solver stopped on its criterion with the certificate within the tolerance."""
        return self._call_java("converged")

    @property
    def iterations(self) -> int:
        """Iterations done."""
        return self._call_java("iterations")

    @property
    def passes(self) -> int:
        """Data passes used by the solver."""
        return self._call_java("passes")

    @property
    def objective(self) -> float:
        """The objective at the solution."""
        return self._call_java("objective")

    @property
    def kktViolation(self) -> float:
        """The KKT violation at the solution (the optimality certificate)."""
        return self._call_java("kktViolation")


class GlmTrainingSummary(_FitSummary):
    """What the fit reported (Java's ``GlmTrainingSummary``): solver, status, the certificate, the R-style table."""

    @property
    def status(self) -> str:
        """CONVERGED, MAX_ITERATIONS, LINE_SEARCH_FAILED, TIME_BUDGET, NOT_FINITE, STALLED or SEPARATED."""
        return self._call_java("status")

    @property
    def warnings(self) -> List[str]:
        """What a statistician would warn about, as ``code: message`` lines."""
        return [str(w) for w in self._java_obj.warnings()]

    @property
    def relativeKkt(self) -> float:
        """The KKT violation relative to the one at the intercept-only start."""
        return self._call_java("relativeKkt")

    @property
    def objectiveHistory(self) -> List[float]:
        """The objective after each iteration."""
        return [float(v) for v in self._java_obj.objectiveHistory()]

    @property
    def featureNames(self) -> List[str]:
        """The feature names (from the data's ML attributes or columns, else x1..xp)."""
        return [str(n) for n in self._java_obj.featureNames()]

    def coefficientTableDataFrame(self) -> DataFrame:
        """The coefficient table as a DataFrame: name, estimate, stdError, statistic, pValue; intercept first."""
        return DataFrame(self._java_obj.coefficientTable(), SparkSession.active())

    @property
    def coefficientTable(self) -> List[Coefficient]:
        """The coefficient table as a list of :class:`Coefficient` rows, ``(Intercept)`` first."""
        return [Coefficient(*row) for row in self.coefficientTableDataFrame().collect()]

    @property
    def statistics(self) -> GlmStatistics:
        """R-style statistics: deviance, null deviance, residual df, dispersion, AIC, the table, theta."""
        s = self._java_obj.statistics()
        t = s.theta()
        theta = None if t is None else {
            "theta": t.theta(), "stdError": t.stdError(), "twoLogLikelihood": t.twoLogLikelihood(),
            "estimated": t.estimated(), "alternations": t.alternations()}
        return GlmStatistics(s.deviance(), s.nullDeviance(), s.dfResidual(), s.dispersion(), s.aic(),
                             s.statisticName(), self.coefficientTable, s.boundaryRows(), theta)

    def __str__(self) -> str:
        """The table as R's ``summary.glm`` prints it, with the deviances and the certificate below."""
        st = self.statistics
        stat = st.statisticName
        head = "%-16s %14s %14s %10s %12s" % ("", "Estimate", "Std. Error", stat, "Pr(>|%s|)" % stat[0])
        lines = ["Coefficients:", head]
        for c in st.coefficients:
            lines.append("%-16s %14s %14s %10s %12s" % (
                c.name, _cell(c.estimate, "%.6g"), _cell(c.stdError, "%.6g"), _cell(c.statistic, "%.3f"),
                _cell(c.pValue, "%.3g")))
        lines.append("")
        lines.append("Null deviance: %.6g  Residual deviance: %.6g on %g degrees of freedom"
                     % (st.nullDeviance, st.deviance, st.dfResidual))
        lines.append("Dispersion: %.6g  AIC: %.6g" % (st.dispersion, st.aic))
        lines.append("Solver: %s  status: %s  iterations: %d  KKT violation: %.3g"
                     % (self.solver, self.status, self.iterations, self.kktViolation))
        return "\n".join(lines)


def _cell(v: float, fmt: str) -> str:
    return "" if math.isnan(v) else fmt % v


@java_class("io.sparkglm.spark.ml.GlmRegression")
class GlmRegression(GlmReadable, JavaMLWritable, JavaEstimator, _GlmParams):
    """sparkglm as a spark.ml Estimator (``io.sparkglm.spark.ml.GlmRegression``): a GLM with elastic-net penalty,
    fitted by any registered solver; works in a Pipeline and with CrossValidator.

    >>> glm = GlmRegression(family="binomial", regParam=0.034, elasticNetParam=1.0)
    >>> model = glm.fit(training)          # training: a features vector column and label
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(getattr(type(self), "_java_class"), self.uid)
        self._set_glm_defaults()
        self.setParams(**kwargs)

    def setParams(self, **kwargs: Any) -> "GlmRegression":
        """Sets Params by name (the Java stage's names), checked by the Java stage at once."""
        return self._set_and_check(**kwargs)

    def _create_model(self, java_model: Any) -> "GlmRegressionModel":
        return GlmRegressionModel(java_model)

    def _fit(self, dataset: DataFrame) -> "GlmRegressionModel":
        model = super()._fit(dataset)
        # Java's model has what the fit resolved (featureCols' globs as names, theta's estimate): those win over
        # the estimator's values that PySpark copied onto the Python model. (Over Spark Connect the model lives on the
        # server and only its Params set here travel.)
        if not is_remote():
            model._transfer_params_from_java()
        return model

    def path(self, dataset: DataFrame, nLambda: int = 100, lambdas: Optional[Sequence[float]] = None) -> DataFrame:
        """The regularization path of these Params on ``dataset`` (regParam ignored): glmnet's default sequence of
        ``nLambda`` lambdas from lambda_max down, or the decreasing ``lambdas``; each fit warm-started from the one
        before. One row per lambda: lambda, nonZeros, objective, deviance, devianceExplained, kkt, iterations,
        passes, status, intercept, coefficients (a vector, original scale)."""
        _not_over_connect("GlmRegression.path")
        self._transfer_params_to_java()
        if lambdas is None:
            jdf = self._java_obj.path(dataset._jdf, int(nLambda))
        else:
            sc = dataset.sparkSession.sparkContext
            values = [float(v) for v in lambdas]
            array = sc._gateway.new_array(sc._jvm.double, len(values))
            for i, v in enumerate(values):
                array[i] = v
            jdf = self._java_obj.path(dataset._jdf, array)
        return DataFrame(jdf, dataset.sparkSession)


@java_class("io.sparkglm.spark.ml.GlmRegressionModel")
class GlmRegressionModel(GlmReadable, JavaMLWritable, JavaModel, _GlmParams):
    """A fitted GLM (``io.sparkglm.spark.ml.GlmRegressionModel``): ``transform`` adds the mean (predictionCol),
    optionally eta (linkPredictionCol), and for binomial rawPrediction and probability."""

    def __init__(self, java_model: Any = None) -> None:
        super().__init__(java_model)
        self._set_glm_defaults()

    @property
    def coefficients(self) -> Any:
        """The coefficients on the original feature scale (a DenseVector)."""
        _not_over_connect("GlmRegressionModel.coefficients")
        return self._call_java("coefficients")

    @property
    def intercept(self) -> float:
        """The intercept."""
        _not_over_connect("GlmRegressionModel.intercept")
        return self._call_java("intercept")

    @property
    def numFeatures(self) -> int:
        """The number of features."""
        return self._call_java("numFeatures")

    @property
    def hasSummary(self) -> bool:
        """Whether a training summary is available (only on a model fitted in this session, not a loaded one)."""
        return self._call_java("hasSummary")

    @property
    def summary(self) -> GlmTrainingSummary:
        """The training summary (Java's IllegalStateException, as a Python exception, on a loaded model)."""
        _not_over_connect("GlmRegressionModel.summary")
        return GlmTrainingSummary(self._java_obj.summary())

    def evaluate(self, dataset: DataFrame) -> GlmEvaluation:
        """Scores ``dataset`` (with the label column) and summarizes the fit there: deviance, RMSE/MAE (gaussian),
        log-loss/AUC (binomial)."""
        _not_over_connect("GlmRegressionModel.evaluate")
        self._transfer_params_to_java()
        e = self._java_obj.evaluate(dataset._jdf)
        return GlmEvaluation(e.deviance(), e.meanDeviance(), e.rmse(), e.mae(), e.logLoss(), e.auc(), e.rows())


for _name, _converter, _default, _doc in _PARAMS:
    _add_setter(GlmRegression, _name, _doc)
for _name in _MODEL_SETTERS:
    _add_setter(GlmRegressionModel, _name, dict((n, d) for n, _, _, d in _PARAMS)[_name])


# --- Multinomial (softmax) regression (io.sparkglm.spark.ml.MultinomialRegression, README "Multinomial") ---

from pyspark.ml.classification import (  # noqa: E402  (kept with the classes that use it, for merges)
    _JavaProbabilisticClassificationModel,
    _JavaProbabilisticClassifier,
)

# The estimator's own Params beyond spark.ml's classifier Params (featuresCol, labelCol, predictionCol,
# rawPredictionCol, probabilityCol, thresholds): name, type converter, default (Java's
# io.sparkglm.spark.ml.MultinomialRegression constructor), doc.
_MULTINOMIAL_PARAMS = [
    ("weightCol", _S, "", "row weight column; empty for all weights 1"),
    ("numClasses", _I, 0, "K >= 2, labels 0..K-1; 0: the largest label plus one"),
    ("regParam", _F, 0.0, "regularization lambda >= 0"),
    ("elasticNetParam", _F, 0.0, "alpha in [0, 1]: 0 ridge, 1 lasso"),
    ("standardization", _B, True, "penalize the standardized coefficients"),
    ("solver", _S, "auto", "one of auto, newton, lbfgs, proxgrad, gd"),
    ("maxIter", _I, 100, "maximum iterations >= 1"),
    ("tol", _F, 1e-7, "bound on the certified KKT violation > 0"),
    ("aggregationDepth", _I, 2, "treeAggregate depth >= 1"),
    ("penaltyFactors", _LF, [], "glmnet's penalty.factor: one factor >= 0 per feature, used as given, the same for "
     "every class; empty for all ones"),
]


class _MultinomialParams(Params):
    """The Params of :class:`MultinomialRegression` beyond spark.ml's classifier Params."""

    def _set_multinomial_defaults(self) -> None:
        self._setDefault(**{name: (list(d) if isinstance(d, list) else d) for name, _, d, _ in _MULTINOMIAL_PARAMS})


for _name, _converter, _default, _doc in _MULTINOMIAL_PARAMS:
    _add_param(_MultinomialParams, _name, _converter, _doc)


class MultinomialTrainingSummary(_FitSummary):
    """What a multinomial fit reported (Java's ``MultinomialTrainer.MultinomialFit``): solver, status, the
    certificate, deviance and AIC (as ``nnet::multinom``'s), class weights, warnings."""

    @property
    def status(self) -> str:
        """CONVERGED, MAX_ITERATIONS, LINE_SEARCH_FAILED, NOT_FINITE, STALLED or SEPARATED."""
        return str(self._java_obj.status().name())

    @property
    def warnings(self) -> List[str]:
        """What a statistician would warn about (``separation``, ``fittedAtBoundary``), as ``code: message`` lines."""
        return ["%s: %s" % (w.code(), w.message()) for w in self._java_obj.warnings()]

    @property
    def deviance(self) -> float:
        """``-2 sum_i w_i log p_{i,y_i}``."""
        return self._call_java("deviance")

    @property
    def nullDeviance(self) -> float:
        """The intercept-only model's deviance."""
        return self._call_java("nullDeviance")

    @property
    def aic(self) -> float:
        """``deviance + 2 k``, k = :attr:`aicParameters`."""
        return self._call_java("aic")

    @property
    def aicParameters(self) -> int:
        """The parameters the fit determines ((K-1)(p+1) unpenalized, nnet's edf)."""
        return self._call_java("aicParameters")

    @property
    def classWeights(self) -> List[float]:
        """The weight sum of each class, 0..K-1."""
        return [float(v) for v in self._java_obj.classWeights()]

    @property
    def objectiveHistory(self) -> List[float]:
        """The objective after each iteration."""
        return [float(r.objective()) for r in self._java_obj.history()]


@java_class("io.sparkglm.spark.ml.MultinomialRegression")
class MultinomialRegression(GlmReadable, JavaMLWritable, _JavaProbabilisticClassifier, _MultinomialParams):
    """Multinomial (softmax) regression as a spark.ml probabilistic classifier
    (``io.sparkglm.spark.ml.MultinomialRegression``): glmnet's ``family="multinomial"`` objective, labels the class
    indices 0..K-1; its model outputs rawPrediction (the K linear predictors), probability and prediction, so
    ``MulticlassClassificationEvaluator`` works.

    >>> model = MultinomialRegression(regParam=0.02, elasticNetParam=1.0).fit(training)
    >>> model.coefficientMatrix, model.interceptVector, model.numClasses
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(getattr(type(self), "_java_class"), self.uid)
        self._set_multinomial_defaults()
        self.setParams(**kwargs)

    def setParams(self, **kwargs: Any) -> "MultinomialRegression":
        """Sets Params by name (the Java stage's names), checked by the Java stage at once."""
        return self._set_and_check(**kwargs)

    _set_and_check = _GlmParams._set_and_check

    def _create_model(self, java_model: Any) -> "MultinomialRegressionModel":
        return MultinomialRegressionModel(java_model)


@java_class("io.sparkglm.spark.ml.MultinomialRegressionModel")
class MultinomialRegressionModel(GlmReadable, JavaMLWritable, _JavaProbabilisticClassificationModel):
    """A fitted :class:`MultinomialRegression` (``io.sparkglm.spark.ml.MultinomialRegressionModel``): K x p
    ``coefficientMatrix`` (row k class k's, centred across classes as README "Multinomial" says), K
    ``interceptVector`` (summing to 0); ``numClasses`` and ``numFeatures``; the training ``summary`` on a model
    fitted in this session."""

    def __init__(self, java_model: Any = None) -> None:
        super().__init__(java_model)

    @property
    def coefficientMatrix(self) -> Any:
        """K x p coefficients on the original feature scale (a DenseMatrix), row k class k's."""
        _not_over_connect("MultinomialRegressionModel.coefficientMatrix")
        return self._call_java("coefficientMatrix")

    @property
    def interceptVector(self) -> Any:
        """The K intercepts (a DenseVector), summing to 0."""
        _not_over_connect("MultinomialRegressionModel.interceptVector")
        return self._call_java("interceptVector")

    @property
    def hasSummary(self) -> bool:
        """Whether a training summary is available (only on a model fitted in this session, not a loaded one)."""
        _not_over_connect("MultinomialRegressionModel.hasSummary")
        return self._java_obj.fit() is not None

    @property
    def summary(self) -> MultinomialTrainingSummary:
        """The training summary (a RuntimeError on a loaded model, which has none)."""
        _not_over_connect("MultinomialRegressionModel.summary")
        fit = self._java_obj.fit()
        if fit is None:
            raise RuntimeError("no training summary: this model was loaded, not fitted in this session")
        return MultinomialTrainingSummary(fit)


for _name, _converter, _default, _doc in _MULTINOMIAL_PARAMS:
    _add_setter(MultinomialRegression, _name, _doc)
