# Sourced by ./mvnw and ./rectifier: sets JAVA_HOME to a JDK 21 or newer, or exits with advice.
# Order: $JAVA_HOME if it is 21+, then the newest JDK under /usr/lib/jvm and
# /Library/Java/JavaVirtualMachines, then the `java` on PATH.

rectifier_java_major() {
  # Prints the major version of the java binary given as $1 (17, 21, 25, ...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

rectifier_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(rectifier_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      return 0
    fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(rectifier_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(rectifier_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  fi
  echo "error: Rectifier needs a JDK 21 or newer, and none was found in JAVA_HOME, /usr/lib/jvm or on PATH." >&2
  echo "Install one (for example Debian's openjdk-21-jdk or a Temurin 21+ build), or set JAVA_HOME to it." >&2
  exit 1
}

rectifier_find_jdk
RECTIFIER_JAVA_MAJOR=$(rectifier_java_major "$JAVA_HOME/bin/java")
export RECTIFIER_JAVA_MAJOR
