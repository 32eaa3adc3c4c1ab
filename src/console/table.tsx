import type { Child } from 'hono/jsx';

/** A table of records: column headings, and one row of cells per record; it scrolls on a narrow screen. */
export function DataTable(props: { headings: readonly string[]; rows: ReadonlyArray<readonly Child[]> }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.headings.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((cells) => (
            <tr>
              {cells.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
