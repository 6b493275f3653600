#!/usr/bin/env bash
# Spark GPU discovery script (spark.{worker,executor,driver}.resource.gpu.discoveryScript).
# Prints the GPUs of this host in Spark's ResourceInformation JSON: {"name":"gpu","addresses":["0","1"]}.
# Uses nvidia-smi; CHARSPARK_FAKE_GPUS=N pretends N GPUs exist (tests on machines without one).
set -euo pipefail
if [[ -n "${CHARSPARK_FAKE_GPUS:-}" ]]; then
  ids=$(seq -s '","' 0 $((CHARSPARK_FAKE_GPUS - 1)))
elif command -v nvidia-smi >/dev/null 2>&1; then
  ids=$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | paste -sd, - | sed 's/,/","/g')
else
  ids=""
fi
if [[ -z "$ids" ]]; then echo '{"name":"gpu","addresses":[]}'; else echo "{\"name\":\"gpu\",\"addresses\":[\"$ids\"]}"; fi
