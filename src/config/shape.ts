// The pieces a config schema is written in: each checks a JSON value at its path and says, in one
// line, what is wrong with it, and each describes itself, so that the docs of the config (README,
// man pages) are walked out of the same schema that checks it. Objects refuse keys they do not
// know, with the closest known key when one is near: a typo must not be taken silently.
import { didYouMean } from '../core/did-you-mean.js';

/** A value that does not fit: where (a JSON path like $.platforms[0].url) and what is wrong. */
export class ConfigFault extends Error {
  constructor(readonly at: string, readonly what: string) {
    super(`${at}: ${what}`);
  }
}

/** One key of an object, as the docs show it. */
export interface Key<T> {
  shape: Shape<T>;
  required?: boolean;
  /** What it is for, in a sentence or two. */
  doc: string;
  /** What holds when it is left out, in words. */
  byDefault?: string;
}

/** A key as the docs list it: its path below the config's top ("platforms[].url"). */
export interface KeyDoc {
  path: string;
  type: string;
  required: boolean;
  byDefault?: string;
  doc: string;
}

export interface Shape<T> {
  /** The value it takes, in words: "a string", "true or false", "a list of recorder names". */
  readonly type: string;
  /** The value checked and made ready for use; throws ConfigFault. */
  check(value: unknown, at: string): T;
  /** The keys below it, for the docs. */
  docs(path: string): KeyDoc[];
}

type Output<K> = K extends Key<infer T> ? T : never;
export type ObjectOf<K extends Record<string, Key<unknown>>> = { [P in keyof K]?: Output<K[P]> };

function what(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value === 'string' ? `'${value}'` : String(value);
}

/** Fails with "must be <type>, not <what it is>"; a string's text is not quoted when it may be secret. */
function mismatch(at: string, type: string, value: unknown, secret = false): never {
  throw new ConfigFault(at, `must be ${type}, not ${secret && typeof value === 'string' ? 'that' : what(value)}`);
}

/**
 * A key as a message says it. No key of the schema is longer than 20 characters: a longer one is
 * more likely a token pasted in the wrong place than a typo, and is not repeated whole.
 */
function keyAsSaid(name: string): string {
  return name.length <= 24 ? name : `${name.slice(0, 3)}…(a key of ${name.length} characters)`;
}

function keyDocs(keys: Record<string, Key<unknown>>, path: string): KeyDoc[] {
  return Object.entries(keys).flatMap(([name, k]) => {
    const p = path === '' ? name : `${path}.${name}`;
    return [{ path: p, type: k.shape.type, required: k.required === true, byDefault: k.byDefault, doc: k.doc },
      ...k.shape.docs(p)];
  });
}

export interface ObjectOptions {
  /** The docs of the keys below, when they are better told another way than key by key. */
  docs?: (path: string) => KeyDoc[];
  /** What the object is in words: "an object like {\"interval\": 60}". */
  type?: string;
}

/** A JSON object with these keys and no others. */
export function object<K extends Record<string, Key<unknown>>>(keys: K, o: ObjectOptions = {}): Shape<ObjectOf<K>> {
  const known = Object.keys(keys);
  const type = o.type ?? 'an object';
  return {
    type,
    check(value, at) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) mismatch(at, type, value);
      const v = value as Record<string, unknown>;
      for (const name of Object.keys(v)) {
        if (!Object.hasOwn(keys, name)) {
          const hint = didYouMean(name, known);
          throw new ConfigFault(`${at}.${keyAsSaid(name)}`, `unknown key${hint || ` (known here: ${known.join(', ')})`}`);
        }
      }
      const out: Record<string, unknown> = {};
      for (const [name, k] of Object.entries(keys)) {
        if (v[name] === undefined) {
          if (k.required) throw new ConfigFault(`${at}.${name}`, `is required: ${k.shape.type}`);
          continue;
        }
        out[name] = k.shape.check(v[name], `${at}.${name}`);
      }
      return out as ObjectOf<K>;
    },
    docs: o.docs ?? ((path) => keyDocs(keys, path)),
  };
}

/** An object whose keys are names from a list (the recorders section), each checked by its own shape. */
export function named<T>(names: readonly string[], shapeOf: (name: string) => Shape<T>, what: string,
  docs: (path: string) => KeyDoc[]): Shape<Map<string, T>> {
  const type = `an object naming ${what}s`;
  return {
    type,
    check(value, at) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) mismatch(at, type, value);
      const out = new Map<string, T>();
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        if (!names.includes(name)) {
          const hint = didYouMean(name, names);
          throw new ConfigFault(`${at}.${name}`, `not a ${what}${hint || ` (known: ${names.join(', ')})`}`);
        }
        out.set(name, shapeOf(name).check(v, `${at}.${name}`));
      }
      return out;
    },
    docs,
  };
}

/** "an object like {…}" -> "objects like {…}", "a recorder name" -> "recorder names". */
function plural(type: string): string {
  const bare = type.replace(/^(an?|one) /, '');
  const like = bare.indexOf(' like ');
  return like < 0 ? `${bare}s` : `${bare.slice(0, like)}s${bare.slice(like)}`;
}

export interface ListOptions {
  nonEmpty?: boolean;
  /** Each element at most once. */
  unique?: boolean;
}

