import type { ReactNode } from 'react';
import { numbered } from './materials';

export interface Column<T> {
  header: string;
  /** fixed width on paper; the column without one takes the rest */
  width?: string;
  /** centred figures and dates */
  num?: boolean;
  cell: (row: T) => ReactNode;
}

/** The documents' lists (materials, deferred items): a 序号 column, then the given columns, one row each. */
export function NumberedTable<T extends { key: string }>({ label, columns, rows, testId }: { label: string; columns: readonly Column<T>[]; rows: readonly T[]; testId?: string }) {
  return (
    <table className="ow-grid" aria-label={label}>
      <colgroup>
        <col style={{ width: '10mm' }} />
        {columns.map((col) => (
          <col key={col.header} style={col.width ? { width: col.width } : undefined} />
        ))}
      </colgroup>
      <thead>
        <tr>
          <th>序号</th>
          {columns.map((col) => (
            <th key={col.header}>{col.header}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {numbered(rows).map(({ no, row }) => (
          <tr key={row.key} data-testid={testId}>
            <td className="num">{no}</td>
            {columns.map((col) => (
              <td key={col.header} className={col.num ? 'num' : undefined}>
                {col.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
