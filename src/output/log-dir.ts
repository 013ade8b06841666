import { homedir } from 'node:os';
import { join } from 'node:path';

/** --log-dir, else $SDR_LOG_DIR, else the system's place for root and the user's data dir for others. */
export function resolveLogDir(option: string | undefined, env: NodeJS.ProcessEnv, uid: number | undefined): string {
  if (option) return option;
  if (env.SDR_LOG_DIR) return env.SDR_LOG_DIR;
  if (uid === 0) return '/var/lib/sdr/log';
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'sdr', 'log');
}
