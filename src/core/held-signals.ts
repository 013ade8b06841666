// Signals that arrive while sdr is still loading. Node takes SIGHUP, SIGTERM and SIGINT with the
// default action (the process dies) until a listener is installed, and a command installs its own
// only once its modules are loaded and its config read: a `systemctl reload` or `stop` that comes
// in that first second would kill sdr run (a SIGHUP death, which systemd counts as a failure).
// The launchers hold these signals from their first lines; the command that handles them takes
// what arrived and acts on it once it can; a command that never takes them has them raised again
// as it ends, so the signal still has its default effect, only later.

const HELD = ['SIGHUP', 'SIGTERM', 'SIGINT'] as const;
export type HeldSignal = (typeof HELD)[number];

const pending: HeldSignal[] = [];
let holding = false;
const hold = (signal: NodeJS.Signals) => {
  pending.push(signal as HeldSignal);
};

/** Keeps these signals from killing the process until takeHeldSignals or releaseHeldSignals. */
export function holdSignals(): void {
  if (holding) return;
  holding = true;
  for (const s of HELD) process.on(s, hold);
}

/**
 * The signals that came while held, in order, and the end of holding: the caller has installed
 * its own listeners first, so none is lost between the two.
 */
export function takeHeldSignals(): HeldSignal[] {
  if (!holding) return [];
  holding = false;
  for (const s of HELD) process.off(s, hold);
  return pending.splice(0);
}

/** For a command that took none: the held signals raised again, each with its default action now. */
export function releaseHeldSignals(): void {
  for (const s of new Set(takeHeldSignals())) {
    // A listener installed since takes it; with none, the default action ends the process.
    process.kill(process.pid, s);
  }
}
