/** True when `text` holds whitespace or an ASCII control character. */
export function hasSpaceOrControl(text: string): boolean {
  for (const char of text) if (isControl(char) || /\s/.test(char)) return true;
  return false;
}

/** Control characters shown as `\xNN`, so a message cannot rewrite a terminal line. */
export function printable(text: string): string {
  let result = '';
  for (const char of text) {
    result += isControl(char) ? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}` : char;
  }
  return result;
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
