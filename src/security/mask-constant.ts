/** What every secret is replaced with wherever data leaves Squall. */
export const MASK = '********';
