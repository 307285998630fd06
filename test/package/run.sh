#!/usr/bin/env bash
# npm run test:package — tests what gets installed, not the source tree (docs/install.md#tests-of-the-installed-packages):
# builds both packages from a clean clone of HEAD, installs the npm tarball into a temporary prefix
# and the .deb into a clean Debian 12 root, and checks the installed service there. Needs root.
# Prints each phase's time and an "N passed, N failed" line; writes test-results-package.json.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
# shellcheck source=test/package/lib.sh
. "$here/lib.sh"
# shellcheck source=test/package/npm-phase.sh
. "$here/npm-phase.sh"
# shellcheck source=test/package/debian-root.sh
. "$here/debian-root.sh"
# shellcheck source=test/package/deb-phase.sh
. "$here/deb-phase.sh"
# shellcheck source=test/package/deb-checks.sh
. "$here/deb-checks.sh"

report() {
  print_timings
  echo "package: $passed passed, $failed failed"
  printf '{"numPassedTests": %d, "numFailedTests": %d}\n' "$passed" "$failed" >"$repo/test-results-package.json"
}

# Outside CI a machine that cannot run the phase skips it; under CI=true that is a failure.
unable() {
  if [ "${CI:-}" = true ]; then
    say "cannot run: $1"
    failed=$((failed + 1))
    report
    exit 1
  fi
  say "skipped: $1"
  echo "package: 0 passed, 0 failed, 1 skipped"
  exit 0
}

[ "$(id -u)" -eq 0 ] || unable "needs root (debootstrap, chroot, mount)"
[ "$(uname -m)" = x86_64 ] || unable "builds an amd64 package; this machine is $(uname -m)"
ensure_debootstrap || unable "debootstrap is missing and apt-get could not install it"

work=$(mktemp -d /tmp/squall-package-test.XXXXXX)
cleanup() {
  stop_root_processes
  unmount_root "$work/root"
  if nothing_mounted_under "$work"; then rm -rf "$work"; else say "left $work: something is still mounted in it"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

phase "build: clean clone of $(git -C "$repo" rev-parse --short HEAD), npm ci, npm pack"
git clone --quiet "$repo" "$work/src" && git -C "$work/src" checkout --quiet --detach "$(git -C "$repo" rev-parse HEAD)"
mkdir -p "$work/out"
(
  cd "$work/src" &&
    npm ci --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error >"$work/npm-ci.log" 2>&1 &&
    npm pack --pack-destination "$work/out" --silent >"$work/npm-pack.log" 2>&1
) || {
  tail -n 30 "$work/npm-ci.log" "$work/npm-pack.log" >&2
  unable_to_build=1
}
check "npm pack builds the tarball from the clean clone" test -z "${unable_to_build:-}"
tarball=$(ls "$work"/out/squall-*.tgz 2>/dev/null | head -n 1)
[ -n "$tarball" ] || {
  report
  exit 1
}

# The npm install and the .deb build each compile better-sqlite3: side by side on the two cores.
phase "build: npm install -g of the tarball beside npm run package:deb, and a clean Debian 12 root"
install_npm_package "$tarball" "$work/npm-prefix" &
npm_install=$!
prepare_root "$work/root" >"$work/root.log" 2>&1 &
root_ready=$!
(cd "$work/src" && npm run --silent package:deb -- --tarball "$tarball" --out "$work/out") >"$work/deb-build.log" 2>&1
deb_built=$?
check "npm run package:deb builds the .deb from the clean clone" bash -c "[ $deb_built -eq 0 ] || { tail -n 30 '$work/deb-build.log'; exit 1; }"
deb=$(ls "$work"/out/squall_*_amd64.deb 2>/dev/null | head -n 1)
wait "$npm_install"
npm_installed=$?
wait "$root_ready"
root_prepared=$?

npm_phase "$work" "$npm_installed"
if [ -n "$deb" ] && [ "$root_prepared" -eq 0 ]; then
  deb_phase "$deb" "$work"
else
  check "a clean Debian 12 root is ready" bash -c "[ $root_prepared -eq 0 ] || { tail -n 30 '$work/root.log'; exit 1; }"
fi

report
[ "$failed" -eq 0 ]
