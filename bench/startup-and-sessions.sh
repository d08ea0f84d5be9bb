#!/usr/bin/env bash
# Measures, for the production jar on the embedded default (H2 with demo data, on loopback):
#  - cold start to healthy (readiness UP), three runs, median;
#  - memory of the portal with 20 signed-in browser sessions.
# usage: bench/startup-and-sessions.sh   (builds the production jar; needs chromium and npm)
set -euo pipefail
cd "$(dirname "$0")/.."
# always the production jar: the jar of a plain `./mvnw verify` is a development build
./mvnw -q -Pproduction -DskipTests package
JAR=$(ls target/esteira-*.jar | head -1)
for tool in curl node npm chromium; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
"$JAVA" -XX:AOTCacheOutput=/dev/null -version >/dev/null 2>&1 || { echo "needs a JDK 25+ (set JAVA_HOME)" >&2; exit 1; }
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
# waits for readiness; gives up when the portal dies or after two minutes
await_healthy() {
  local deadline=$(( $(date +%s) + 120 ))
  until curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "$PID" 2>/dev/null || { echo "the portal stopped; see $DATA/portal.log" >&2; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "not healthy after 120 s" >&2; exit 1; }
    sleep 0.2
  done
}
PORT=18080
# the metrics the session benchmark reads need the scrape credential
export ESTEIRA_METRICS_PASSWORD=${ESTEIRA_METRICS_PASSWORD:-bench-$(date +%s%N)}
DATA=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$DATA"' EXIT

# three cold starts of the given java arguments on the same data; the last one keeps running (PID)
median_start() {
  local label="$1"; shift
  local times=() run t0
  for run in 1 2 3; do
    t0=$(now)
    ESTEIRA_DATA_DIR="$DATA" PORT=$PORT "$JAVA" "$@" > "$DATA/portal.log" 2>&1 &
    PID=$!
    await_healthy
    times+=("$(secs "$t0" "$(now)")")
    echo "$label, run $run: healthy after ${times[-1]} s"
    [ "$run" = 3 ] || { kill "$PID"; wait "$PID" 2>/dev/null || true; }
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 2p | xargs -I{} echo "$label, median of 3: {} s"
}

median_start "fat jar" -jar "$JAR"

# The same, laid out as the Docker image runs it: extracted jar plus an ahead-of-time class cache
# recorded by a training run (JDK 25; JEP 483/514/515).
AOT_DIR="$DATA/aot"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --application-filename app.jar --destination "$AOT_DIR" >/dev/null
ESTEIRA_DATA_DIR="$DATA/training" ESTEIRA_DEMO=false "$JAVA" -XX:AOTCacheOutput="$AOT_DIR/app.aot" \
  -Dspring.context.exit=onRefresh -jar "$AOT_DIR/app.jar" > "$DATA/training.log" 2>&1
kill "$PID"; wait "$PID" 2>/dev/null || true
median_start "with the AOT cache" -XX:AOTCache="$AOT_DIR/app.aot" -Xlog:aot=off -Xlog:aot+codecache=off -jar "$AOT_DIR/app.jar"

(cd bench && [ -d node_modules ] || npm install --silent --no-audit --no-fund)
node bench/sessions.mjs "http://localhost:$PORT" "$PID" 20 "$(dirname "$JAVA")/jcmd"
kill "$PID"
