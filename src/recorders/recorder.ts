import type { Platform } from '../platform/index.js';
import type { Snapshot, SourceRoots } from '../platform/types.js';

/** A field value before formatting; null prints as an empty field (R reads it as NA). */
export type Value = number | string | null;

export interface Recorder<S extends Snapshot = Snapshot> {
  /** Also the name of its LMO file and of its raw files. */
  name: string;
  /** The function that takes one snapshot from this platform. */
  reader(platform: Platform, roots: SourceRoots): () => S;
  /** The rows for the interval between two snapshots: the fields after the timestamp, in LMO order. */
  rows(prev: S, cur: S, seconds: number): Value[][];
}
