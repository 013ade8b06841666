// The Library of Monitoring Objects: lmo/<recorder>.json names each field of a recorder in output
// order. Headers, --help, `sdr lmo`, the man pages and the tests all read it from here.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RuntimeError } from './errors.js';

export type FieldType = 'time' | 'int' | 'float' | 'string';

/** The operating systems a field names its source on, by SDR_PLATFORM's names. */
export const LMO_OSES = ['linux', 'freebsd', 'sunos', 'darwin'] as const;
export type LmoOs = (typeof LMO_OSES)[number];

/** What a field cannot be measured from on an OS: the recorder leaves it empty there. */
export const UNAVAILABLE = 'unavailable';

/** Other names users know the systems by. */
const OS_ALIASES: Record<string, LmoOs> = { solaris: 'sunos', illumos: 'sunos', macos: 'darwin' };

/** An OS name as given (--os solaris, macos) to its LMO name; undefined when unknown. */
export function lmoOs(name: string): LmoOs | undefined {
  const lower = name.toLowerCase();
  return (LMO_OSES as readonly string[]).includes(lower) ? (lower as LmoOs) : OS_ALIASES[lower];
}

export interface LmoField {
  name: string;
  type: FieldType;
  unit: string;
  description: string;
  /** For each OS, where the value comes from, or "unavailable". Optional: older LMO files have none. */
  sources?: Record<LmoOs, string>;
}

export interface Lmo {
  name: string;
  description: string;
  rows: string;
  /**
   * Per-device recorders: the string field naming the device (cpurec's cpuid, xenrec's name). The
   * engines make it a tag or label, so that a device's values form series of their own.
   */
  device?: string;
  /**
   * The field counts of the rows earlier sdr releases wrote, oldest first. Fields are only ever
   * appended, so such a row holds the first fields of today's: `sdr collect` takes it, and a
   * file of it keeps the header of those fields.
   */
  earlierFieldCounts?: number[];
  fields: LmoField[];
}

const FIELD_TYPES = new Set<string>(['time', 'int', 'float', 'string']);

/** lmo/ sits at the package root, two levels above this module in src/ and in dist/. */
export const LMO_DIR = fileURLToPath(new URL('../../lmo/', import.meta.url));

/** Checks the shape of an LMO document; the message names the file and the field at fault. */
export function validateLmo(doc: unknown, source: string): Lmo {
  const fail = (what: string): never => {
    throw new RuntimeError(`${source}: ${what}`);
  };
  const d = doc as Partial<Lmo>;
  if (typeof d !== 'object' || d === null) fail('not a JSON object');
  if (typeof d.name !== 'string' || d.name === '') fail('"name" must be a non-empty string');
  if (typeof d.description !== 'string') fail('"description" must be a string');
  if (typeof d.rows !== 'string') fail('"rows" must be a string');
  if (!Array.isArray(d.fields) || d.fields.length === 0) fail('"fields" must be a non-empty list');
  const names = new Set<string>();
  d.fields!.forEach((f, i) => {
    const at = `fields[${i}]`;
    if (typeof f?.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(f.name)) fail(`${at}.name must be a lower-case identifier`);
    if (names.has(f.name)) fail(`${at}.name '${f.name}' appears twice`);
    names.add(f.name);
    if (!FIELD_TYPES.has(f.type)) fail(`${at}.type must be one of time, int, float, string`);
    if (typeof f.unit !== 'string') fail(`${at}.unit must be a string`);
    if (typeof f.description !== 'string' || f.description === '') fail(`${at}.description must be a non-empty string`);
    if (f.sources !== undefined) validateSources(f.sources, `${at}.sources`, fail);
  });
  if (d.fields![0].type !== 'time') fail('fields[0] must be the timestamp (type time)');
  if (d.device !== undefined) {
    const device = d.fields!.find((f) => f.name === d.device);
    if (typeof d.device !== 'string' || device === undefined) fail('"device" must name one of the fields');
    if (device!.type !== 'string') fail(`"device" names '${d.device}', which is not a string field`);
  }
  if (d.earlierFieldCounts !== undefined) {
    const counts = d.earlierFieldCounts;
    const ascending = Array.isArray(counts) && counts.every((n, i) => Number.isInteger(n) && n >= 2 && n < d.fields!.length && (i === 0 || n > counts[i - 1]));
    if (!ascending) fail(`"earlierFieldCounts" must be ascending whole numbers from 2 to ${d.fields!.length - 1}, fewer than today's fields`);
  }
  return d as Lmo;
}

/** Every field count an sdr row of the recorder may have: the earlier releases', then today's. */
export function fieldCountsOf(lmo: Lmo): number[] {
  return [...(lmo.earlierFieldCounts ?? []), lmo.fields.length];
}

function validateSources(sources: unknown, at: string, fail: (what: string) => never): void {
  if (typeof sources !== 'object' || sources === null || Array.isArray(sources)) fail(`${at} must be an object`);
  const keys = Object.keys(sources as object);
  const unknown = keys.find((k) => !(LMO_OSES as readonly string[]).includes(k));
  if (unknown !== undefined) fail(`${at} names an unknown OS '${unknown}' (known: ${LMO_OSES.join(', ')})`);
  for (const os of LMO_OSES) {
    const v = (sources as Record<string, unknown>)[os];
    if (typeof v !== 'string' || v.trim() === '') fail(`${at}.${os} must be a non-empty string: the source, or "${UNAVAILABLE}"`);
  }
}

const cache = new Map<string, Lmo>();

export function loadLmo(recorder: string): Lmo {
  let lmo = cache.get(recorder);
  if (lmo === undefined) {
    const path = `${LMO_DIR}${recorder}.json`;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new RuntimeError(`no LMO file for '${recorder}' (${path})`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new RuntimeError(`${path}: invalid JSON: ${(err as Error).message}`);
    }
    lmo = validateLmo(doc, path);
    cache.set(recorder, lmo);
  }
  return lmo;
}

/** Every recorder that has an LMO file, sorted. */
export function lmoNames(): string[] {
  return readdirSync(LMO_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}
