#!/usr/bin/env bash
# Bench only: `make PY=` this wrapper. Runs $BENCH_PYTHON (the venv's Python) and appends
# the wall time of each call to $BENCH_TIME_LOG ("start end exit-code args"); see build.make_site.
start=$EPOCHREALTIME
"$BENCH_PYTHON" "$@"
rc=$?
echo "$start $EPOCHREALTIME $rc $*" >> "$BENCH_TIME_LOG"
exit $rc
