# The project's jars and their runtime dependencies (sourced by scripts/sparkglm, scripts/cluster, scripts/gen-data).
#
# sparkglm_classpath sets
#   SPARKGLM_APP_JAR      glm-spark's jar (the spark-submit primary resource, main class io.sparkglm.spark.cli.SparkGlm)
#   SPARKGLM_MODULE_JARS  glm-core, admm, async-admm jars, comma-separated (spark-submit --jars)
#   SPARKGLM_DEPS         the runtime dependency classpath Maven resolved (Spark, Scala, ...), colon-separated
#   SPARKGLM_ONE_JAR      the one application jar of the four modules (dist's io.sparkglm:sparkglm; not built here)
# building the modules with Maven on first use or when a pom or main source changed. With SPARKGLM_CLASSPATH set
# (a colon-separated runtime classpath, e.g. what `mvn dependency:build-classpath` wrote) nothing is built: the
# module jars must already be packaged (the integration tests run the scripts this way inside `mvn verify`).
SPARKGLM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPARKGLM_VERSION="0.1.0-SNAPSHOT"
SPARKGLM_APP_JAR="$SPARKGLM_ROOT/glm-spark/target/glm-spark-$SPARKGLM_VERSION.jar"
SPARKGLM_ONE_JAR="${SPARKGLM_ONE_JAR:-$SPARKGLM_ROOT/dist/target/sparkglm-$SPARKGLM_VERSION.jar}"  # dist's PySparkIT sets it (the -Pspark-4.2 jar)
SPARKGLM_MODULE_JARS="$SPARKGLM_ROOT/glm-core/target/glm-core-$SPARKGLM_VERSION.jar,$SPARKGLM_ROOT/admm/target/admm-$SPARKGLM_VERSION.jar,$SPARKGLM_ROOT/async-admm/target/async-admm-$SPARKGLM_VERSION.jar"

sparkglm_needs_build() {
  local cp_file="$1"
  [ -f "$SPARKGLM_APP_JAR" ] && [ -f "$cp_file" ] || return 0
  [ -n "$(find "$SPARKGLM_ROOT/pom.xml" "$SPARKGLM_ROOT"/*/pom.xml "$SPARKGLM_ROOT"/*/src/main -newer "$cp_file" \
      -print -quit 2>/dev/null)" ]
}

sparkglm_classpath() {
  local cache="$SPARKGLM_ROOT/scripts/.cache" jar
  local cp_file="$cache/classpath.txt"
  if [ -n "${SPARKGLM_CLASSPATH:-}" ]; then
    for jar in "$SPARKGLM_APP_JAR" ${SPARKGLM_MODULE_JARS//,/ }; do
      [ -f "$jar" ] || { echo "sparkglm: SPARKGLM_CLASSPATH is set (no build) but $jar is missing;" \
          "run 'mvn -B package -DskipTests' first" >&2; return 1; }
    done
    SPARKGLM_DEPS="$SPARKGLM_CLASSPATH"
    return 0
  fi
  if sparkglm_needs_build "$cp_file"; then
    echo "sparkglm: building (first use or sources changed) ..." >&2
    mkdir -p "$cache"
    # -DskipTests, not -Dmaven.test.skip: admm's tests need glm-spark's test-jar resolved even when skipped.
    (cd "$SPARKGLM_ROOT" && mvn -B -q -DskipTests package dependency:build-classpath \
        -Dmdep.outputFile="$cp_file.tmp" -Dmdep.includeScope=runtime -pl async-admm -am) >&2
    mv "$cp_file.tmp" "$cp_file"
  fi
  SPARKGLM_DEPS="$(cat "$cp_file")"
}

# The jars of SPARKGLM_DEPS that are not the project's own, one per line (a Spark "jars/" folder's content).
sparkglm_third_party_jars() {
  tr ':' '\n' <<<"$SPARKGLM_DEPS" | grep -v "^$SPARKGLM_ROOT/" | grep '\.jar$'
}
