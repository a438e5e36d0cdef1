"""One SparkSession for the whole suite: local[2], the driver on 127.0.0.1, sparkglm's one jar, the JVM flags of the
root pom.xml (scripts/python-tests sets SPARKGLM_JAR, SPARKGLM_JVM_FLAGS and SPARKGLM_ROOT)."""

import os

import pytest
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def spark():
    jar = os.environ["SPARKGLM_JAR"]
    flags = os.environ.get("SPARKGLM_JVM_FLAGS", "")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("sparkglm-pytest")
        .config("spark.jars", jar)
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.extraJavaOptions", flags)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("WARN")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def jvm(spark):
    return spark.sparkContext._jvm


@pytest.fixture(scope="session")
def binom(spark):
    """scripts/sample/binom.csv (4000 rows, 15 features) with a features vector, in 2 partitions, cached."""
    path = os.path.join(os.environ["SPARKGLM_ROOT"], "scripts", "sample", "binom.csv")
    raw = spark.read.option("header", True).option("inferSchema", True).csv(path)
    x = [c for c in raw.columns if c != "label"]
    df = VectorAssembler(inputCols=x, outputCol="features").transform(raw).repartition(2, "x1").cache()
    df.count()
    return df
