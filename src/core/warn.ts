// Warnings that must not flood a long run: each distinct one is printed once per process.

const seen = new Set<string>();
let prefix = 'sdr';

/** The prefix of every message, `sdr: sysrec` once a recorder runs. */
export function setMessagePrefix(p: string): void {
  prefix = p;
}

export function messagePrefix(): string {
  return prefix;
}

export function warnOnce(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  process.stderr.write(`${prefix}: warning: ${message}\n`);
}
