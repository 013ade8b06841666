// The original agents' kronometrix.json, read as an sdr.json: log.current_path is the log dir, and
// each subscription {sid, tid} of a platform's domains (cpd, dpd, spd, wpd) becomes a platform of its
// own, sending the recorders the original sent for that domain under that domain's msgid prefix.
// The dsid the original sender wrote beside each subscription is kept to be compared with sdr's
// (sdr send --check): sdr makes it as the original did, and a host should keep its data sources.
import type { KRONOMETRIX_CONFIG } from './schema.js';

type Kronometrix = ReturnType<typeof KRONOMETRIX_CONFIG.check>;

/** The core recorders the original sent for a domain (wpd never had xenrec); the other domains carry none of sdr's. */
const DOMAIN_RECORDERS: Record<string, string[]> = {
  cpd: ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec', 'xenrec'],
  dpd: ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec', 'xenrec'],
  spd: ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec', 'xenrec'],
  wpd: ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec'],
};

interface Subscription { sid?: string; tid?: string; dsid?: string }

/**
 * The same config in sdr.json's keys, and for each of its platforms, in order, the msgid prefix
 * and the dsid the original wrote for it (undefined where it wrote none).
 */
export function fromKronometrix(k: Kronometrix): { doc: Record<string, unknown>; msgidPrefixes: string[]; originalDsids: (string | undefined)[] } {
  const platforms: Record<string, unknown>[] = [];
  const msgidPrefixes: string[] = [];
  const originalDsids: (string | undefined)[] = [];
  (k.transport!.platform ?? []).forEach((p, i) => {
    const base = String(p.name ?? `platform${i}`).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '') || `platform${i}`;
    for (const [domain, recorders] of Object.entries(DOMAIN_RECORDERS)) {
      const subs = (p as Record<string, unknown>)[domain] as Subscription[] | undefined;
      (subs ?? []).forEach((s, n) => {
        platforms.push({
          name: `${base}-${domain}-${n}`,
          url: `${p.protocol}://${p.host}:${p.port}`,
          subscription: s.sid,
          token: s.tid,
          recorders,
        });
        msgidPrefixes.push(domain === 'cpd' ? '' : `${domain}-`);
        originalDsids.push(s.dsid === undefined || s.dsid === '' ? undefined : s.dsid.toLowerCase());
      });
    }
  });
  return { doc: { logDir: k.log!.current_path, platforms }, msgidPrefixes, originalDsids };
}
