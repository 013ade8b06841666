// /proc/cpuinfo: "key : value" blocks, one per logical CPU. Gives the CPU model, the logical CPU
// count, the physical packages and cores (x86 prints "physical id" and "core id"; most ARM kernels
// print neither) and whether the kernel runs under a hypervisor (the "hypervisor" CPU flag).

export interface CpuInfo {
  /** "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz"; undefined when the kernel prints no model. */
  model?: string;
  /** Logical CPUs (processor blocks). */
  logical: number;
  /** Distinct physical packages, when the kernel says. */
  packages?: number;
  /** Distinct physical cores (package, core id pairs), when the kernel says. */
  cores?: number;
  /** The "hypervisor" flag: running virtualized. */
  hypervisorFlag: boolean;
}

/** Model keys by architecture: x86 "model name", old ARM "Processor", MIPS "cpu model", POWER "cpu". */
const MODEL_KEYS = ['model name', 'Processor', 'cpu model', 'cpu'];

export function parseCpuinfo(text: string): CpuInfo {
  let logical = 0;
  const models = new Map<string, string>();
  const packages = new Set<string>();
  const cores = new Set<string>();
  let pkg = '';
  let hypervisorFlag = false;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim().replace(/\s+/g, ' ');
    if (key === 'processor' && /^\d+$/.test(value)) logical++;
    else if (MODEL_KEYS.includes(key) && value !== '' && !models.has(key)) models.set(key, value);
    else if (key === 'physical id') {
      pkg = value;
      packages.add(value);
    } else if (key === 'core id') cores.add(`${pkg}:${value}`);
    else if (key === 'flags' && / hypervisor( |$)/.test(` ${value}`)) hypervisorFlag = true;
  }
  const model = MODEL_KEYS.map((k) => models.get(k)).find((m) => m !== undefined);
  return {
    model,
    logical,
    packages: packages.size > 0 ? packages.size : undefined,
    cores: cores.size > 0 ? cores.size : undefined,
    hypervisorFlag,
  };
}
