import type { Recorder } from './recorder.js';
import { sysrec } from './sysrec.js';
import { cpurec } from './cpurec.js';
import { diskrec } from './diskrec.js';
import { nicrec } from './nicrec.js';
import { hdwrec } from './hdwrec.js';
import { xenrec } from './xenrec.js';

/** Every recorder that works, by name, in the order help lists them: the CLI offers exactly these. */
export const RECORDERS: ReadonlyMap<string, Recorder<any>> = new Map(
  [sysrec, cpurec, diskrec, nicrec, hdwrec, xenrec].map((r) => [r.name, r]),
);
