#!/usr/bin/env bash
# Install the PostgreSQL JDBC driver that tests/clients/test_jdbc.py drives
# against `pgref serve` (Debian's libpostgresql-jdbc-java; the jar lands in
# /usr/share/java/postgresql.jar).  Idempotent: does nothing when the jar is
# already there.  Needs root (or sudo) and apt-get; Java 17 (java, javac)
# comes from the default-jdk-headless package if it is missing.
#
# Usage: scripts/setup_jdbc.sh          exit 0 when the jar (and javac) are present
# Environment: PGREF_JDBC_JAR overrides the jar's path.
set -euo pipefail

JAR="${PGREF_JDBC_JAR:-/usr/share/java/postgresql.jar}"

if [[ -f "$JAR" ]] && command -v javac >/dev/null && command -v java >/dev/null; then
    exit 0
fi

if ! command -v apt-get >/dev/null; then
    echo "setup_jdbc: apt-get is not available; install the PostgreSQL JDBC driver" \
         "(libpostgresql-jdbc-java) and a JDK by hand, or set PGREF_JDBC_JAR" >&2
    exit 2
fi

SUDO=""
if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null; then
        SUDO="sudo -n"
    else
        echo "setup_jdbc: need root (or sudo) to run apt-get" >&2
        exit 2
    fi
fi

packages=()
[[ -f "$JAR" ]] || packages+=(libpostgresql-jdbc-java)
command -v javac >/dev/null || packages+=(default-jdk-headless)

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null 2>&1; then
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null
fi

if [[ ! -f "$JAR" ]]; then
    echo "setup_jdbc: $JAR is still missing after installing ${packages[*]}" >&2
    exit 1
fi
