import type { Recorder } from './recorder.js';
import { sysrec } from './sysrec.js';

/** Every recorder that works, by name: the CLI offers exactly these. */
export const RECORDERS: ReadonlyMap<string, Recorder<any>> = new Map([[sysrec.name, sysrec]]);
