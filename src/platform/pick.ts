/** The entries whose name passes the test, in their order: the devices a sum counts. */
export function pickByName<T>(all: ReadonlyMap<string, T>, keep: (name: string) => boolean): Map<string, T> {
  const out = new Map<string, T>();
  for (const [name, value] of all) if (keep(name)) out.set(name, value);
  return out;
}
