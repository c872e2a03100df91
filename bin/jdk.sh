# shellcheck shell=sh
# Sourced by mvnw, bin/temblor and .ci/run: selects a JDK 25+ and exports JAVA_HOME, or stops with one line.
temblor_default_jdk=/usr/lib/jvm/temurin-25-jdk-amd64
temblor_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
temblor_pick_jdk() {
  for candidate in "${JAVA_HOME-}" "$temblor_default_jdk"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$(temblor_java_major "$candidate")
    case "$major" in
      ''|*[!0-9]*) continue ;;
    esac
    if [ "$major" -ge 25 ]; then
      JAVA_HOME=$candidate
      export JAVA_HOME
      return 0
    fi
  done
  echo "temblor: JDK 25 or newer is required; install Temurin 25 (e.g. at $temblor_default_jdk) or set JAVA_HOME to a JDK 25." >&2
  exit 1
}
temblor_pick_jdk
