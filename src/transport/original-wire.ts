// The wire as the original Kronometrix senders speak it, read as they wrote it rather than as sdr
// would: the row is the recorder's line as it was tailed, its fields joined by ':' and nothing
// encoded, so it is kept as text, never split and joined again.
//
// - The 1.4 sender: msgid:sid:dsid[:devid]:row:sha256. Whether the devid ("system") is there does
//   not follow the recorder but a pattern of message ids that takes every msgid holding an "a"
//   (darwin-*, solaris-*) for a per-device one: so the devid is known by what it is, "system"
//   where a row's timestamp would stand.
// - The SDR-era sender (Solaris, 2014): cpd-<os>-<rec>:sid:hostid:row, with no hash.
// - The msgid is <os>-<rec>, or <domain>-<os>-<rec> for the domains other than cpd
//   (dpd-linux-sysrec) and in the SDR era for cpd too (cpd-solaris-sysrec).
// - The User-Agent header is "kdr/1.8.x sender <os>", sent with the words "User-Agent: " in front.
import { KRONOMETRIX_DOMAINS } from '../config/schema.js';
import { sha256hex, WireError } from './wire.js';

export interface OriginalMessage {
  msgid: string;
  sid: string;
  dsid: string;
  /** "system" when the body carries it. */
  devid?: string;
  /** The row as sent: the recorder's fields joined by ':'. */
  row: string;
}

export interface MsgidParts {
  domain?: string;
  os: string;
  recorder: string;
}

const MSGID = new RegExp(`^(?:(${KRONOMETRIX_DOMAINS.join('|')})-)?([a-z0-9]+)-([a-z0-9_]+)$`);

/** A msgid's domain, OS and recorder; undefined when it is not [<domain>-]<os>-<recorder>. */
export function splitMsgid(msgid: string): MsgidParts | undefined {
  const m = MSGID.exec(msgid);
  return m === null ? undefined : { domain: m[1], os: m[2], recorder: m[3] };
}

/**
 * What a request's User-Agent says of its sender, fit for a log line and for a CSV field that needs
 * no quotes (awk -F, and cut read those files): other characters than these are written '?'.
 */
export function agentOf(userAgent: string | string[] | undefined): string {
  const ua = (Array.isArray(userAgent) ? userAgent[0] : userAgent) ?? '';
  const text = ua.replace(/^User-Agent:\s*/i, '').replace(/[^A-Za-z0-9 ._/()+:=-]/g, '?').trim().slice(0, 80);
  return text === '' ? 'unknown' : text;
}

/** sdr's own sender names itself sdr or sdr/<version>. */
export function isSdrAgent(agent: string): boolean {
  return /^sdr(?:\/|\s|$)/.test(agent);
}

const HASH = /^[0-9a-f]{64}$/;

/** Parses an original sender's body: its shape and, where it has one, its hash. */
export function parseOriginalBody(body: string): OriginalMessage {
  const parts = body.split(':');
  if (parts.length < 4 || parts[0] === '' || parts[1] === '') throw new WireError('not msgid:sid:dsid[:devid]:row:sha256');
  const [msgid, sid, dsid] = parts;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(msgid)) throw new WireError('the msgid is not a message id');
  let end = body.length;
  if (HASH.test(parts[parts.length - 1])) {
    end = body.length - 65;
    if (sha256hex(body.slice(0, end)) !== parts[parts.length - 1]) throw new WireError('sha256 does not match the message');
  } else if (!msgid.startsWith('cpd-')) {
    // Only the SDR-era sender, whose msgids all begin with cpd-, sent no hash.
    throw new WireError('the last field is not a sha256 in lowercase hex');
  }
  const devid = parts[3] === 'system' ? 'system' : undefined;
  const start = msgid.length + sid.length + dsid.length + 3 + (devid === undefined ? 0 : devid.length + 1);
  if (start > end) throw new WireError('no row');
  return { msgid, sid, dsid, devid, row: body.slice(start, end) };
}
