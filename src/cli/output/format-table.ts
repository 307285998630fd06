import { visibleLength, type Style } from './style.js';

export interface TableColumn<Row> {
  header: string;
  value(row: Row): unknown;
  /** Longer cells are cut with an ellipsis. @default 60 */
  maxWidth?: number;
  /** Styles a cell after it is padded/cut (e.g. status colours). */
  style?(text: string, row: Row): string;
}

/** One line per row, columns aligned, header in bold; "(none)" for an empty list. */
export function formatTable<Row>(
  columns: readonly TableColumn<Row>[],
  rows: readonly Row[],
  style: Style,
): string {
  if (rows.length === 0) return `${style.dim('(none)')}\n`;
  const cells = rows.map((row) =>
    columns.map((column) => cut(cellText(column.value(row)), column.maxWidth ?? 60)),
  );
  const widths = columns.map((column, index) =>
    Math.max(visibleLength(column.header), ...cells.map((line) => visibleLength(line[index] ?? ''))),
  );
  const render = (texts: readonly string[], styleCell: (text: string, index: number) => string): string =>
    texts
      .map((text, index) => {
        const padded = index === texts.length - 1 ? text : pad(text, widths[index] ?? 0);
        return styleCell(padded, index);
      })
      .join('  ')
      .trimEnd();
  const lines = [
    render(
      columns.map((column) => column.header.toUpperCase()),
      (text) => style.bold(text),
    ),
  ];
  rows.forEach((row, rowIndex) => {
    const line = cells[rowIndex] ?? [];
    lines.push(render(line, (text, index) => columns[index]?.style?.(text, row) ?? text));
  });
  return `${lines.join('\n')}\n`;
}

/** A cell on one line: objects as compact JSON, nothing for null/undefined. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/\s*\n\s*/g, ' ');
}

function cut(text: string, maxWidth: number): string {
  const chars = [...text];
  return chars.length <= maxWidth ? text : `${chars.slice(0, Math.max(1, maxWidth - 1)).join('')}…`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleLength(text)));
}
