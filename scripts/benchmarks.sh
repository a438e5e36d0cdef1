# The benchmarks module's classpath (sourced by the benchmark scripts and, with SPARKGLM_BENCHMARKS=1, by
# scripts/sparkglm). The benchmarks (benchmarks/: every benchmark, MLlib's contestants, the data generator) are
# never in the product's jars; this builds them, with the product modules, on first use or when a pom or source
# changed (SPARKGLM_BENCH_CLASSPATH, a runtime classpath, skips the build), and sets
#   SPARKGLM_BENCH_CP   the benchmarks jar and its runtime classpath (the product modules, glm-spark's test jar for
#                       the reference problems, Spark, MLlib, ...), colon-separated
SPARKGLM_BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPARKGLM_BENCH_JAR="$SPARKGLM_BENCH_ROOT/benchmarks/target/sparkglm-benchmarks-0.1.0-SNAPSHOT.jar"

sparkglm_bench_classpath() {
  local cp_file="$SPARKGLM_BENCH_ROOT/benchmarks/target/classpath.txt"
  if [ -n "${SPARKGLM_BENCH_CLASSPATH:-}" ]; then
    # No build (as SPARKGLM_CLASSPATH for the product): the jar must be packaged, the runtime classpath given.
    [ -f "$SPARKGLM_BENCH_JAR" ] || { echo "sparkglm: SPARKGLM_BENCH_CLASSPATH is set (no build) but" \
        "$SPARKGLM_BENCH_JAR is missing; run 'mvn -B package -DskipTests' first" >&2; return 1; }
    SPARKGLM_BENCH_CP="$SPARKGLM_BENCH_JAR:$SPARKGLM_BENCH_CLASSPATH"
    return 0
  fi
  if [ ! -f "$SPARKGLM_BENCH_JAR" ] || [ ! -f "$cp_file" ] || [ -n "$(find "$SPARKGLM_BENCH_ROOT/pom.xml" \
      "$SPARKGLM_BENCH_ROOT"/*/pom.xml "$SPARKGLM_BENCH_ROOT"/*/src -newer "$cp_file" -print -quit 2>/dev/null)" ]; then
    echo "sparkglm: building the benchmarks (first use or sources changed) ..." >&2
    # One reactor build, nothing installed in ~/.m2; every module writes the file, benchmarks' (the last) wins.
    (cd "$SPARKGLM_BENCH_ROOT" && mvn -B -q -DskipTests package dependency:build-classpath \
        -Dmdep.outputFile="$cp_file.tmp" -Dmdep.includeScope=runtime -pl benchmarks -am) >&2
    mv "$cp_file.tmp" "$cp_file"
  fi
  SPARKGLM_BENCH_CP="$SPARKGLM_BENCH_JAR:$(cat "$cp_file")"
}

# Runs a benchmark main class in one JVM on local[*]: HEAP, then the class and its arguments. The JVM flags of
# scripts/jvm-flags.sh, OPENBLAS_NUM_THREADS=1, the loopback binding; SPARKGLM_BENCH_LOG4J replaces the logging
# configuration and SPARKGLM_BENCH_JAVA_OPTS adds JVM options (e.g. a flight recording).
sparkglm_bench_java() {
  local heap="$1"; shift
  sparkglm_bench_classpath
  # shellcheck source=jvm-flags.sh
  source "$SPARKGLM_BENCH_ROOT/scripts/jvm-flags.sh"
  export OPENBLAS_NUM_THREADS=1 SPARK_LOCAL_IP=127.0.0.1
  # shellcheck disable=SC2086 # word splitting of the extra options is intended
  exec java -Xmx"$heap" "${SPARKGLM_JVM_FLAGS[@]}" ${SPARKGLM_BENCH_JAVA_OPTS:-} \
    -Dlog4j2.configurationFile="${SPARKGLM_BENCH_LOG4J:-$SPARKGLM_BENCH_ROOT/scripts/bench-log4j2.properties}" \
    -cp "$SPARKGLM_BENCH_CP" "$@"
}
