import type { Platform } from '../platform/index.js';
import type { Snapshot, SourceRoots } from '../platform/types.js';

/** A field value before formatting; null prints as an empty field (R reads it as NA). */
export type Value = number | string | null;

/** A per-device recorder's option to pick devices by name, and the devices it leaves out by default. */
export interface DeviceSelection {
  /** commander flags, e.g. "-d, --devices <list>". */
  flags: string;
  /** What a device is called in messages: "disk", "interface". */
  what: string;
  /** Left out unless named in the list. */
  exclude?: RegExp;
  /** The same in words, for --help. */
  excludedInWords?: string;
}

/** An option of one recorder beyond the common ones. */
export interface RecorderOption {
  /** commander flags: "--xentop <path>". */
  flags: string;
  description: string;
  defaultValue?: string;
}

export interface Recorder<S extends Snapshot = Snapshot> {
  /** Also the name of its LMO file and of its raw files. */
  name: string;
  /** Per-device recorders that let the user pick devices. */
  devices?: DeviceSelection;
  /** Its own options, by commander's camel-case key in `settings`. */
  options?: RecorderOption[];
  /** The shortest interval it accepts, when above the common 0.1 s. */
  minIntervalSeconds?: number;
  /**
   * Rows come from one reading (an inventory, or a source that measures its own interval like
   * xentop): no baseline is taken, and the first row is written at once.
   */
  fromOneReading?: boolean;
  /** The function that takes one snapshot from this platform. */
  reader(platform: Platform, roots: SourceRoots, settings: Record<string, string | undefined>): () => S | Promise<S>;
  /** False for a recorder that reads no /proc or /sys (xenrec asks xentop): no --procfs, --sysfs. */
  readsPseudoFiles?: boolean;
  /** Reads /etc too, under --rootfs. */
  usesRootfs?: boolean;
  /** The rows for the interval between two snapshots: the fields after the timestamp, in LMO order. */
  rows(prev: S, cur: S, seconds: number): Value[][];
}
