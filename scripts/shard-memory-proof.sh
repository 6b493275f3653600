#!/usr/bin/env bash
# Memory proof for `shard` (issue #19): on a standalone cluster of this machine
# (scripts/local-cluster.sh: 2 workers x 1 core), executors with spark.executor.memory=1g shard a
# multi-GB Reddit dump twice -- the spoilers configuration (one subreddit, two labels) and the
# language-model configuration with no subreddit filter (every post, one label: the whole dump
# goes through de-duplication and the split) -- and the Spark event logs are checked for failed
# tasks, retried stages and lost executors. A manual run (several minutes), not a CI test.
#
#   mvn -B -DskipTests package
#   scripts/charspark bench --suite shard --output /tmp/bench-shard   # generates and caches the dump
#   scripts/shard-memory-proof.sh [DUMP_DIR] [OUT_DIR]
#
# DUMP_DIR defaults to the newest cached full-size bench dump (~/.cache/charspark/bench/shard-dump-*2200mb-12files-seed42).
# Prints one table row per run: wall time, rows, failed tasks, stage retries, lost executors, and
# the peak RSS of the executor JVMs (VmHWM, sampled every second).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CHARSPARK_BENCH_CACHE:-$HOME/.cache/charspark/bench}"
DUMP="${1:-$(ls -td "$CACHE"/shard-dump-*2200mb-12files-seed42 2>/dev/null | head -n1)}"
OUT="${2:-/tmp/charspark-shard-memory-proof}"
[[ -f "$DUMP/_COMPLETE" ]] || { echo "shard-memory-proof: no dump in $DUMP (run bench --suite shard first)" >&2; exit 1; }

export CHARSPARK_CLUSTER_DIR="$OUT/cluster"
rm -rf "$OUT"
mkdir -p "$OUT/events"
cd "$ROOT"
url="$(scripts/local-cluster.sh start --workers 2 --cores 1 --memory 1g | tail -n1)"
trap 'scripts/local-cluster.sh stop >/dev/null' EXIT
export SPARK_HOME
SPARK_HOME="$(scripts/local-cluster.sh home)"

cat > "$OUT/spark.properties" <<EOF
spark.executor.memory 1g
spark.eventLog.enabled true
spark.eventLog.dir file://$OUT/events
EOF
export CHARSPARK_PROPERTIES="$OUT/spark.properties"

# Peak RSS of the executor JVMs: VmHWM of every CoarseGrainedExecutorBackend, sampled each second.
sample() {
  local peak=0 pid kb
  while :; do
    for pid in $(pgrep -f CoarseGrainedExecutorBackend || true); do
      kb="$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"
      [[ -n "$kb" && "$kb" -gt "$peak" ]] && peak="$kb" && echo "$peak" > "$1"
    done
    sleep 1
  done
}

run() { # name conf extra-args...
  local name="$1" conf="$2"
  shift 2
  echo 0 > "$OUT/$name.rss"
  sample "$OUT/$name.rss" &
  local sampler=$!
  local t0 t1
  t0=$(date +%s.%N)
  scripts/charspark shard --master "$url" --conf "$conf" --input "$DUMP" --output "$OUT/$name" "$@" \
    > "$OUT/$name.log" 2>&1 || { kill "$sampler"; cat "$OUT/$name.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  kill "$sampler"
  local events
  events="$(ls -t "$OUT"/events/* | head -n1)"
  python3 - "$events" "$name" "$t0" "$t1" "$(cat "$OUT/$name.rss")" "$OUT/$name/manifest.json" <<'PY'
import json, sys
events, name, t0, t1, rss_kb, manifest = sys.argv[1:7]
wall = float(t1) - float(t0)
failed = retried = lost = tasks = 0
attempts = {}
for line in open(events):
    e = json.loads(line)
    kind = e.get("Event")
    if kind == "SparkListenerTaskEnd":
        tasks += 1
        if e["Task End Reason"]["Reason"] != "Success":
            failed += 1
    elif kind == "SparkListenerStageSubmitted":
        info = e["Stage Info"]
        if info.get("Stage Attempt ID", 0) > 0:
            retried += 1
    elif kind == "SparkListenerExecutorRemoved":
        reason = e.get("Removed Reason", "")
        if "stopped" not in reason.lower() and "shutdown" not in reason.lower():
            lost += 1
m = json.load(open(manifest))
print(f"| {name} | {wall:.0f} s | {m['input_records']:,} | {m['output_rows']:,} | {tasks} | {failed} | {retried} "
      f"| {lost} | {int(rss_kb) / 1024:.0f} MB |")
PY
}

echo "| run | wall | input records | output rows | tasks | failed tasks | stage retries | executors removed | executor peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
run spoilers conf/spoilers.conf
run lm-all-rows conf/showerthoughts.conf --set 'input.subreddits=[]'
