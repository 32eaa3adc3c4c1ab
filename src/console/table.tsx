import type { Child } from 'hono/jsx';

/** A column's heading; a column the table can do without is hidden on a narrow screen. */
export type Column = string | { heading: Child; hideNarrow?: boolean };

/** A column shown only on a wide screen: the table reads well without it. */
export const wideOnly = (heading: Child): Column => ({ heading, hideNarrow: true });

const headingOf = (column: Column): Child => (typeof column === 'string' ? column : column.heading);
const classOf = (column: Column | undefined) =>
  typeof column === 'object' && column.hideNarrow ? 'hide-narrow' : undefined;

/** A table of records: column headings, and one row of cells per record; it scrolls on a narrow screen. */
export function DataTable(props: { headings: readonly Column[]; rows: ReadonlyArray<readonly Child[]> }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.headings.map((column) => (
              <th scope="col" class={classOf(column)}>
                {headingOf(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((cells) => (
            <tr>
              {cells.map((cell, i) => (
                <td class={classOf(props.headings[i])}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
