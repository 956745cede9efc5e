# Sourced by p4j (in the source tree and installed): sets JAVA_HOME to a JDK 25 or newer, or exits 2 saying so.
# Looks at $JAVA_HOME, then every JDK under /usr/lib/jvm (the default java may be older).

p4j_java_major() { # prints the feature version of the java at $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n1
}

p4j_find_jdk() {
  local candidates=()
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/*; do [[ -d $d ]] && candidates+=("$d"); done
  for d in "${candidates[@]}"; do
    if [[ -x $d/bin/java && -x $d/bin/javac ]]; then
      local v; v=$(p4j_java_major "$d/bin/java")
      if [[ -n $v && $v -ge 25 ]]; then echo "$d"; return 0; fi
    fi
  done
  return 1
}

if ! JAVA_HOME=$(p4j_find_jdk); then
  echo "p4j: no JDK 25 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "p4j: install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  exit 2
fi
export JAVA_HOME

# How p4j starts its JVM: the rank threads' stacks, the collector the benchmarks were measured with,
# native access for the MPI engine (java.lang.foreign), the Vector API for the arrays' SIMD loops
# (an incubating module: the JVM says so in one line on stderr), and P4J_JAVA_OPTS from the user.
p4j_jvm_options=(-XX:+UseParallelGC -Xss4m --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector)
if [[ -n ${P4J_JAVA_OPTS:-} ]]; then
  read -r -a p4j_user_options <<< "$P4J_JAVA_OPTS"
  p4j_jvm_options+=("${p4j_user_options[@]}")
fi
