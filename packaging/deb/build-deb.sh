#!/usr/bin/env bash
# npm run package:deb [-- --out DIR] [--version V] [--tarball FILE]
#
# Builds squall_<version>_amd64.deb, self-contained: the npm package (compiled JavaScript, bundled
# packs, Python host), its production node_modules with native modules built for the Node.js that
# runs this script, and that Node.js itself, all under /opt/squall. Prints the .deb's path.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$repo/dist-packages
version=
tarball=

while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --tarball) tarball=$2; shift 2 ;;
    *) echo "package:deb: unknown option $1 (use --out DIR, --version V, --tarball FILE)" >&2; exit 2 ;;
  esac
done

log() { printf 'package:deb: %s\n' "$*" >&2; }

for tool in dpkg-deb npm node; do
  command -v "$tool" >/dev/null || { log "$tool is missing (apt-get install dpkg / nodejs)"; exit 1; }
done
arch=$(dpkg --print-architecture)
[ "$arch" = amd64 ] || { log "this machine is $arch; the package bundles its Node.js, so build it on amd64"; exit 1; }

# The runtime the package ships, and the one npm builds better-sqlite3 against below.
node_bin=$(node -p process.execPath)
umask 022
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/root
app=$stage/opt/squall/lib

if [ -z "$tarball" ]; then
  log "npm pack (builds dist/)"
  name=$(cd "$repo" && npm pack --pack-destination "$out" --silent | tail -n 1)
  tarball=$out/$name
fi
log "unpacking $tarball into /opt/squall/lib"
mkdir -p "$app"
tar -xzf "$tarball" -C "$app" --strip-components=1 --no-same-owner
[ -n "$version" ] || version=$(cd "$app" && node -p 'require("./package.json").version')
(cd "$app" && npm pkg set "version=$version")

log "production dependencies, native modules built for $("$node_bin" --version) ($node_bin)"
cp "$repo/package-lock.json" "$app/"
(
  cd "$app"
  npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error
  npm rebuild better-sqlite3 --prefer-offline --loglevel=error
)
rm -f "$app/package-lock.json"
sqlite=$app/node_modules/better-sqlite3
rm -rf "$sqlite/deps" "$sqlite/src" "$sqlite/build/Release/obj" "$sqlite/build/Release/obj.target" \
  "$sqlite/build/Release/.deps" "$sqlite/build/Release/test_extension.node" "$sqlite/build/deps"

install -D -m 0755 "$node_bin" "$stage/opt/squall/bin/node"
if command -v strip >/dev/null; then strip --strip-debug "$stage/opt/squall/bin/node"; fi
"$stage/opt/squall/bin/node" -e "
  const Database = require('$sqlite');
  if (new Database(':memory:').prepare('select 1 as one').get().one !== 1) process.exit(1);
" || { log "better-sqlite3 does not load with the bundled Node.js"; exit 1; }

install -D -m 0755 "$here/squall" "$stage/usr/bin/squall"
install -D -m 0644 "$here/squall.service" "$stage/lib/systemd/system/squall.service"
install -D -m 0644 "$here/squall.yaml" "$stage/etc/squall/squall.yaml"
install -D -m 0644 "$repo/docs/install.md" "$stage/usr/share/doc/squall/install.md"
install -D -m 0644 "$here/copyright" "$stage/usr/share/doc/squall/copyright"

mkdir -p "$stage/DEBIAN"
install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" "$stage/DEBIAN/"
echo /etc/squall/squall.yaml >"$stage/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$here/control.in" >"$stage/DEBIAN/control"
find "$stage" -type d -exec chmod 0755 {} +

deb=$out/squall_${version}_amd64.deb
log "dpkg-deb --build $deb"
dpkg-deb --root-owner-group -Zxz -z3 --build "$stage" "$deb" >/dev/null
echo "$deb"
