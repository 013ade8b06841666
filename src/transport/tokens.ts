// The collector's tokens file: JSON mapping each token to the subscription ids it may write, and
// optionally the data sources (dsids) that are its own:
//   {"TOKEN": ["SID", ...], "TOKEN2": {"subscriptions": ["SID"], "sources": ["DSID", ...]}}
// A token is a secret: no message ever shows one, not even a JSON error (V8's quotes the text),
// so a token at fault is named by its place in the file. A token is known inside by its sha256.
import { createHash, timingSafeEqual } from 'node:crypto';
import { RuntimeError } from '../core/errors.js';
import { readWithMode, refuseShared } from '../config/private-file.js';
import { parseJsonText } from '../config/json-text.js';

export interface TokenEntry {
  /** sha256 of the token, hex: how the collector names a token on disk and in memory. */
  id: string;
  sids: ReadonlySet<string>;
}

export interface Tokens {
  /** The subscription ids the token may write, or undefined for a missing or unknown token. */
  sidsOf(token: string | undefined): ReadonlySet<string> | undefined;
  /** The token's entry, or undefined for a missing or unknown token. */
  entryOf(token: string | undefined): TokenEntry | undefined;
  /** The tokens (by id) the file names for each data source it names. */
  readonly sources: ReadonlyMap<string, ReadonlySet<string>>;
}

/** What the file says of one token. */
export interface TokenGrant {
  sids: string[];
  sources: string[];
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Compares against every token, never stopping early, and compares sha256 digests so that every
 * comparison has the same length: neither which token nor how long one is shows in the timing.
 */
export function tokenTable(map: ReadonlyMap<string, readonly string[] | TokenGrant>): Tokens {
  const grants = [...map].map(([token, g]) => ({ token, grant: Array.isArray(g) ? { sids: [...g], sources: [] } : g as TokenGrant }));
  const entries = grants.map(({ token, grant }) => {
    const d = digest(token);
    return { digest: d, entry: { id: d.toString('hex'), sids: new Set(grant.sids) } as TokenEntry };
  });
  const sources = new Map<string, Set<string>>();
  grants.forEach(({ grant }, i) => {
    for (const dsid of grant.sources) sources.set(dsid.toLowerCase(), new Set([...(sources.get(dsid.toLowerCase()) ?? []), entries[i].entry.id]));
  });
  const entryOf = (token: string | undefined): TokenEntry | undefined => {
    if (token === undefined || token === '') return undefined;
    const d = digest(token);
    let found: TokenEntry | undefined;
    for (const e of entries) {
      if (timingSafeEqual(d, e.digest)) found = e.entry;
    }
    return found;
  };
  return { entryOf, sidsOf: (token) => entryOf(token)?.sids, sources };
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Checks the parsed document; the message names the JSON path at fault, a token by its place. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseTokens(doc: unknown, source: string): Map<string, TokenGrant> {
  const fail = (path: string, what: string): never => {
    throw new RuntimeError(`${source}: ${path} ${what}`);
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail('$', 'must be an object {"TOKEN": ["SID", ...], ...}');
  const map = new Map<string, TokenGrant>();
  const strings = (list: unknown, at: string, what: string, pattern?: RegExp): string[] => {
    if (!Array.isArray(list)) fail(at, `must be a list of ${what}s`);
    (list as unknown[]).forEach((v, j) => {
      if (typeof v !== 'string' || v === '' || (pattern && !pattern.test(v))) fail(`${at}[${j}]`, `must be a ${what}`);
    });
    return list as string[];
  };
  Object.entries(doc as Record<string, unknown>).forEach(([token, value], i) => {
    const at = `$[<${ordinal(i + 1)} token>]`;
    if (token.trim() === '') fail(at, 'is an empty token');
    if (Array.isArray(value)) {
      map.set(token, { sids: strings(value, at, 'subscription id'), sources: [] });
      return;
    }
    if (typeof value !== 'object' || value === null) fail(at, 'must be a list of subscription ids, or {"subscriptions": [...], "sources": [...]}');
    const v = value as Record<string, unknown>;
    const unknown = Object.keys(v).find((k) => k !== 'subscriptions' && k !== 'sources');
    if (unknown !== undefined) fail(`${at}.${unknown}`, 'is not a key here (known: subscriptions, sources)');
    map.set(token, {
      sids: strings(v.subscriptions ?? [], `${at}.subscriptions`, 'subscription id'),
      sources: strings(v.sources ?? [], `${at}.sources`, 'data source id (a UUID)', UUID),
    });
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
    doc = parseJsonText(text);
  } catch (err) {
    throw new RuntimeError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  return tokenTable(parseTokens(doc, path));
}
