// The log dir named by a config file, for the doctor. It reads that one key itself rather than
// loadConfig, which demands platforms and tokens: a host that records without sending has a
// config without them, and still wants a doctor.
import { readFileSync } from 'node:fs';
import { RuntimeError, describeSystemError } from '../core/errors.js';
import { parseJsonText } from '../config/json-text.js';

/**
 * `logDir` of the config (or `log.current_path` of the original's kronometrix.json); undefined
 * when the file names none, or when it does not exist and was not asked for by name.
 */
export function configLogDir(path: string, askedFor: boolean): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (!askedFor && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RuntimeError(`${path}: ${describeSystemError(err)} (--log-dir DIR names the log dir instead)`);
  }
  let doc: unknown;
  try {
    doc = parseJsonText(text);
  } catch (err) {
    throw new RuntimeError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new RuntimeError(`${path}: $: must be a JSON object`);
  const d = doc as { logDir?: unknown; log?: { current_path?: unknown } };
  const [at, value] = d.logDir !== undefined ? ['$.logDir', d.logDir] : ['log.current_path', d.log?.current_path];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new RuntimeError(`${path}: ${at}: must be a non-empty string`);
  return value;
}
