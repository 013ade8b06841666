// The collector's tokens file: JSON mapping each token to the subscription ids it may write,
//   {"TOKEN": ["SID", ...], ...}
// A token is a secret: no message ever shows one, not even a JSON error (V8's quotes the text),
// so a token at fault is named by its place in the file.
import { createHash, timingSafeEqual } from 'node:crypto';
import { RuntimeError } from '../core/errors.js';
import { readWithMode, refuseShared } from '../config/private-file.js';

export interface Tokens {
  /** The subscription ids the token may write, or undefined for a missing or unknown token. */
  sidsOf(token: string | undefined): ReadonlySet<string> | undefined;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Compares against every token, never stopping early, and compares sha256 digests so that every
 * comparison has the same length: neither which token nor how long one is shows in the timing.
 */
export function tokenTable(map: ReadonlyMap<string, readonly string[]>): Tokens {
  const entries = [...map].map(([token, sids]) => ({ digest: digest(token), sids: new Set(sids) }));
  return {
    sidsOf(token) {
      if (token === undefined || token === '') return undefined;
      const d = digest(token);
      let found: ReadonlySet<string> | undefined;
      for (const e of entries) {
        if (timingSafeEqual(d, e.digest)) found = e.sids;
      }
      return found;
    },
  };
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Checks the parsed document; the message names the JSON path at fault, a token by its place. */
export function parseTokens(doc: unknown, source: string): Map<string, string[]> {
  const fail = (path: string, what: string): never => {
    throw new RuntimeError(`${source}: ${path} ${what}`);
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail('$', 'must be an object {"TOKEN": ["SID", ...], ...}');
  const map = new Map<string, string[]>();
  Object.entries(doc as Record<string, unknown>).forEach(([token, sids], i) => {
    const at = `$[<${ordinal(i + 1)} token>]`;
    if (token.trim() === '') fail(at, 'is an empty token');
    if (!Array.isArray(sids)) fail(at, 'must be a list of subscription ids');
    (sids as unknown[]).forEach((sid, j) => {
      if (typeof sid !== 'string' || sid === '') fail(`${at}[${j}]`, 'must be a subscription id, a non-empty string');
    });
    map.set(token, sids as string[]);
  });
  if (map.size === 0) fail('$', 'holds no token');
  return map;
}

/** Reads the tokens file, refusing one that group or others may read. */
export function loadTokens(path: string): Tokens {
  const { text, mode } = readWithMode(path, 'tokens file');
  refuseShared(path, mode, 'tokens');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const at = /at position (\d+)/.exec((err as Error).message)?.[1];
    throw new RuntimeError(`${path}: not valid JSON${at === undefined ? '' : ` (at character ${at})`}`);
  }
  return tokenTable(parseTokens(doc, path));
}
