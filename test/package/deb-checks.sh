# Sourced by run.sh. The serverspec-style checks of the installed .deb, run by deb_phase.

# install_checks ROOT VERSION — files, owners, modes, the user, the unit, the CLI.
install_checks() {
  local root=$1 version=$2 uid gid passwd
  uid=$(in_root "$root" id -u squall)
  gid=$(in_root "$root" id -g squall)
  passwd=$(in_root "$root" getent passwd squall)
  check "dpkg lists squall as installed" \
    equals "$(in_root "$root" dpkg-query -W -f='${Status} ${Version}' squall)" "install ok installed $version"
  check "user squall exists, a system user" test -n "$uid" -a "${uid:-1000}" -lt 1000
  check "group squall exists" in_root "$root" getent group squall
  check "squall's home is /var/lib/squall, shell nologin" \
    equals "$(cut -d: -f6,7 <<<"$passwd")" "$SERVICE_HOME:/usr/sbin/nologin"
  check "/usr/bin/squall: root, 0755" stat_is "$root/usr/bin/squall" "0:0 755 regular file"
  check "/opt/squall/bin/node: the bundled runtime, root, 0755" stat_is "$root/opt/squall/bin/node" "0:0 755 regular file"
  check "the root has no Node.js of its own" absent "$root/usr/bin/node"
  check "/opt/squall/lib holds the compiled CLI" test -f "$root/opt/squall/lib/dist/cli/main.js"
  check "better-sqlite3 ships built" test -f "$root/opt/squall/lib/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
  check "no TypeScript sources in /opt/squall" absent "$root/opt/squall/lib/src"
  local tool
  for tool in tsx typescript vitest; do
    check "no dev tool $tool in /opt/squall" absent "$root/opt/squall/lib/node_modules/$tool"
  done
  check "/etc/squall/squall.yaml: root:squall, 0640" stat_is "$root/etc/squall/squall.yaml" "0:$gid 640 regular file"
  check "/etc/squall/squall.yaml is a conffile" \
    contains <(in_root "$root" dpkg-query -W -f='${Conffiles}' squall) /etc/squall/squall.yaml
  check "the config keeps the API on loopback" contains "$root/etc/squall/squall.yaml" '^  host: 127.0.0.1$'
  check "/var/lib/squall: squall:squall, 0750" stat_is "$root$SERVICE_HOME" "$uid:$gid 750 directory"
  check "the home's squall.yaml links to /etc/squall/squall.yaml" \
    equals "$(readlink "$root$SERVICE_HOME/squall.yaml")" /etc/squall/squall.yaml
  check "$UNIT: root, 0644" stat_is "$root$UNIT" "0:0 644 regular file"
  check "systemd-analyze verify accepts the unit" unit_verifies "$root"
  local setting
  for setting in User=squall Group=squall Restart=on-failure NoNewPrivileges=yes ProtectSystem=strict \
    ReadWritePaths=$SERVICE_HOME PrivateTmp=yes; do
    check "the unit sets $setting" contains "$root$UNIT" "^$setting\$"
  done
  check "the unit is enabled (multi-user.target wants it)" \
    test -L "$root/etc/systemd/system/multi-user.target.wants/squall.service"
  check "/usr/bin/squall --version prints $version" equals "$(in_root "$root" /usr/bin/squall --version)" "$version"
}

# systemd-analyze verify exits 0 and has nothing to say about the unit.
unit_verifies() {
  local output
  output=$(in_root "$1" systemd-analyze verify "$UNIT" 2>&1) || {
    echo "$output"
    return 1
  }
  if grep -q squall <<<"$output"; then
    echo "$output"
    return 1
  fi
}

# service_checks ROOT LOG — the started service: its user, its API, a webhook to an execution.
service_checks() {
  local root=$1 log=$2 api uid
  uid=$(in_root "$root" id -u squall)
  check "the service serves its API" wait_for 120 api_of "$root$SERVICE_HOME"
  api=$(api_of "$root$SERVICE_HOME" || echo "http://127.0.0.1:1/api/v1")
  check "the API listens on loopback" equals "${api%%:[0-9]*}" "http://127.0.0.1"
  check "the service runs as squall" equals "$(proc_status_field "$service_pid" Uid)" "$uid $uid $uid $uid"
  check "the service runs with NoNewPrivs" equals "$(proc_status_field "$service_pid" NoNewPrivs)" 1
  check "the service runs the bundled Node.js" equals "$(readlink "/proc/$service_pid/exe")" "$(cd "$root" && pwd -P)/opt/squall/bin/node"
  check "the bundled packs are loaded" pack_loaded "$api" core
  check "a webhook to a rule in the service's home runs core.local" webhook_runs "$api"
  check "the service logs to stdout" contains "$log" 'squall API listening'
  check "the store is in the home" test -f "$root$SERVICE_HOME/data/squall.db"
}

# purge_checks ROOT WORK — nothing left of Squall but its data (docs/install.md#removal).
purge_checks() {
  local root=$1 work=$2
  snapshot_files "$root" >"$work/files-after"
  check "after purge only /var/lib/squall is left (docs/install.md)" left_only_data "$work"
  check "the data is kept: the store" test -f "$root$SERVICE_HOME/data/squall.db"
  check "the home's link to the config is gone" absent "$root$SERVICE_HOME/squall.yaml"
  check "/etc/squall is gone" absent "$root/etc/squall"
  check "/opt/squall is gone" absent "$root/opt/squall"
  check "/usr/bin/squall is gone" absent "$root/usr/bin/squall"
  check "the unit is gone" absent "$root$UNIT"
  check "user squall is gone" bash -c "! grep -q '^squall:' '$root/etc/passwd' '$root/etc/shadow'"
  check "group squall is gone" bash -c "! grep -q '^squall:' '$root/etc/group' '$root/etc/gshadow'"
  check "/etc/passwd is as before the install" cmp "$work/passwd-before" "$root/etc/passwd"
  check "/etc/group is as before the install" cmp "$work/group-before" "$root/etc/group"
}

# Paths added or removed by install + upgrade + purge: /var/lib/squall, the backups that
# useradd/userdel keep of the files they edit, and /opt, which debootstrap makes but no package of
# a minbase root claims, so dpkg removes it, empty, with the last package that had files in it.
left_only_data() {
  local changed
  changed=$(diff "$1/files-before" "$1/files-after" | sed -n 's/^[<>] //p' |
    grep -v -E "^\./var/lib/squall(/|\$)|^\./etc/(passwd|group|shadow|gshadow|subuid|subgid)-\$|^\./opt\$")
  [ -z "$changed" ] || {
    echo "left behind or removed:"
    echo "$changed"
    return 1
  }
}
