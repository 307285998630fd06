/** st2's path filters: Python's posixpath.basename / dirname (a trailing slash matters). */

export function basename(value: unknown): string {
  const path = String(value);
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirname(value: unknown): string {
  const path = String(value);
  const head = path.slice(0, path.lastIndexOf('/') + 1);
  if (head === '' || /^\/+$/.test(head)) return head;
  return head.replace(/\/+$/, '');
}
