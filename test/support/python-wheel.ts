import { execFileSync } from 'node:child_process';

/**
 * Writes a pure-Python wheel `<name>-<version>-py3-none-any.whl` into `dir` (a zip made by hand,
 * so no build backend and no package index are needed): `import <name>` gives `VALUE = <value>`.
 */
export function writeWheel(dir: string, name: string, version: string, value: string): string {
  const script = `
import base64, hashlib, os, sys, zipfile
out, name, version, value = sys.argv[1:5]
info = "%s-%s.dist-info" % (name, version)
files = {
    name + "/__init__.py": ("VALUE = %r\\n" % value).encode(),
    info + "/METADATA": ("Metadata-Version: 2.1\\nName: %s\\nVersion: %s\\n" % (name, version)).encode(),
    info + "/WHEEL": b"Wheel-Version: 1.0\\nGenerator: squall-tests\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
}
def record(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))
lines = [record(path, data) for path, data in files.items()] + [info + "/RECORD,,"]
files[info + "/RECORD"] = ("\\n".join(lines) + "\\n").encode()
wheel = os.path.join(out, "%s-%s-py3-none-any.whl" % (name, version))
with zipfile.ZipFile(wheel, "w") as archive:
    for path, data in files.items():
        archive.writestr(path, data)
print(wheel)
`;
  return execFileSync('python3', ['-c', script, dir, name, version, value], { encoding: 'utf8' }).trim();
}
