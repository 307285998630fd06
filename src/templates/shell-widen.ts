import { isCommandFrame, type Frame, type ShellScanState } from './shell-state.js';
import { NOT_LITERAL } from './shell-words.js';

/**
 * Forgets the parts of a state a template loop can grow without end (the text of a word being
 * read, of a here-document line, of a `${…}`), so that following a loop reaches a fixed point.
 * The forgotten text is taken as not literal: such a word is no keyword, option or name, and
 * code in it is not read (so it is refused when the template renders values).
 */
export function widenState(state: ShellScanState): ShellScanState {
  return { ...state, stack: state.stack.map(widenFrame) };
}

const KEPT = 16;
/** A here-document body a shell runs, forgotten: it cannot be read any more. */
export const UNREAD_BODY = '\u0002';

function widenFrame(frame: Frame): Frame {
  if (isCommandFrame(frame) && frame.word) {
    const text = `${frame.word.text.slice(0, KEPT)}${NOT_LITERAL}`;
    return { ...frame, word: { ...frame.word, text, long: true, plain: false, preName: null, ident: '' } };
  }
  if (frame.kind === 'heredoc') {
    return { ...frame, line: `${frame.line.slice(0, KEPT)}${NOT_LITERAL}`, body: UNREAD_BODY };
  }
  if (frame.kind === 'param') return { ...frame, text: `${frame.text.slice(0, KEPT)}${NOT_LITERAL}` };
  if (frame.kind === 'arith') return { ...frame, ident: '' };
  return frame;
}
