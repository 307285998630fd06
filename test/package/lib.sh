# Helpers for test/package/*.sh (sourced): serverspec-style checks, phase timings, HTTP calls and
# waits against a started Squall.

passed=0
failed=0
phase_names=()
phase_seconds=()
phase_started=0

say() { printf 'test:package: %s\n' "$*" >&2; }

# check "what it asserts" command args… — runs the command, counts and prints the outcome.
check() {
  local what=$1
  shift
  local output
  if output=$("$@" 2>&1); then
    passed=$((passed + 1))
    printf '  ok    %s\n' "$what"
  else
    failed=$((failed + 1))
    printf '  FAIL  %s\n' "$what"
    [ -z "$output" ] || printf '%s\n' "$output" | sed 's/^/        /' | head -n 20
  fi
}

# Assertions usable with check.
equals() {
  [ "$1" = "$2" ] || {
    echo "expected: $2"
    echo "actual:   $1"
    return 1
  }
}
absent() { [ ! -e "$1" ] && [ ! -L "$1" ] || { echo "$1 exists"; return 1; }; }
# owned_as PATH OWNER:GROUP MODE (octal, e.g. 750) — stat of a path inside a root is taken by name
# from that root's passwd, so callers pass the numeric ids resolved there.
stat_is() { equals "$(stat -c '%u:%g %a %F' "$1")" "$2"; }
contains() { grep -q -- "$2" "$1" || { echo "$1 does not contain $2"; return 1; }; }

phase() {
  local now
  now=$(date +%s.%N)
  if [ ${#phase_names[@]} -gt 0 ]; then end_phase "$now"; fi
  phase_names+=("$1")
  phase_started=$now
  say "phase: $1"
}

end_phase() {
  phase_seconds+=("$(awk -v a="$phase_started" -v b="$1" 'BEGIN { printf "%.1f", b - a }')")
}

print_timings() {
  [ ${#phase_names[@]} -gt ${#phase_seconds[@]} ] && end_phase "$(date +%s.%N)"
  local i total=0
  echo "test:package timings (seconds):"
  for i in "${!phase_names[@]}"; do
    printf '  %7s  %s\n' "${phase_seconds[$i]}" "${phase_names[$i]}"
    total=$(awk -v a="$total" -v b="${phase_seconds[$i]}" 'BEGIN { printf "%.1f", a + b }')
  done
  printf '  %7s  total\n' "$total"
}

# http METHOD URL [JSON body] — prints the response body; fails on a status ≥ 400.
http() {
  local method=$1 url=$2 body=${3:-}
  node -e '
    const [method, url, body] = process.argv.slice(1);
    const init = { method, headers: body ? { "content-type": "application/json" } : {} };
    if (body) init.body = body;
    fetch(url, init).then(async (response) => {
      const text = await response.text();
      process.stdout.write(text);
      if (response.status >= 400) { console.error(`\nHTTP ${response.status} from ${method} ${url}`); process.exit(1); }
    }, (error) => { console.error(`${method} ${url}: ${error.message}`); process.exit(1); });
  ' "$method" "$url" "$body"
}

# wait_for SECONDS command args… — until the command succeeds (conditions, never a fixed sleep).
wait_for() {
  local deadline=$(($(date +%s) + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# json_get JSON_TEXT JS_EXPRESSION_ON_v — e.g. json_get "$body" 'v[0].status'
json_get() { node -e 'const v = JSON.parse(process.argv[1]); const r = eval(process.argv[2]); process.stdout.write(typeof r === "string" ? r : JSON.stringify(r ?? null));' "$1" "$2"; }

# The first execution of ACTION at API (base URL up to /api/v1) that has finished, as JSON.
finished_execution() {
  local api=$1 action=$2 list
  list=$(http GET "$api/executions?action=$action") || return 1
  node -e '
    const done = ["succeeded", "failed", "timeout", "canceled", "abandoned"];
    const found = JSON.parse(process.argv[1]).find((e) => done.includes(e.status));
    if (!found) process.exit(1);
    process.stdout.write(JSON.stringify(found));
  ' "$list"
}

# A folder path is safe to delete only when nothing is mounted under it.
nothing_mounted_under() {
  ! awk '{ print $2 }' /proc/self/mounts | grep -q -- "^$1"
}
