/** The 522-byte "billion laughs" of the issue: 9 levels of 9 aliases each. */
export function aliasBomb(prefix = ''): string {
  let text = `${prefix}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  const names = 'abcdefghij';
  for (let level = 1; level < names.length; level++) {
    const previous = names[level - 1]!;
    text += `${names[level]}: &${names[level]} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
  }
  return text;
}
