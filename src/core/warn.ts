// Warnings that must not flood a long run: each distinct one is printed once per process, unless
// its caller paces it (a source that keeps failing is told again once a minute).

const seen = new Set<string>();
let prefix = 'sdr';

/** The prefix of every message, `sdr: sysrec` once a recorder runs. */
export function setMessagePrefix(p: string): void {
  prefix = p;
}

export function messagePrefix(): string {
  return prefix;
}

/** A warning on stderr, every time: for messages their caller already paces. */
export function warning(message: string): void {
  process.stderr.write(`${prefix}: warning: ${message}\n`);
}

export function warnOnce(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  warning(message);
}
