/** Instants as UTC, machine-readable in `datetime`. */
export function When(props: { at: Date | null | undefined }) {
  if (!props.at) return <span>—</span>;
  const iso = props.at.toISOString();
  return <time datetime={iso}>{`${iso.slice(0, 16).replace('T', ' ')} UTC`}</time>;
}

/** `?a=1&b=2` from the given values, leaving out empty ones. */
export function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
