// One keep-alive connection pool per platform (undici). https trusts the system's CA bundle as
// well as Node's, plus the config's caFile; certificate checks are off only with insecure: true.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
// undici's Pool and request without the rest of undici (fetch, WebSocket, caches), which would
// add some 10 MB to the sender's RSS for nothing.
import Pool from 'undici/lib/dispatcher/pool.js';
import request from 'undici/lib/api/api-request.js';
import type { Pool as PoolType } from 'undici';
import type { KronometrixPlatform, PlatformBase } from '../config/platforms.js';
import { sdrVersion } from '../core/version.js';

/** Where the distributions keep their CA bundle. */
const SYSTEM_CA_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Alpine, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // RHEL, Fedora
  '/etc/ssl/ca-bundle.pem', // SUSE
  '/etc/ssl/cert.pem', // FreeBSD, macOS, OpenBSD
  '/usr/local/share/certs/ca-root-nss.crt', // FreeBSD ports
];

function trustedCas(extra: string | undefined): string[] {
  const cas = [...rootCertificates];
  for (const f of SYSTEM_CA_BUNDLES) {
    try {
      cas.push(readFileSync(f, 'utf8'));
      break;
    } catch {
      // not this distribution's place
    }
  }
  if (extra !== undefined) cas.push(readFileSync(extra, 'utf8'));
  return cas;
}

export type Outcome =
  | { kind: 'ok' }
  | { kind: 'retry'; why: string; retryAfterMs?: number }
  | { kind: 'auth'; why: string }
  /** The request went nowhere (404 of a wrong path or database): a person mends it, tried again meanwhile. */
  | { kind: 'misdirected'; why: string }
  | { kind: 'reject'; status: number; why: string };

/** Retry-After as seconds or an HTTP date, in ms from now. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What a status means for the row: delivered, try again, credentials wrong, or refused for good. */
export function classify(status: number, reason: string, retryAfter?: number): Outcome {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (status === 401 || status === 403) return { kind: 'auth', why: `${status} ${reason}` };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', why: `${status} ${reason}`, retryAfterMs: retryAfter };
  return { kind: 'reject', status, why: reason };
}

export const SEND_PATH = '/api/private/send_data';

/** How sdr's senders name themselves to a receiver. */
export const SDR_USER_AGENT = `sdr/${sdrVersion()}`;

/**
 * What a refusal says: the first line of its body, or the message of a JSON one (InfluxDB's
 * {"error": …}, {"message": …}), 300 characters at most.
 */
export function reasonOf(text: string, status: number): string {
  let reason = text.trim();
  if (reason.startsWith('{')) {
    try {
      const doc = JSON.parse(reason) as Record<string, unknown>;
      const said = doc.error ?? doc.message;
      if (typeof said === 'string') reason = said;
    } catch {
      // not JSON after all: its first line
    }
  }
  reason = reason.split('\n')[0].trim().slice(0, 300);
  return reason || `HTTP ${status}`;
}

/** One keep-alive pool to a platform's origin; posts bodies and says what their answers mean. */
export class HttpClient {
  private readonly pool: PoolType;

  constructor(platform: PlatformBase, private readonly headers: Record<string, string>, connections = 64) {
    const tls = platform.url.startsWith('https:')
      ? { ca: trustedCas(platform.caFile), rejectUnauthorized: !platform.insecure }
      : undefined;
    this.pool = new Pool(new URL(platform.url).origin, {
      connections,
      connect: tls,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
      keepAliveTimeout: 30_000,
    });
  }

  async post(path: string, body: string | Buffer, headers?: Record<string, string>, signal?: AbortSignal): Promise<Outcome> {
    try {
      const res = await request.call(this.pool, {
        path,
        method: 'POST',
        headers: headers === undefined ? this.headers : { ...this.headers, ...headers },
        body,
        signal,
      });
      return classify(res.statusCode, reasonOf(await res.body.text(), res.statusCode), retryAfterMs(res.headers['retry-after']));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return { kind: 'retry', why: e.code ? `${e.code}` : e.message };
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

/** A Kronometrix platform: one row a request, the token in the Token header. */
export class PlatformClient extends HttpClient {
  constructor(platform: KronometrixPlatform, connections = 64) {
    // sdr collect knows sdr's rows by this name (and by their places), and the original agents' by any other.
    super(platform, { Token: platform.token, 'content-type': 'text/plain', 'user-agent': SDR_USER_AGENT }, connections);
  }

  /** `place`: headers that name the row's place (X-Sdr-File, X-Sdr-Row). */
  send(body: string, signal?: AbortSignal, place?: Record<string, string>): Promise<Outcome> {
    return this.post(SEND_PATH, body, place, signal);
  }
}
