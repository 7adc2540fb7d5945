#!/usr/bin/env bash
# Before the browser tests: every port they will listen on must be free, or Playwright refuses to
# start its podscope and none of its tests run. The ports derive from PODSCOPE_E2E_PORT (default
# 7700) as playwright.config.ts (API, web UI = +10) and e2e/drain.spec.ts (a second podscope, +50
# and +60) derive them. Prints the PODSCOPE_E2E_PORT to use. When a port is held, names it and the
# process holding it; then picks the next base whose ports are all free, unless PODSCOPE_E2E_PORT
# was given (the caller asked for those ports): then it stops with exit status 1.
set -uo pipefail
OFFSETS=(0 10 50 60)
ROLES=("API" "web UI" "second API (drain spec)" "second web UI (drain spec)")

# "pid N (its command line)" of the process listening on a port; fails when nothing listens.
holder() {
  local line pid
  line=$(ss -Hltnp "sport = :$1" 2>/dev/null | head -1)
  [ -n "$line" ] || return 1
  pid=$(grep -o 'pid=[0-9]*' <<<"$line" | head -1 | cut -d= -f2)
  if [ -n "$pid" ]; then echo "pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160 | sed 's/ *$//'))"
  else echo "a process ss cannot name (not root?)"; fi
}

# Names every held port of a base on stderr; fails when any is held.
free_base() {
  local base=$1 i who ok=0
  for i in "${!OFFSETS[@]}"; do
    if who=$(holder $((base + OFFSETS[i]))); then
      echo "browser tests: port $((base + OFFSETS[i])) (${ROLES[i]}) is in use by $who" >&2
      ok=1
    fi
  done
  return $ok
}

base=${PODSCOPE_E2E_PORT:-7700}
if free_base "$base"; then echo "$base"; exit 0; fi
if [ -n "${PODSCOPE_E2E_PORT:-}" ]; then
  echo "browser tests: PODSCOPE_E2E_PORT=$base was asked for; stop that process or choose another PODSCOPE_E2E_PORT" >&2
  exit 1
fi
for try in $(seq $((base + 1)) $((base + 9))); do
  if free_base "$try" 2>/dev/null; then
    echo "browser tests: using PODSCOPE_E2E_PORT=$try instead (ports $try, $((try + 10)), $((try + 50)), $((try + 60)))" >&2
    echo "$try"; exit 0
  fi
done
echo "browser tests: no free ports between $base and $((base + 9)) (+10, +50, +60); set PODSCOPE_E2E_PORT to a free base" >&2
exit 1
