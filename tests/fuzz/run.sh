#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer harnesses with clang and runs each from its seed corpus.
# By default every harness makes MUSTER_FUZZ_RUNS inputs (default 150000) from MUSTER_FUZZ_SEED
# (default 1) in a fresh scratch corpus, so the same commit always fuzzes the same inputs: a CI
# run cannot fail by luck. MUSTER_FUZZ_SECONDS=N instead explores for N seconds in all, with a
# random seed and the scratch corpus kept between runs; that is for finding new failures.
# A crash stops the run with a non-zero exit and leaves the input under build-fuzz/artifacts/;
# docs/fuzzing.md says what to do with it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="$root/build-fuzz"
seconds=${MUSTER_FUZZ_SECONDS:-}
runs=${MUSTER_FUZZ_RUNS:-150000}
seed=${MUSTER_FUZZ_SEED:-1}
targets=(eureka_json eureka_xml servicecomb request_framing journal)

log="$build/fuzz-build.log"
mkdir -p "$build"
if ! { cmake -S "$here" -B "$build" -G Ninja -Wno-dev -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
       && cmake --build "$build"; } >"$log" 2>&1; then
  cat "$log"
  echo "muster: the fuzz harnesses did not build; the log above is also in $log" >&2
  exit 1
fi

if [ -n "$seconds" ]; then
  each=$(( seconds / ${#targets[@]} ))
  [ "$each" -ge 1 ] || each=1
  budget=(-max_total_time="$each")
else
  budget=(-runs="$runs" -seed="$seed")
fi
mkdir -p "$build/artifacts"
for target in "${targets[@]}"; do
  # New inputs go to a scratch corpus; the seeds in the repository stay as they are.
  work="$build/corpus/$target"
  [ -n "$seconds" ] || rm -rf "$work"
  mkdir -p "$work"
  echo "muster: fuzzing $target (${budget[*]})"
  if ! "$build/fuzz_$target" "${budget[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/artifacts/$target-" "$work" "$here/corpus/$target" \
       >"$build/$target.log" 2>&1; then
    tail -n 60 "$build/$target.log"
    echo "muster: fuzz_$target found a failure; the input is in $build/artifacts/" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/$target.log" | sed "s/^/  $target /" || true
done
