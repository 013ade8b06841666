/** Whole seconds from the boot time (epoch seconds) to a reading; undefined when the boot time is not known. */
export function uptimeSeconds(bootEpochSeconds: number | undefined, epochMs: number): number | undefined {
  return bootEpochSeconds === undefined ? undefined : Math.max(0, Math.floor(epochMs / 1000) - bootEpochSeconds);
}
