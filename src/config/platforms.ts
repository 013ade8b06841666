// A platform of the config as the sender uses it, by type: the checks are done, the secrets read.
export interface PlatformBase {
  name: string;
  /** http(s)://host[:port] for kronometrix; with a path for the engines. */
  url: string;
  recorders: string[];
  /** Extra CA certificates (PEM) trusted beside the system's. */
  caFile?: string;
  /** Skip certificate checks: only when the config says so, with a warning at every start. */
  insecure: boolean;
}

/** A receiver of the Kronometrix wire format. */
export interface KronometrixPlatform extends PlatformBase {
  type: 'kronometrix';
  subscription: string;
  token: string;
  /** Where the token came from, for --check: never the token itself. */
  tokenSource: string;
  /** Prefix of the msgid for the original's non-cpd domains ("dpd-"); empty otherwise. */
  msgidPrefix: string;
  /** The dsid the original sender wrote for this subscription in kronometrix.json, lower case. */
  originalDsid?: string;
}

/** An engine: InfluxDB line protocol or Prometheus remote write. */
export interface EnginePlatform extends PlatformBase {
  type: 'influx' | 'remote-write';
  /** influx: which write API, and where in the server the rows go. */
  influx?: { api: 'v1' | 'v2'; database?: string; retentionPolicy?: string; org?: string; bucket?: string };
  /** Sent with every request, credentials included: never printed. */
  headers: Record<string, string>;
  /** What --check may say of the credentials and headers: names and where they come from, never values. */
  credentials: string[];
  /** The tag `host` of every point, then the extra tags, sorted by name. */
  tags: [string, string][];
}

export type PlatformConfig = KronometrixPlatform | EnginePlatform;
