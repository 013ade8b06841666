// The log dir a reader of recorded files (sdr doctor, sdr report) looks in: --log-dir, else the
// logDir of the config that sdr run reads, else where the recorders write by default.
import { resolveLogDir } from '../output/log-dir.js';
import { configPath } from '../config/config.js';
import { configLogDir } from '../doctor/config-log-dir.js';

export interface LogDirOptions {
  config?: string;
  logDir?: string;
}

export function logDirOf(o: LogDirOptions, env: NodeJS.ProcessEnv): string {
  if (o.logDir) return o.logDir;
  const askedFor = Boolean(o.config || env.SDR_CONFIG);
  return configLogDir(configPath(o.config, env), askedFor) ?? resolveLogDir(undefined, env, process.getuid?.());
}
