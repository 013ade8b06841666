// psrinfo -v: a paragraph per virtual processor: "Status of virtual processor 0 as of: …", its state
// ("on-line since …") and "The sparcv9 processor operates at 750 MHz," (continuation lines are
// indented by any number of blanks).

export interface Processors {
  /** Virtual processors on line. */
  online: number;
  /** All virtual processors listed. */
  listed: number;
  /** "sparcv9 at 750 MHz", from the first processor. */
  model?: string;
}

export function parsePsrinfo(text: string): Processors | null {
  const blocks = text.split(/^Status of virtual processor /m).slice(1);
  if (blocks.length === 0) return null;
  const online = blocks.filter((b) => /^\s+on-line since/m.test(b)).length;
  const m = /The (\S+) processor operates at (\d+) MHz/.exec(blocks[0]);
  return { online, listed: blocks.length, model: m === null ? undefined : `${m[1]} at ${m[2]} MHz` };
}
