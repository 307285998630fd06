# Sourced by run.sh. The .deb in the clean Debian 12 root: dpkg -i there (never on this machine),
# serverspec-style checks, the service started the way its unit says, an upgrade, a purge.

UNIT=/lib/systemd/system/squall.service
SERVICE_HOME=/var/lib/squall

unit_value() { sed -n "s/^$2=//p" "$1$UNIT" | tail -n 1; }

# start_service ROOT LOG — the unit's ExecStart as systemd would run it, without systemd: in the
# root, as its User and Group (with the user's groups), with NoNewPrivileges, a clean environment
# plus the unit's Environment= lines, from its WorkingDirectory. Sets service_pid.
start_service() {
  local root=$1 log=$2 exec_start workdir
  local -a environment
  exec_start=$(unit_value "$root" ExecStart)
  workdir=$(unit_value "$root" WorkingDirectory)
  mapfile -t environment < <(sed -n 's/^Environment=//p' "$root$UNIT")
  # shellcheck disable=SC2086 # ExecStart is split into words, as systemd does
  chroot "$root" /usr/bin/setpriv --reuid="$(unit_value "$root" User)" --regid="$(unit_value "$root" Group)" \
    --init-groups --no-new-privs /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    "${environment[@]}" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "${workdir:-/}" $exec_start >>"$log" 2>&1 &
  service_pid=$!
  root_pids+=("$service_pid")
}

# Sets service_status; not inside `check`, whose subshell could not wait for the process.
stop_service() {
  kill -TERM "$service_pid" 2>/dev/null
  wait "$service_pid"
  service_status=$?
}

# as_squall ROOT command… — a CLI command inside the root as the service's user.
as_squall() {
  local root=$1
  shift
  chroot "$root" /usr/bin/setpriv --reuid=squall --regid=squall --init-groups \
    /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=$SERVICE_HOME "$@"
}

# proc_status_field PID FIELD — e.g. "997 997 997 997" for Uid (real, effective, saved, filesystem).
proc_status_field() { awk -v field="$2:" '$1 == field { $1 = ""; print substr($0, 2) }' "/proc/$1/status"; }

# A pack in a git repository inside the root (/srv/pkgtest), owned by the service's user.
make_pack_repository() {
  local root=$1 repo_dir=$1/srv/pkgtest
  mkdir -p "$repo_dir/actions"
  printf '%s\n' 'ref: pkgtest' 'name: pkgtest' 'version: 1.0.0' \
    'description: installed from a local git repository by the package test' 'author: squall tests' \
    >"$repo_dir/pack.yaml"
  printf '%s\n' 'name: hello' 'runner_type: local-shell-cmd' 'description: says hello' \
    'parameters:' '  cmd:' '    default: echo hello from pkgtest' >"$repo_dir/actions/hello.yaml"
  git -C "$repo_dir" init --quiet &&
    git -C "$repo_dir" add . &&
    git -C "$repo_dir" -c user.name=test -c user.email=test@localhost commit --quiet -m 'pkgtest 1.0.0' &&
    chown -R "$(in_root "$root" id -u squall):$(in_root "$root" id -g squall)" "$repo_dir"
}

# pack_action_runs API — runs pkgtest.hello through the API and waits for it to succeed.
pack_action_runs() {
  local api=$1 execution
  http POST "$api/executions" '{"action": "pkgtest.hello"}' >/dev/null || return 1
  wait_for 120 finished_execution "$api" pkgtest.hello || return 1
  execution=$(finished_execution "$api" pkgtest.hello)
  equals "$(json_get "$execution" 'v.status + " " + v.result.stdout.trim()')" 'succeeded hello from pkgtest'
}

execution_status() { json_get "$(http GET "$1/executions/$2")" 'v.status'; }

# Every path of the root outside the kernel's, dpkg's and apt's own bookkeeping and the test's.
snapshot_files() {
  (cd "$1" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./tmp -o -path ./srv -o -path ./var/lib/dpkg \
    -o -path ./var/log -o -path ./var/cache -o -path ./run \) -prune -o -print | sort)
}

