# Sourced by run.sh. A clean Debian 12 root for each run: unpacked from a tarball of a debootstrap
# made once and cached (gitignored .cache/debootstrap, or $SQUALL_DEBOOTSTRAP_CACHE), with /proc and
# /dev mounted while the test runs in it.

SUITE=bookworm
# systemd for systemd-analyze (it does not run as PID 1 there), git for pack installs from git.
ROOT_PACKAGES=systemd,git
root_cache_dir=${SQUALL_DEBOOTSTRAP_CACHE:-$repo/.cache/debootstrap}
root_cache=$root_cache_dir/$SUITE-minbase-${ROOT_PACKAGES//,/-}.tar
root_pids=()

ensure_debootstrap() {
  command -v debootstrap >/dev/null && return 0
  say "installing debootstrap with apt-get"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq debootstrap; } >&2
  command -v debootstrap >/dev/null
}

# The cached tarball, made with debootstrap when missing (several minutes; once per machine).
ensure_root_cache() {
  [ -s "$root_cache" ] && return 0
  mkdir -p "$root_cache_dir"
  (
    flock 9
    [ -s "$root_cache" ] && exit 0
    local tmp=$root_cache_dir/.debootstrap.$$
    rm -rf "$tmp"
    say "debootstrap $SUITE (minbase + $ROOT_PACKAGES) into the cache $root_cache"
    debootstrap --variant=minbase --include="$ROOT_PACKAGES" "$SUITE" "$tmp" &&
      rm -rf "$tmp"/var/cache/apt/archives/*.deb &&
      tar -C "$tmp" -cf "$root_cache.partial" . &&
      mv "$root_cache.partial" "$root_cache"
    local status=$?
    rm -rf "$tmp"
    exit $status
  ) 9>"$root_cache_dir/.lock"
}

# prepare_root DIR — a fresh copy of the cached root, with /proc and /dev mounted.
prepare_root() {
  local root=$1
  ensure_root_cache || return 1
  mkdir -p "$root"
  tar -C "$root" -xf "$root_cache" || return 1
  mount -t proc proc "$root/proc" || return 1
  mount --bind /dev "$root/dev" || return 1
  mkdir -p "$root/run/lock"
}

unmount_root() {
  local root=$1 mounted
  [ -d "$root" ] || return 0
  for mounted in "$root/dev" "$root/proc"; do
    if mountpoint -q "$mounted"; then umount "$mounted" 2>/dev/null || umount -l "$mounted"; fi
  done
}

# in_root ROOT command… — a command inside the root, with a clean environment.
in_root() {
  local root=$1
  shift
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root "$@"
}

# Processes this test started inside the root, and whatever they left running there (their
# children: sensors, action hosts), found by their root folder.
stop_root_processes() {
  local pid
  for pid in "${root_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  [ -n "${work:-}" ] && [ -d "$work/root" ] || return 0
  local root
  root=$(cd "$work/root" && pwd -P)
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    if [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
}
