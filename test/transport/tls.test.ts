// https: certificates are checked against the system's CAs plus the config's caFile, and only
// insecure: true turns the check off, with a warning.
import { mkdtempSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:https';
import { sdr, sdrRun } from '../cli/sdr.js';
import { FIXTURES } from '../helpers.js';

const ROOT = `${FIXTURES}/linux/lvm-bridge-host-pair/before`;
const haveOpenssl = spawnSync('openssl', ['version']).status === 0;
const run = haveOpenssl ? describe : describe.skip;
if (!haveOpenssl) console.log('openssl is not installed: the https tests are skipped');

run('sdr send over https', () => {
  const dir = mkdtempSync(`${tmpdir()}/sdr-tls-`);
  let port = 0;
  let received = 0;
  let server: ReturnType<typeof createServer>;

  beforeAll(async () => {
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`]);
    expect(made.status).toBe(0);
    server = createServer({ key: readFileSync(`${dir}/key.pem`), cert: readFileSync(`${dir}/cert.pem`) }, (req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    expect(sdr(['sysrec', '-l', '--log-dir', `${dir}/log`, '--procfs', `${ROOT}/proc`, '--sysfs', `${ROOT}/sys`]).status).toBe(0);
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  function config(name: string, extra: Record<string, unknown>): string {
    const path = `${dir}/${name}.json`;
    writeFileSync(path, JSON.stringify({ logDir: `${dir}/log`, platforms: [{ name, url: `https://127.0.0.1:${port}`, subscription: 'S', token: 'T', recorders: ['sysrec'], ...extra }] }));
    chmodSync(path, 0o600);
    return path;
  }

  test('a certificate no CA vouches for is refused: nothing sent, rows kept', async () => {
    const r = await sdrRun(['send', '--config', config('plain', {}), '--once']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/plain\/sysrec: delivery failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
    expect(received).toBe(0);
  });

  test('caFile adds the CA: delivered', async () => {
    const r = await sdrRun(['send', '--config', config('withca', { caFile: `${dir}/cert.pem` }), '--once']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(received).toBe(1);
  });

  test('insecure: true delivers without the check, and says so at start', async () => {
    const r = await sdrRun(['send', '--config', config('insecure', { insecure: true }), '--once']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('sdr: send: warning: insecure: certificate checks are off (insecure: true): anyone on the path can read the token\n');
    expect(received).toBe(2);
  });
});
