# Sourced by the scripts in bin/ and by .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Tandem targets Java 21 and is built and run with Temurin 25. Order of preference: Temurin 25
# under /usr/lib/jvm, then $JAVA_HOME, then any other JDK under /usr/lib/jvm, newest first.

tandem_java_major() { # prints the feature version of the JDK at $1, or nothing
    local v=""
    # The JDK's release file says it without starting a JVM (a fifth of a second saved per run).
    [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9.]*\).*/\1/p' "$1/release")
    [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    echo "${v%%.*}"
}

tandem_find_jdk() { # prints "MAJOR:PATH" of the first JDK 21+ found
    local c major
    for c in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
        [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
        major=$(tandem_java_major "$c")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            echo "$major:$c"
            return 0
        fi
    done
    return 1
}

if ! tandem_found=$(tandem_find_jdk); then
    echo "tandem: no JDK 21 or newer found (looked at /usr/lib/jvm/temurin-25-jdk-amd64, \$JAVA_HOME and /usr/lib/jvm/*)." >&2
    echo "tandem: install Temurin 25 (or any JDK >= 21) and/or set JAVA_HOME to it." >&2
    exit 1
fi
# Both kept, so that callers need not start a JVM again to learn the version.
TANDEM_JAVA_MAJOR=${tandem_found%%:*}
export JAVA_HOME="${tandem_found#*:}"
export PATH="$JAVA_HOME/bin:$PATH"
