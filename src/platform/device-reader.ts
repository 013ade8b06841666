import type { DeviceSnapshot } from './types.js';
import { sampleClock } from './run-tool.js';

/** A per-device reader from a function that reads every device: the clocks are read before it runs. */
export function deviceReader<D>(readDevices: () => Promise<Map<string, D>>): () => Promise<DeviceSnapshot<D>> {
  return async () => {
    const clock = sampleClock();
    return { ...clock, devices: await readDevices() };
  };
}
