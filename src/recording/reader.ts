// What a recording samples: the recorder's reader on this platform, narrowed to the devices asked
// for. The command line (`sdr REC`) and `sdr run` build their readers here, so both pick devices
// alike, with the backend's own default exclusions.
import { selectDevices } from '../core/device-filter.js';
import type { Platform, Snapshot, SourceRoots } from '../platform/types.js';
import type { Recorder } from '../recorders/recorder.js';

export function recordingReader<S extends Snapshot>(
  recorder: Recorder<S>,
  platform: Platform,
  roots: SourceRoots,
  settings: Record<string, string | undefined>,
  /** The devices named (-d, -i, config "devices"); undefined: all but the excluded. */
  list: string | undefined,
): () => S | Promise<S> {
  const read = recorder.reader(platform, roots, settings);
  const devices = recorder.devices;
  if (devices === undefined) return read;
  const exclude = devices.kind === undefined ? undefined : platform.excluded[devices.kind]?.pattern;
  return selectDevices({ what: devices.what, exclude }, read as unknown as () => Promise<S & { devices: Map<string, unknown> }>, list);
}
