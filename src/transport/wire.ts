// The Kronometrix wire format: one row per POST to <url>/api/private/send_data, header Token, body
//   <msgid>:<sid>:<dsid>[:<devid>]:<row>:<sha256>
// msgid is <os>-<recorder>; the hash is the lowercase hex SHA-256 of everything before ":<sha256>".
// Whole-system recorders carry devid "system"; per-device recorders carry none, their device being
// the row's second field. The row's fields are joined with ':' as the colon format writes them
// (output/colon.ts): ':' and '%' percent-encoded (%3A, %25), so an IPv6 address survives where the
// original stripped colons, and a line of a colon raw file is already the row as the wire has it.
import { createHash } from 'node:crypto';
import { decodeColonField, encodeColonField } from '../output/colon.js';

export class WireError extends Error {}

/** A row's timestamp as recorders print it: seconds since the epoch; at most 11 digits keeps Date in range. */
export const ROW_TIMESTAMP = /^\d{1,11}(\.\d{1,9})?$/;

/** Recorders whose rows carry the devid "system" (form B); the per-device ones carry none (form A). */
const WITH_DEVID = new Set(['sysrec', 'hdwrec', 'xenrec', 'sdrrec']);

export function hasDevid(recorder: string): boolean {
  return WITH_DEVID.has(recorder);
}

/** process.platform names as the wire names them. */
export function wireOs(platform: string = process.platform): string {
  return platform === 'sunos' ? 'solaris' : platform;
}

export function msgidOf(os: string, recorder: string): string {
  return `${os}-${recorder}`;
}

export function sha256hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface Message {
  msgid: string;
  sid: string;
  dsid: string;
  /** "system" for whole-system recorders; undefined for per-device ones. */
  devid?: string;
  /** The row's fields, timestamp first. */
  fields: string[];
}

/** msgid:sid:dsid[:devid], the same for every row of one feed. */
export function headOf(m: Omit<Message, 'fields'>): string {
  return [m.msgid, m.sid, m.dsid, ...(m.devid === undefined ? [] : [m.devid])].join(':');
}

/** The body of a row under a head from headOf. */
export function bodyOf(head: string, fields: string[]): string {
  const text = `${head}:${fields.map(encodeColonField).join(':')}`;
  return `${text}:${sha256hex(text)}`;
}

export function buildBody(m: Message): string {
  return bodyOf(headOf(m), m.fields);
}

/** The recorder named by a msgid ("linux-sysrec", "dpd-linux-sysrec" -> "sysrec"), or undefined. */
export function recorderOf(msgid: string): string | undefined {
  return /^[a-z]+(?:-[a-z]+)*-([a-z]+)$/.exec(msgid)?.[1];
}

/** Parses and checks a body: its shape and its hash. The message says what is wrong. */
export function parseBody(body: string): Message {
  const parts = body.split(':');
  if (parts.length < 6) throw new WireError('not msgid:sid:dsid[:devid]:row:sha256');
  const hash = parts[parts.length - 1];
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new WireError('the last field is not a sha256 in lowercase hex');
  const text = body.slice(0, body.length - hash.length - 1);
  if (sha256hex(text) !== hash) throw new WireError('sha256 does not match the message');
  const [msgid, sid, dsid] = parts;
  const recorder = recorderOf(msgid);
  if (recorder === undefined) throw new WireError(`msgid '${msgid}' is not <os>-<recorder>`);
  const withDevid = hasDevid(recorder);
  const devid = withDevid ? parts[3] : undefined;
  const fields = parts.slice(withDevid ? 4 : 3, -1).map(decodeColonField);
  if (fields.length === 0) throw new WireError('no row');
  return { msgid, sid, dsid, devid, fields };
}
