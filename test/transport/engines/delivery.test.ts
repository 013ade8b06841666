// Rows of sysrec, cpurec, diskrec and nicrec recorded on this machine, sent by `sdr send --once`
// to the real engines and read back with each one's own query API: every non-empty field of every
// row is there with its value (in base units for remote write), its tags, its name and its row's
// own timestamp, and no empty field became a value.
import { mkdtempSync, writeFileSync, chmodSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { sdrRun } from '../../cli/sdr.js';
import { columnsOfHeader, inBaseUnit, recorderMapping, timestampMs, type ValueColumn } from '../../../src/output/metric-mapping.js';
import { splitCsvLine } from '../../../src/transport/raw-reader.js';
import { INFLUXD, PROMETHEUS, VICTORIA, influx, influxQuery, prometheus, promQuery, victoria, victoriaExport, withProgram } from './servers.js';
import { REC4, configFile, readRaw, recordLive } from './raw.js';

const LONG = 120_000;

const HOST = hostname();

interface Sample {
  /** Series name and labels, sorted, as "name{a=1,b=2}". */
  series: string;
  ms: number;
  value: number;
}

const key = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',')}}`;

/** What the raw files say the engine holds: `naming` gives a value column's series name. */
function expected(logDir: string, naming: 'remote-write' | 'line-protocol', labels: Record<string, string>): { samples: Sample[]; empty: string[] } {
  const samples: Sample[] = [];
  const empty: string[] = [];
  for (const rec of REC4) {
    const { header, rows } = readRaw(logDir, rec);
    const mapping = recorderMapping(rec);
    const columns = columnsOfHeader(mapping, header);
    for (const row of rows) {
      const device = mapping.device === undefined ? {} : { [mapping.device]: row[header.indexOf(mapping.device)] };
      columns.forEach((c, i) => {
        if (c.kind !== 'value') return;
        const v = c as ValueColumn;
        const name = naming === 'remote-write' ? v.metric : `${rec}_${v.field.name}`;
        const series = key(name, { ...labels, ...device });
        if (row[i] === '') empty.push(`${series}@${timestampMs(row[0])}`);
        else samples.push({ series, ms: timestampMs(row[0])!, value: naming === 'remote-write' ? inBaseUnit(Number(row[i]), v.unit) : Number(row[i]) });
      });
    }
  }
  return { samples, empty };
}

/** Compares what the engine holds with what it should, sample by sample. */
function compare(got: Sample[], want: { samples: Sample[]; empty: string[] }): void {
  const held = new Map(got.map((s) => [`${s.series}@${s.ms}`, s.value]));
  expect(want.samples.length).toBeGreaterThan(100);
  const missing = want.samples.filter((s) => !held.has(`${s.series}@${s.ms}`)).map((s) => `${s.series}@${s.ms}`);
  expect(missing.slice(0, 5)).toEqual([]);
  for (const s of want.samples) {
    const v = held.get(`${s.series}@${s.ms}`)!;
    // The engines keep doubles: equal but for the last bits of a conversion.
    if (Math.abs(v - s.value) > Math.abs(s.value) * 1e-12) expect({ sample: `${s.series}@${s.ms}`, v }).toEqual({ sample: `${s.series}@${s.ms}`, v: s.value });
  }
  expect(want.empty.filter((e) => held.has(e))).toEqual([]);
}

function fromExport(series: { metric: Record<string, string>; values: number[]; timestamps: number[] }[]): Sample[] {
  return series.flatMap((s) => {
    const { __name__: name, ...labels } = s.metric;
    return s.timestamps.map((ms, i) => ({ series: key(name, labels), ms, value: s.values[i] }));
  });
}

const live = (() => {
  let made: Promise<string> | undefined;
  return () => (made ??= (async () => {
    const logDir = `${mkdtempSync(`${tmpdir()}/sdr-engines-`)}/log`;
    await recordLive(logDir);
    return logDir;
  })());
})();

withProgram(VICTORIA, 'victoria-metrics')('VictoriaMetrics by line protocol and by remote write: values, names, tags and timestamps of every row', async () => {
  const vm = victoria();
  await vm.start();
  try {
    const logDir = await live();
    const dir = mkdtempSync(`${tmpdir()}/sdr-vm-send-`);
    const cfg = configFile(dir, logDir, [
      { name: 'vm-lp', type: 'influx', url: vm.base, database: 'sdrdb', recorders: REC4, tags: { dc: 'lab' } },
      { name: 'vm-rw', type: 'remote-write', url: `${vm.base}/api/v1/write`, recorders: REC4, host: 'h-rw' },
    ]);
    const r = await sdrRun(['send', '--config', cfg, '--once']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // VictoriaMetrics names line protocol series <measurement>_<field> and keeps the database as db.
    compare(fromExport(await victoriaExport(vm.base, '{__name__=~"(sysrec|cpurec|diskrec|nicrec)_.+"}')),
      expected(logDir, 'line-protocol', { host: HOST, dc: 'lab', db: 'sdrdb' }));
    compare(fromExport(await victoriaExport(vm.base, '{__name__=~"sdr_.+"}')), expected(logDir, 'remote-write', { host: 'h-rw' }));
    // A few by name, as a user reads them: KiB as bytes, % as a ratio, the device a label.
    const at = async (match: string, ms: number) => {
      const [series] = await victoriaExport(vm.base, match);
      return series.values[series.timestamps.indexOf(ms)];
    };
    const cpu = readRaw(logDir, 'cpurec');
    const last = cpu.rows[cpu.rows.length - 1];
    expect(await at(`sdr_cpurec_user_ratio{cpuid="${last[1]}",host="h-rw"}`, timestampMs(last[0])!)).toBeCloseTo(Number(last[2]) / 100, 10);
    const sys = readRaw(logDir, 'sysrec');
    expect(await at('sdr_sysrec_memused_bytes', Number(sys.rows[1][0]) * 1000)).toBe(Number(sys.rows[1][sys.header.indexOf('memused')]) * 1024);
  } finally {
    await vm.remove();
  }
}, LONG);

withProgram(INFLUXD, 'influxdb')('InfluxDB 1.x with a user and password: measurements, tags, typed fields and strings, at each row\'s precision', async () => {
  const db = influx({ auth: true });
  await db.start();
  try {
    const auth: [string, string] = ['admin', 'pw-0c41-not-in-any-log'];
    // The first user of an InfluxDB with auth on may be made without credentials.
    await influxQuery(db.base, `CREATE USER ${auth[0]} WITH PASSWORD '${auth[1]}' WITH ALL PRIVILEGES`);
    await influxQuery(db.base, 'CREATE DATABASE sdr', undefined, auth);
    const logDir = await live();
    const dir = mkdtempSync(`${tmpdir()}/sdr-influx-send-`);
    writeFileSync(`${dir}/pw`, `${auth[1]}\n`);
    chmodSync(`${dir}/pw`, 0o600);
    const cfg = configFile(dir, logDir, [{ name: 'influx', type: 'influx', url: db.base, database: 'sdr', username: auth[0], passwordFile: `${dir}/pw`, recorders: REC4 }]);
    const r = await sdrRun(['send', '--config', cfg, '--once']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got: Sample[] = [];
    for (const rec of REC4) {
      const doc = await influxQuery(db.base, `SELECT * FROM ${rec} GROUP BY *`, 'sdr', auth);
      for (const s of doc.results[0].series as { name: string; tags: Record<string, string>; columns: string[]; values: unknown[][] }[]) {
        for (const row of s.values) {
          s.columns.forEach((c, i) => {
            if (i === 0 || row[i] === null || typeof row[i] !== 'number') return;
            got.push({ series: key(`${rec}_${c}`, s.tags), ms: row[0] as number, value: row[i] as number });
          });
        }
      }
    }
    compare(got, expected(logDir, 'line-protocol', { host: HOST }));
    // Ints are integers, floats floats, mountpoint a string, as the LMO types them.
    const types = await influxQuery(db.base, 'SHOW FIELD KEYS', 'sdr', auth);
    const of = (m: string) => Object.fromEntries((types.results[0].series as { name: string; values: string[][] }[]).find((s) => s.name === m)!.values);
    expect(of('sysrec')).toMatchObject({ runqsz: 'integer', memused: 'integer', cpupct: 'float' });
    const disk = readRaw(logDir, 'diskrec');
    const mounted = disk.rows.find((row) => row[disk.header.indexOf('mountpoint')] !== '');
    if (mounted !== undefined) {
      const q = await influxQuery(db.base, `SELECT mountpoint FROM diskrec WHERE diskid = '${mounted[1]}' AND time = ${mounted[0]}s`, 'sdr', auth);
      expect(q.results[0].series[0].values[0][1]).toBe(mounted[disk.header.indexOf('mountpoint')]);
    }
    expect(db.log).not.toContain(auth[1]);
  } finally {
    await db.remove();
  }
}, LONG);

withProgram(PROMETHEUS, 'prometheus')('Prometheus\' remote write receiver: every sample at its row\'s millisecond, in base units', async () => {
  const prom = prometheus();
  await prom.start();
  try {
    const logDir = await live();
    const dir = mkdtempSync(`${tmpdir()}/sdr-prom-send-`);
    const cfg = configFile(dir, logDir, [{ name: 'prom', type: 'remote-write', url: `${prom.base}/api/v1/write`, recorders: REC4, tags: { env: 'test' } }]);
    const r = await sdrRun(['send', '--config', cfg, '--once']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // A range selector returns the raw samples of every series.
    const matrix = await promQuery(prom.base, '{__name__=~"sdr_.+"}[1d]');
    compare(matrix.flatMap((s: { metric: Record<string, string>; values: [number, string][] }) => {
      const { __name__: name, ...labels } = s.metric;
      return s.values.map(([t, v]) => ({ series: key(name, labels), ms: Math.round(t * 1000), value: Number(v) }));
    }), expected(logDir, 'remote-write', { host: HOST, env: 'test' }));
  } finally {
    await prom.remove();
  }
}, LONG);

withProgram(INFLUXD, 'influxdb')('an engine\'s 400 quarantines the batch with the engine\'s reason, told by --status', async () => {
  const db = influx();
  await db.start();
  try {
    await influxQuery(db.base, 'CREATE DATABASE sdr');
    // runqsz written as a float before, in the shard of today: InfluxDB refuses the ints sdr sends for it.
    const res = await fetch(`${db.base}/write?db=sdr&precision=s`, { method: 'POST', body: `sysrec,host=x runqsz=1.5 ${Math.floor(Date.now() / 1000) - 5}` });
    expect(res.status).toBe(204);
    const dir = mkdtempSync(`${tmpdir()}/sdr-influx-400-`);
    const logDir = `${dir}/log`;
    await sdrRun(['sysrec', '-l', '--log-dir', logDir, '0.1', '3']);
    const file = readdirSync(logDir).find((f) => f.startsWith('sysrec-'))!;
    const rows = readFileSync(`${logDir}/${file}`, 'utf8').trimEnd().split('\n').slice(1);
    const cfg = configFile(dir, logDir, [{ name: 'db', type: 'influx', url: db.base, database: 'sdr', recorders: ['sysrec'] }]);
    const r = await sdrRun(['send', '--config', cfg, '--once']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/db\/sysrec: 3 rows refused \(400 partial write: field type conflict: .*runqsz.*\): kept in .*\/rejected\/sysrec-/);
    const rejected = readFileSync(`${logDir}/rejected/${file}`, 'utf8').trimEnd().split('\n').map((l) => splitCsvLine(l, ','));
    expect(rejected.map((f) => f[2])).toEqual(rows);
    expect(rejected.every((f) => f[0] === '400' && /field type conflict/.test(f[1]))).toBe(true);
    const status = await sdrRun(['send', '--config', cfg, '--status']);
    expect(status.stdout).toMatch(/^db\/sysrec: 0 rows pending, last delivered never, 3 rows refused, the last 20\S+Z 400 partial write: field type conflict/);
  } finally {
    await db.remove();
  }
}, LONG);