# repack_deb DEB VERSION OUT — the same package under a higher version (control and package.json).
repack_deb() {
  local dir=$work/repack
  dpkg-deb -R "$1" "$dir" &&
    sed -i "s/^Version: .*/Version: $2/" "$dir/DEBIAN/control" &&
    (cd "$dir/opt/squall/lib" && npm pkg set "version=$2") &&
    dpkg-deb --root-owner-group -Zgzip -z1 --build "$dir" "$3" >/dev/null &&
    rm -rf "$dir"
}

# deb_phase DEB WORK — with WORK/root prepared by prepare_root.
deb_phase() {
  local deb=$1 work=$2 root=$2/root
  local version upgraded api first_execution
  version=$(dpkg-deb -f "$deb" Version)
  upgraded=$version+upgrade1
  snapshot_files "$root" >"$work/files-before"
  cp "$root/etc/passwd" "$work/passwd-before" && cp "$root/etc/group" "$work/group-before"

  phase "deb: dpkg -i $(basename "$deb") in the root"
  cp "$deb" "$root/tmp/"
  check "dpkg -i installs the package in a clean Debian 12 root" in_root "$root" dpkg -i "/tmp/$(basename "$deb")"
  install_checks "$root" "$version"

  phase "deb: the service started as its unit says, webhook, pack install"
  write_webhook_rule "$root$SERVICE_HOME"
  chown -R "$(in_root "$root" id -u squall):$(in_root "$root" id -g squall)" "$root$SERVICE_HOME/rules"
  # The admin's edit of the conffile (a random port, so tests beside this one never collide); the
  # upgrade below must keep it.
  sed -i 's/^  port: 9101$/  port: 0 # edited by the package test/' "$root/etc/squall/squall.yaml"
  start_service "$root" "$work/service.log"
  service_checks "$root" "$work/service.log"
  api=$(api_of "$root$SERVICE_HOME" || echo "http://127.0.0.1:1/api/v1")
  first_execution=$(json_get "$(finished_execution "$api" core.local || echo '{}')" 'v.id')
  check "a pack in a local git repository" make_pack_repository "$root"
  check "squall pack install from a local git repository, as squall" \
    as_squall "$root" /usr/bin/squall pack install file:///srv/pkgtest
  check "the installed pack is in the service's home" test -f "$root$SERVICE_HOME/packs/pkgtest/pack.yaml"
  check "the installed pack's action runs" pack_action_runs "$api"
  stop_service
  check "the service stops on SIGTERM with exit 0" equals "$service_status" 0
  check "the stopped service removed its pid file" absent "$root$SERVICE_HOME/data/squall.pid"

  phase "deb: upgrade to $upgraded"
  check "the same package with a higher version builds" repack_deb "$deb" "$upgraded" "$root/tmp/squall_${upgraded}_amd64.deb"
  check "dpkg -i upgrades over the installed package" in_root "$root" dpkg -i "/tmp/squall_${upgraded}_amd64.deb"
  check "squall --version prints the new version" equals "$(in_root "$root" /usr/bin/squall --version)" "$upgraded"
  check "the edited config survived the upgrade" contains "$root/etc/squall/squall.yaml" 'port: 0 # edited by the package test'
  start_service "$root" "$work/service.log"
  check "the upgraded service serves its API again" wait_for 120 api_of "$root$SERVICE_HOME"
  api=$(api_of "$root$SERVICE_HOME" || echo "http://127.0.0.1:1/api/v1")
  check "the execution history survived the upgrade" equals "$(execution_status "$api" "$first_execution")" succeeded
  check "the installed pack survived the upgrade" pack_loaded "$api" pkgtest
  check "a webhook runs after the upgrade" webhook_after_upgrade "$api"
  stop_service
  check "the upgraded service stops on SIGTERM with exit 0" equals "$service_status" 0

  phase "deb: purge"
  check "dpkg --purge removes the package" in_root "$root" dpkg --purge squall
  purge_checks "$root" "$work"
}

webhook_after_upgrade() {
  local api=$1 before
  before=$(json_get "$(http GET "$api/executions?action=core.local&status=succeeded")" 'v.length')
  http POST "$api/webhooks/package-test" '{"name": "the-upgrade"}' >/dev/null &&
    wait_for 120 executions_at_least "$api" core.local $((before + 1))
}

executions_at_least() {
  local list
  list=$(http GET "$1/executions?action=$2&status=succeeded") || return 1
  [ "$(json_get "$list" 'v.length')" -ge "$3" ]
}