export function list<T>(of: Shape<T>, o: ListOptions = {}): Shape<T[]> {
  const type = `a${o.nonEmpty ? ' non-empty' : ''} list of ${plural(of.type)}`;
  return {
    type,
    check(value, at) {
      if (!Array.isArray(value)) mismatch(at, type, value);
      if (o.nonEmpty && value.length === 0) throw new ConfigFault(at, `must not be empty: ${type}`);
      const out = value.map((v, i) => of.check(v, `${at}[${i}]`));
      if (o.unique) {
        out.forEach((v, i) => {
          if (out.indexOf(v) !== i) throw new ConfigFault(`${at}[${i}]`, `'${String(v)}' is listed twice`);
        });
      }
      return out;
    },
    docs: (path) => of.docs(`${path}[]`),
  };
}

export interface TextOptions {
  /** What the text must match, and the rule in words for the fault. */
  pattern?: RegExp;
  rule?: string;
  /** Never quoted in a fault (a token). */
  secret?: boolean;
  type?: string;
  /** A further check: the fault in words, or undefined when the text is fine. */
  refine?: (text: string) => string | undefined;
}

/** A non-empty string. */
export function text(o: TextOptions = {}): Shape<string> {
  const type = o.type ?? 'a non-empty string';
  return {
    type,
    check(value, at) {
      if (typeof value !== 'string' || value === '') mismatch(at, type, value, o.secret);
      if (o.pattern && !o.pattern.test(value)) {
        throw new ConfigFault(at, `${o.secret ? 'the value' : `'${value}'`} ${o.rule ?? `must match ${o.pattern}`}`);
      }
      const fault = o.refine?.(value);
      if (fault !== undefined) throw new ConfigFault(at, o.secret ? fault : `'${value}' ${fault}`);
      return value;
    },
    docs: () => [],
  };
}

export interface NumberOptions {
  min: number;
  max: number;
  integer?: boolean;
  /** "seconds", "days". */
  unit: string;
}

export function number(o: NumberOptions): Shape<number> {
  const type = `a ${o.integer ? 'whole ' : ''}number of ${o.unit} from ${o.min} to ${o.max}`;
  return {
    type,
    check(value, at) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < o.min || value > o.max ||
        (o.integer && !Number.isInteger(value))) {
        mismatch(at, type, value);
      }
      return value;
    },
    docs: () => [],
  };
}

export function flag(): Shape<boolean> {
  const type = 'true or false';
  return {
    type,
    check(value, at) {
      if (typeof value !== 'boolean') mismatch(at, type, value);
      return value;
    },
    docs: () => [],
  };
}

/** Names as a list or comma-separated, as -d/-i take them: "sda,sdb" or ["sda", "sdb"]; given as "sda,sdb". */
export function names(what: string): Shape<string> {
  const one = text({ type: `a ${what} name`, rule: 'may not hold a comma', pattern: /^[^,]+$/ });
  const type = `a list of ${what} names, or them comma-separated in a string`;
  return {
    type,
    check(value, at) {
      if (typeof value === 'string') {
        if (value.split(',').every((n) => n.trim() === '')) throw new ConfigFault(at, `names no ${what}`);
        return value;
      }
      if (!Array.isArray(value)) mismatch(at, type, value);
      if (value.length === 0) throw new ConfigFault(at, `names no ${what}`);
      return value.map((v, i) => one.check(v, `${at}[${i}]`)).join(',');
    },
    docs: () => [],
  };
}

/** One of a few words ("v1", "v2"), with the closest one when another is given. */
export function oneOf<T extends string>(words: readonly T[], type = `one of ${words.map((w) => `"${w}"`).join(', ')}`): Shape<T> {
  return {
    type,
    check(value, at) {
      if (typeof value !== 'string') mismatch(at, type, value);
      if (!(words as readonly string[]).includes(value)) {
        const hint = didYouMean(value, words);
        throw new ConfigFault(at, `'${value}' is not ${type}${hint}`);
      }
      return value as T;
    },
    docs: () => [],
  };
}

/**
 * An object whose keys depend on the word under `key` (a platform's type): each variant its own
 * object shape. A key of another variant is refused by saying whose it is, not merely unknown.
 */
export function variants<T>(key: string, byDefault: string, shapes: Record<string, { shape: Shape<T>; keys: string[] }>,
  o: { type: string; docs: (path: string) => KeyDoc[] }): Shape<T> {
  const words = Object.keys(shapes);
  const typeShape = oneOf(words);
  return {
    type: o.type,
    check(value, at) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) mismatch(at, o.type, value);
      const v = value as Record<string, unknown>;
      const word = v[key] === undefined ? byDefault : typeShape.check(v[key], `${at}.${key}`);
      const mine = shapes[word];
      for (const name of Object.keys(v)) {
        if (mine.keys.includes(name)) continue;
        const owners = words.filter((w) => shapes[w].keys.includes(name));
        if (owners.length > 0) {
          throw new ConfigFault(`${at}.${name}`, `is a key of ${owners.map((w) => `"${w}"`).join(' and ')} platforms, not of "${word}" ones (${key} "${word}"${v[key] === undefined ? ', the default' : ''})`);
        }
      }
      return mine.shape.check(value, at);
    },
    docs: o.docs,
  };
}
