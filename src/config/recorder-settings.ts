// The `recorders` section of the config, for `sdr run`: which recorders run, at what interval,
// with which of their options. sdrrec, sdr's record of itself, runs unless the section turns it
// off, so that `sdr doctor` always has something to read.
//
//   "recorders": {"sysrec": {"interval": 60}, "diskrec": {"interval": 60, "devices": "sda,sdb"},
//                 "hdwrec": {"interval": 1800}, "sdrrec": {"enabled": false}}
import { MAX_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS } from '../core/interval.js';
import { ConfigFault, flag, named, names, number, object, text, type Key, type KeyDoc, type Shape } from './shape.js';

export const SDRREC = 'sdrrec';

/** Without a recorders section: the whole-system and per-device recorders every 60 s. */
export const DEFAULT_RUN_RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec'];
export const DEFAULT_RUN_INTERVAL = 60;

/**
 * The recorders a config may name, with the keys each one's section takes beyond interval and
 * enabled (the long names of its command-line options, which a test holds them to) and the
 * shortest interval it accepts. The config sits below the recorders, so it names them here.
 */
export const RECORDER_SECTIONS: Readonly<Record<string, { keys: Record<string, Key<unknown>>; minIntervalSeconds?: number }>> = {
  sysrec: { keys: {} },
  cpurec: { keys: {} },
  diskrec: { keys: { devices: { shape: names('disk'), doc: 'Only these disks, as `-d` takes them, even those left out by default.', byDefault: 'every disk but those the system leaves out' } } },
  nicrec: { keys: { interfaces: { shape: names('interface'), doc: 'Only these interfaces, as `-i` takes them, loopback included if named.', byDefault: 'every interface but loopback' } } },
  hdwrec: { keys: {} },
  xenrec: {
    keys: {
      domains: { shape: names('domain'), doc: 'Only these domains, by the full names xentop prints.', byDefault: 'every domain' },
      xentop: { shape: text({ type: 'a path' }), doc: 'The xentop program.', byDefault: 'xentop on PATH, then /usr/sbin/xentop' },
      timeout: { shape: number({ min: 1, max: 3600, unit: 'seconds' }), doc: 'How long one xentop run may take.', byDefault: '10' },
    },
    // xentop itself takes 1 s between its two iterations.
    minIntervalSeconds: 2,
  },
  [SDRREC]: { keys: {} },
};

export interface RecorderSetting {
  name: string;
  intervalSeconds: number;
  /** The recorder's own options by their long name ("devices", "xentop"), as text like the CLI takes them; unset ones are left out. */
  options: Record<string, string>;
}

const RECORDER_NAMES = Object.keys(RECORDER_SECTIONS);

function minIntervalOf(name: string): number {
  return RECORDER_SECTIONS[name].minIntervalSeconds ?? MIN_INTERVAL_SECONDS;
}

function intervalKey(min: number): Key<number> {
  return {
    shape: number({ min, max: MAX_INTERVAL_SECONDS, unit: 'seconds' }),
    doc: 'Seconds between samples, fractional allowed (0.1 at least; xenrec 2). Required, but for sdrrec.',
    byDefault: 'sdrrec: 60',
  };
}

const ENABLED: Key<boolean> = { shape: flag(), doc: '`false` turns the recorder off.', byDefault: 'true' };

const sectionShapes = new Map(RECORDER_NAMES.map((name) => [name, object({
  interval: intervalKey(minIntervalOf(name)),
  enabled: ENABLED,
  ...RECORDER_SECTIONS[name].keys,
}, { type: 'an object like {"interval": 60}' })]));

/** The docs of the section: the keys every recorder takes once, then each recorder's own. */
function sectionDocs(path: string): KeyDoc[] {
  const doc = (p: string, k: Key<unknown>): KeyDoc => ({ path: `${path}.${p}`, type: k.shape.type, required: false, byDefault: k.byDefault, doc: k.doc });
  return [
    { path: `${path}.<recorder>`, type: 'an object like {"interval": 60}', required: false,
      doc: `One of ${RECORDER_NAMES.join(', ')}: a recorder to run, with its settings.` },
    { ...doc('<recorder>.interval', intervalKey(MIN_INTERVAL_SECONDS)), type: `a number of seconds from ${MIN_INTERVAL_SECONDS} to ${MAX_INTERVAL_SECONDS}` },
    doc('<recorder>.enabled', ENABLED),
    ...RECORDER_NAMES.flatMap((name) => Object.entries(RECORDER_SECTIONS[name].keys).map(([k, key]) => doc(`${name}.${k}`, key))),
  ];
}

export type Section = Record<string, unknown> & { interval?: number; enabled?: boolean };

/** The shape of the whole section; checking it gives each named recorder's settings, in order. */
export const RECORDERS_SECTION: Shape<Map<string, Section>> = named(RECORDER_NAMES,
  (name) => sectionShapes.get(name)! as Shape<Section>, 'recorder', sectionDocs);

/** The recorders `sdr run` runs, in the order of the section (sdrrec last unless named). */
export function recorderSettingsOf(section: unknown, at: string): RecorderSetting[] {
  return settingsOf(section === undefined ? undefined : RECORDERS_SECTION.check(section, at), at);
}

/** The same from a section already checked; undefined: no section, the default recorders. */
export function settingsOf(sections: Map<string, Section> | undefined, at: string): RecorderSetting[] {
  if (sections === undefined) {
    return [...DEFAULT_RUN_RECORDERS, SDRREC].map((name) => ({ name, intervalSeconds: DEFAULT_RUN_INTERVAL, options: {} }));
  }
  const named = new Map(sections);
  if (!named.has(SDRREC)) named.set(SDRREC, {});
  return [...named].flatMap(([name, s]) => {
    if (s.enabled === false) return [];
    const interval = s.interval ?? (name === SDRREC ? DEFAULT_RUN_INTERVAL : undefined);
    if (interval === undefined) throw new ConfigFault(`${at}.${name}.interval`, `is required: ${intervalKey(minIntervalOf(name)).shape.type}`);
    const options: Record<string, string> = {};
    for (const key of Object.keys(RECORDER_SECTIONS[name].keys)) {
      if (s[key] !== undefined) options[key] = String(s[key]);
    }
    return [{ name, intervalSeconds: interval, options }];
  });
}
