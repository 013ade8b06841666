import type { DeviceKind, Platform, Snapshot, SourceRoots } from '../platform/types.js';

/** A field value before formatting; null prints as an empty field (R reads it as NA). */
export type Value = number | string | null;

/** A per-device recorder's option to pick devices by name. */
export interface DeviceSelection {
  /** commander flags, e.g. "-d, --devices <list>". */
  flags: string;
  /** What a device is called in messages: "disk", "interface". */
  what: string;
  /** The kind whose default exclusions (the backend's: loop devices, loopback…) apply; none for xenrec. */
  kind?: DeviceKind;
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
  /**
   * What it reads under --rootfs, the watched system's "/", for --help and the man page ("read
   * /etc … under this root"); undefined: it takes no --rootfs.
   */
  rootfs?: string;
  /** The rows for the interval between two snapshots: the fields after the timestamp, in LMO order. */
  rows(prev: S, cur: S, seconds: number): Value[][];
}

/** "-d, --devices <list>" -> "devices": the name a config uses for a command-line option. */
export function longOptionName(flags: string): string {
  return /--([a-z-]+)/.exec(flags)![1];
}

/** The recorder's own options that have a default, by long name: what a config leaves unset. */
export function optionDefaults(recorder: Recorder<any>): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const o of recorder.options ?? []) if (o.defaultValue !== undefined) defaults[longOptionName(o.flags)] = o.defaultValue;
  return defaults;
}
