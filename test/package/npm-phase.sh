# Sourced by run.sh. The npm tarball, installed globally into a temporary prefix the way a user
# would (`npm install -g`), then started on a home outside the package.

# install_npm_package TARBALL PREFIX — npm's own output goes to PREFIX.log.
install_npm_package() {
  npm install -g --prefix "$2" --prefer-offline --no-audit --no-fund --loglevel=error "$1" >"$2.log" 2>&1
}

# write_webhook_rule HOME_DIR PACK_REF — a rule on the webhook "package-test" running core.local.
write_webhook_rule() {
  mkdir -p "$1/rules"
  cat >"$1/rules/package_test.yaml" <<EOF
---
name: package_test
pack: default
description: the package test's webhook runs a shell command
enabled: true
trigger:
  type: core.st2.webhook
  parameters:
    url: package-test
action:
  ref: core.local
  parameters:
    cmd: echo "installed squall ran {{ trigger.body.name }}"
EOF
}

# api_of HOME_DIR — the API base URL a started server recorded in its home.
api_of() {
  local file=$1/data/squall.url
  [ -s "$file" ] || return 1
  printf '%s/api/v1' "$(head -n 1 "$file")"
}

# webhook_runs API — posts the webhook and waits for core.local to succeed with the body's name.
webhook_runs() {
  local api=$1 execution
  http POST "$api/webhooks/package-test" '{"name": "the-webhook"}' >/dev/null || return 1
  wait_for 120 finished_execution "$api" core.local || {
    echo "no finished core.local execution after 120 s"
    return 1
  }
  execution=$(finished_execution "$api" core.local)
  equals "$(json_get "$execution" 'v.status')" succeeded &&
    equals "$(json_get "$execution" 'v.result.stdout.trim()')" 'installed squall ran the-webhook'
}

pack_loaded() { http GET "$1/packs/$2" | grep -q '"ref"'; }

# npm_phase WORK INSTALL_STATUS — after run.sh ran install_npm_package into WORK/npm-prefix.
npm_phase() {
  local work=$1 installed=$2
  local prefix=$work/npm-prefix home=$work/npm-home
  local app=$prefix/lib/node_modules/squall
  phase "npm: the tarball installed with npm install -g --prefix <tmp>"
  check "npm install -g --prefix <tmp> of the tarball succeeds" \
    bash -c "[ $installed -eq 0 ] || { tail -n 30 '$prefix.log'; exit 1; }"
  check "the package has no TypeScript sources" absent "$app/src"
  check "the package has no source maps" bash -c "! find '$app/dist' -name '*.map' | grep -q ."
  check "the migrations ship with the compiled store" test -f "$app/dist/store/migrations/sqlite/0001_schema.sql"
  local tool
  for tool in tsx typescript vitest eslint esbuild; do
    check "dev tool $tool is not installed" absent "$app/node_modules/$tool"
  done
  check "squall --version prints the package's version" \
    equals "$("$prefix/bin/squall" --version 2>&1)" "$(node -p "require('$app/package.json').version")"

  phase "npm: start on a temporary home, webhook to an execution"
  write_webhook_rule "$home"
  # The npm install's own home, so an unset SQUALL_HOME from the caller cannot leak in.
  SQUALL_HOME=$home "$prefix/bin/squall" start --port 0 >"$work/npm-squall.log" 2>&1 &
  local pid=$!
  root_pids+=("$pid")
  check "the installed squall serves its API" wait_for 120 api_of "$home"
  local api
  api=$(api_of "$home" || echo "http://127.0.0.1:1/api/v1")
  check "the bundled core pack is loaded" pack_loaded "$api" core
  check "a webhook to a rule in the home runs core.local" webhook_runs "$api"
  check "the store is in the home, not in the package" test -f "$home/data/squall.db"
  check "nothing was written into the package" absent "$app/data"
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  check "squall stops on SIGTERM with exit 0" equals "$?" 0
  [ "$failed" -eq 0 ] || tail -n 30 "$work/npm-squall.log" >&2
}
