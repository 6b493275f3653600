#!/usr/bin/env bash
# A real multi-process Spark standalone cluster on 127.0.0.1, built from the project's own
# Maven-resolved Spark jars (no Spark download needed): one Master and N Workers in their own JVMs;
# the Workers start executors in their own JVMs.
#
#   scripts/local-cluster.sh start [--workers 2] [--cores 1] [--memory 3g] [--gpus N]   # last line: spark://127.0.0.1:PORT
#   scripts/local-cluster.sh status
#   scripts/local-cluster.sh stop
#
# It also lays out a SPARK_HOME (jars/ = links to Spark's jars, bin/spark-submit = Spark's own
# SparkSubmit class with the Java 17 flags), printed by `status`, so that
#   SPARK_HOME=$(scripts/local-cluster.sh home) scripts/charspark train --master spark://… …
# goes through spark-submit with the jar `mvn package` builds, as on a real cluster.
# State lives in $CHARSPARK_CLUSTER_DIR (default target/local-cluster). Only processes this script
# started (by pid) are stopped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${CHARSPARK_CLUSTER_DIR:-$ROOT/target/local-cluster}"
HOME_DIR="$DIR/spark-home"
CP_FILE="$ROOT/jobs/target/classpath.txt"
# What a Spark installation does not ship: the application's own libraries, which reach the
# executors only through the application jar (as with spark-submit on a real cluster).
# In a reactor build the classpath names charspark-common by its module output (common/target/...).
APP_ONLY='/(org/deeplearning4j|org/nd4j|org/bytedeco|io/charspark|net/datafaker|info/picocli|com/typesafe/config|org/jfree)/|charspark-common|/target/classes'

die() { echo "local-cluster: $*" >&2; exit 1; }

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # file pattern seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

layout_home() {
  [[ -f "$CP_FILE" ]] || (cd "$ROOT" && mvn -B -q -DskipTests -pl jobs -am generate-resources >&2)
  rm -rf "$HOME_DIR"
  mkdir -p "$HOME_DIR/jars" "$HOME_DIR/bin" "$HOME_DIR/conf"
  tr ':' '\n' < "$CP_FILE" | grep -Ev "$APP_ONLY" | while read -r jar; do
    [[ -n "$jar" ]] && ln -sf "$jar" "$HOME_DIR/jars/$(basename "$jar")"
  done
  cat > "$HOME_DIR/bin/spark-submit" <<SUBMIT
#!/usr/bin/env bash
# spark-submit for this Maven-built SPARK_HOME: Spark's own SparkSubmit, Java 17 flags.
set -euo pipefail
mapfile -t flags < "$ROOT/conf/jvm.options"
export SPARK_HOME="$HOME_DIR" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
unset SPARK_TESTING
exec java "\${flags[@]}" \${SPARK_SUBMIT_OPTS:-} -cp "$HOME_DIR/conf:$HOME_DIR/jars/*" org.apache.spark.deploy.SparkSubmit "\$@"
SUBMIT
  chmod +x "$HOME_DIR/bin/spark-submit"
  # Spark reads its logging setup from SPARK_HOME/conf: the launcher's quiet one (warnings only).
  cp "$ROOT/jobs/src/main/resources/log4j2.properties" "$HOME_DIR/conf/log4j2.properties"
}

start() {
  local workers=2 cores=1 memory=3g gpus=0
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --gpus) gpus="$2"; shift 2 ;;
      --workers) workers="$2"; shift 2 ;;
      --cores) cores="$2"; shift 2 ;;
      --memory) memory="$2"; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  alive "$DIR/master.pid" && die "already running: $(cat "$DIR/master.url") (stop it first)"
  mkdir -p "$DIR"
  rm -f "$DIR"/*.pid "$DIR"/*.log "$DIR/master.url"
  layout_home
  mapfile -t flags < "$ROOT/conf/jvm.options"
  export SPARK_HOME="$HOME_DIR" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
  unset SPARK_TESTING
  local cp="$HOME_DIR/jars/*"
  nohup java "${flags[@]}" -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port 0 --webui-port 0 > "$DIR/master.log" 2>&1 &
  echo $! > "$DIR/master.pid"
  wait_for "$DIR/master.log" "Starting Spark master at spark://" 60 || { stop; die "master did not start (see $DIR/master.log)"; }
  local url
  url="$(grep -o 'spark://[0-9.]*:[0-9]*' "$DIR/master.log" | head -n1)"
  echo "$url" > "$DIR/master.url"
  echo "local-cluster: master $url (pid $(cat "$DIR/master.pid"))"
  # Each Worker offers --gpus GPUs, found by scripts/gpu-discovery.sh (CHARSPARK_FAKE_GPUS=N in
  # the environment makes it report N GPUs on a machine without any, for tests).
  local gpu_opts=()
  if [[ "$gpus" != 0 ]]; then
    gpu_opts=(-Dspark.worker.resource.gpu.amount="$gpus"
      -Dspark.worker.resource.gpu.discoveryScript="$ROOT/scripts/gpu-discovery.sh")
  fi
  for ((i = 1; i <= workers; i++)); do
    mkdir -p "$DIR/work-$i"
    nohup java "${flags[@]}" "${gpu_opts[@]}" -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --port 0 --webui-port 0 --cores "$cores" --memory "$memory" \
      --work-dir "$DIR/work-$i" "$url" > "$DIR/worker-$i.log" 2>&1 &
    echo $! > "$DIR/worker-$i.pid"
  done
  for ((i = 1; i <= workers; i++)); do
    wait_for "$DIR/worker-$i.log" "Successfully registered with master" 60 \
      || { stop; die "worker $i did not register (see $DIR/worker-$i.log)"; }
    echo "local-cluster: worker $i registered (pid $(cat "$DIR/worker-$i.pid"), $cores core(s), $memory, $gpus GPU(s))"
  done
  echo "$url"
}

stop() {
  local f pid
  # Workers first: a Worker that stops kills the executors it started.
  for f in "$DIR"/worker-*.pid "$DIR"/master.pid; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      pkill -TERM -P "$pid" 2>/dev/null || true
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
      echo "local-cluster: stopped $(basename "$f" .pid) (pid $pid)"
    fi
    rm -f "$f"
  done
  rm -f "$DIR/master.url"
}

status() {
  local f any=0
  for f in "$DIR"/master.pid "$DIR"/worker-*.pid; do
    [[ -f "$f" ]] || continue
    any=1
    if alive "$f"; then echo "$(basename "$f" .pid): running (pid $(cat "$f"))"; else echo "$(basename "$f" .pid): dead"; fi
  done
  [[ $any == 1 ]] || { echo "local-cluster: not running"; return 1; }
  echo "SPARK_HOME=$HOME_DIR"
  [[ -f "$DIR/master.url" ]] && cat "$DIR/master.url"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  home) echo "$HOME_DIR" ;;
  *) echo "usage: $0 start [--workers N] [--cores C] [--memory M] | stop | status | home" >&2; exit 2 ;;
esac
