# The JVM flags Spark 4 needs on Java 17 (sourced by the scripts). One list in the project: the property
# spark.jvm.flags of the root pom.xml (which the tests' JVMs get through surefire and failsafe); it is read from
# there into the array SPARKGLM_JVM_FLAGS.
_sparkglm_pom="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/pom.xml"
_sparkglm_flags="$(sed -n 's:.*<spark\.jvm\.flags>\(.*\)</spark\.jvm\.flags>.*:\1:p' "$_sparkglm_pom")"
if [ -z "$_sparkglm_flags" ]; then
  echo "sparkglm: cannot read the property spark.jvm.flags from $_sparkglm_pom" >&2
  return 1 2>/dev/null || exit 1
fi
read -r -a SPARKGLM_JVM_FLAGS <<< "$_sparkglm_flags"
unset _sparkglm_pom _sparkglm_flags
