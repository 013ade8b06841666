// The `recorders` section of the config, for `sdr run`: which recorders run, at what interval,
// with which of their options. sdrrec, sdr's record of itself, runs unless the section turns it
// off, so that `sdr doctor` always has something to read.
//
//   "recorders": {"sysrec": {"interval": 60}, "diskrec": {"interval": 60, "devices": "sda,sdb"},
//                 "hdwrec": {"interval": 1800}, "sdrrec": {"enabled": false}}

export const SDRREC = 'sdrrec';

/**
 * The recorders a config may name, with the keys each one's section takes beyond interval and
 * enabled (the long names of its command-line options, which a test holds them to) and the
 * shortest interval it accepts. The config sits below the recorders, so it names them here.
 */
export const RECORDER_SECTIONS: Readonly<Record<string, { keys: readonly string[]; minIntervalSeconds?: number }>> = {
  sysrec: { keys: [] },
  cpurec: { keys: [] },
  diskrec: { keys: ['devices'] },
  nicrec: { keys: ['interfaces'] },
  hdwrec: { keys: [] },
  // xentop itself takes 1 s between its two iterations.
  xenrec: { keys: ['domains', 'xentop', 'timeout'], minIntervalSeconds: 2 },
  [SDRREC]: { keys: [] },
};

/** Without a recorders section: the whole-system and per-device recorders every 60 s. */
export const DEFAULT_RUN_RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec'];
export const DEFAULT_RUN_INTERVAL = 60;
const COMMON_MIN_INTERVAL = 0.1;

export interface RecorderSetting {
  name: string;
  intervalSeconds: number;
  /** The recorder's own options by their long name ("devices", "xentop"), as text like the CLI takes them; unset ones are left out. */
  options: Record<string, string>;
}

type Fail = (at: string, what: string) => never;

function settingOf(name: string, value: unknown, at: string, fail: Fail): RecorderSetting | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(at, 'must be an object like {"interval": 60}');
  const v = value as Record<string, unknown>;
  if (v.enabled !== undefined && typeof v.enabled !== 'boolean') fail(`${at}.enabled`, 'must be true or false');
  const keys = RECORDER_SECTIONS[name].keys;
  for (const key of Object.keys(v)) {
    if (key !== 'interval' && key !== 'enabled' && !keys.includes(key)) {
      fail(`${at}.${key}`, `is not a setting of ${name}: known: ${['interval', 'enabled', ...keys].join(', ')}`);
    }
  }
  if (v.enabled === false) return undefined;
  const min = RECORDER_SECTIONS[name].minIntervalSeconds ?? COMMON_MIN_INTERVAL;
  const interval = v.interval ?? (name === SDRREC ? DEFAULT_RUN_INTERVAL : undefined);
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval < min) {
    fail(`${at}.interval`, `must be a number of seconds, at least ${min}`);
  }
  const options: Record<string, string> = {};
  for (const key of keys) {
    const o = v[key];
    if (o === undefined) continue;
    if (typeof o !== 'string' && typeof o !== 'number') fail(`${at}.${key}`, 'must be a string');
    options[key] = String(o);
  }
  return { name, intervalSeconds: interval as number, options };
}

/** The recorders `sdr run` runs, in the order of the section (sdrrec last unless named). */
export function recorderSettingsOf(section: unknown, at: string, fail: Fail): RecorderSetting[] {
  if (section === undefined) {
    return [...DEFAULT_RUN_RECORDERS, SDRREC].map((name) => ({ name, intervalSeconds: DEFAULT_RUN_INTERVAL, options: {} }));
  }
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    fail(at, 'must be an object naming each recorder, like {"sysrec": {"interval": 60}}');
  }
  const known = Object.keys(RECORDER_SECTIONS);
  const entries = Object.entries(section as Record<string, unknown>);
  for (const [name] of entries) {
    if (!known.includes(name)) fail(`${at}.${name}`, `'${name}' is not a recorder: known: ${known.join(', ')}`);
  }
  if (!entries.some(([name]) => name === SDRREC)) entries.push([SDRREC, {}]);
  return entries.flatMap(([name, value]) => settingOf(name, value, `${at}.${name}`, fail) ?? []);
}
