"""How PySpark finds the Python class of a sparkglm stage read from the JVM.

PySpark turns a Java class name into a Python class by replacing ``org.apache.spark`` with ``pyspark`` and importing
the rest as a module path, in two places: ``JavaParams._from_java`` (a Java object's wrapper: nested stages of
``Pipeline``, ``PipelineModel``, ``CrossValidatorModel`` read by the JVM) and ``DefaultParamsReader.loadParamsInstance``
(a saved stage's directory: PySpark 4's own readers of ``Pipeline``, ``PipelineModel``, ``CrossValidator(Model)`` and
``TrainValidationSplit(Model)`` load every stage with it). sparkglm's classes live in the Java package
``io.sparkglm...``, whose first part is Python's standard ``io`` module, so that import fails. As SynapseML does for
``com.microsoft.azure.synapse.ml`` (its ``java_params_patch`` module replaces ``JavaParams._from_java``), this module
replaces both functions with ones that map the Java classes registered with :func:`java_class` to their Python
classes and do what PySpark's do for every other class. Its reader likewise names the Java class explicitly instead
of deriving it from the Python module.
"""

from typing import Any, Callable, Dict, Type, TypeVar

from pyspark.ml.util import DefaultParamsReader, JavaMLReadable, JavaMLReader, MLReader
from pyspark.ml.wrapper import JavaModel, JavaParams
from pyspark.sql import is_remote

_T = TypeVar("_T")

# Java class name -> Python class, filled by @java_class.
_PYTHON_CLASSES: Dict[str, type] = {}


def java_class(name: str) -> Callable[[Type[_T]], Type[_T]]:
    """Class decorator: the decorated Python wrapper stands for the Java class ``name`` (its ``_java_class``)."""

    def register(cls: Type[_T]) -> Type[_T]:
        setattr(cls, "_java_class", name)
        _PYTHON_CLASSES[name] = cls
        return cls

    return register


def python_class(java_class_name: str) -> type:
    """The Python wrapper registered for a sparkglm Java class (``NotImplementedError`` when there is none)."""
    try:
        return _PYTHON_CLASSES[java_class_name]
    except KeyError:
        raise NotImplementedError(
            "sparkglm has no Python wrapper for the Java class %s (known: %s)"
            % (java_class_name, ", ".join(sorted(_PYTHON_CLASSES)))
        ) from None


def _stage_from_java(java_stage: Any) -> JavaParams:
    """A Python wrapper around ``java_stage``, a sparkglm stage (as PySpark's ``_from_java`` does for its own)."""
    py_type = python_class(java_stage.getClass().getName())
    py_stage = py_type()
    py_stage._java_obj = java_stage
    if issubclass(py_type, JavaModel):
        py_stage._create_params_from_java()
    py_stage._resetUid(java_stage.uid())
    py_stage._transfer_params_from_java()
    return py_stage


def install_java_class_mapping() -> None:
    """Makes ``JavaParams._from_java`` and ``DefaultParamsReader.loadParamsInstance`` map sparkglm's Java classes to
    their wrappers (idempotent)."""
    _install_from_java()
    _install_load_params_instance()


def _install_load_params_instance() -> None:
    current = DefaultParamsReader.__dict__["loadParamsInstance"]
    if getattr(current, "_sparkglm", False):
        return
    pyspark_load = current.__func__ if isinstance(current, staticmethod) else current
    get_class = getattr(DefaultParamsReader, "_DefaultParamsReader__get_class", None)

    def loadParamsInstance(path: str, sc: Any) -> Any:
        name = DefaultParamsReader.loadMetadata(path, sc)["class"]
        if name in _PYTHON_CLASSES:
            return _PYTHON_CLASSES[name].load(path)
        if get_class is None:  # not the PySpark this was written against: its function reads the metadata again
            return pyspark_load(path, sc)
        # What PySpark's function does with the class name it read.
        if name.startswith("pyspark.ml."):
            return get_class(name).load(path)
        return get_class(name.replace("org.apache.spark", "pyspark")).load(path)

    wrapped = staticmethod(loadParamsInstance)
    setattr(loadParamsInstance, "_sparkglm", True)
    setattr(wrapped, "_sparkglm", True)
    DefaultParamsReader.loadParamsInstance = wrapped  # type: ignore[assignment]


def _install_from_java() -> None:
    current = JavaParams.__dict__["_from_java"]
    if getattr(current, "_sparkglm", False):
        return
    pyspark_from_java = current.__func__ if isinstance(current, staticmethod) else current

    def _from_java(java_stage: Any) -> Any:
        if java_stage.getClass().getName() in _PYTHON_CLASSES:
            return _stage_from_java(java_stage)
        return pyspark_from_java(java_stage)

    wrapped = staticmethod(_from_java)
    setattr(_from_java, "_sparkglm", True)
    setattr(wrapped, "_sparkglm", True)
    JavaParams._from_java = wrapped  # type: ignore[assignment]


class GlmReader(JavaMLReader):
    """Reads a sparkglm stage with its Java class's reader (``_java_class``, not a name derived from Python's)."""

    @classmethod
    def _java_loader_class(cls, clazz: type) -> str:
        return getattr(clazz, "_java_class")


class RemoteGlmReader(MLReader):
    """Reads a sparkglm stage over Spark Connect. PySpark's ``RemoteMLReader`` names the Java class after the Python
    module (``sparkglm.regression.X``), which the server does not know; this asks the server to read the Java class
    ``_java_class`` (registered in the jar's ``META-INF/services``) and wraps what it returns as PySpark's does."""

    def __init__(self, clazz: type) -> None:
        super().__init__()
        self._clazz = clazz

    def load(self, path: str) -> Any:
        import pyspark.sql.connect.proto as pb2
        from pyspark.ml.connect.serialize import deserialize, deserialize_param
        from pyspark.ml.util import RemoteModelRef
        from pyspark.sql.connect.session import SparkSession

        session = SparkSession.getActiveSession()
        if session is None:
            raise RuntimeError("no active Spark Connect session to load %s from %s" % (self._clazz.__name__, path))
        is_model = issubclass(self._clazz, JavaModel)
        kind = pb2.MlOperator.OPERATOR_TYPE_MODEL if is_model else pb2.MlOperator.OPERATOR_TYPE_ESTIMATOR
        command = pb2.Command()
        command.ml_command.read.CopyFrom(pb2.MlCommand.Read(
            operator=pb2.MlOperator(name=getattr(self._clazz, "_java_class"), type=kind), path=path))
        (_, properties, _) = session.client.execute_command(command)
        result = deserialize(properties)
        instance = self._clazz(RemoteModelRef(result.obj_ref.id)) if is_model else self._clazz()
        instance._resetUid(result.uid)
        instance._set(**{k: deserialize_param(v) for k, v in result.params.params.items()})
        return instance


class GlmReadable(JavaMLReadable):
    """``read()`` and ``load(path)`` of a sparkglm stage, in a classic session or over Spark Connect."""

    @classmethod
    def read(cls) -> Any:
        """An MLReader for this class."""
        return RemoteGlmReader(cls) if is_remote() else GlmReader(cls)

    @classmethod
    def _from_java(cls, java_stage: Any) -> Any:
        return _stage_from_java(java_stage)
