// A throwaway certificate authority and server certificates for the private test servers.
// Made with the system `openssl` once per test process (key generation is the slow part) and
// cached; the files live in a private temp dir that is removed when the process exits.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onProcessEnd } from './onProcessEnd.js';

const run = promisify(execFile);

export interface ServerCert {
  /** PEM of the test CA that signed this certificate (what a client must trust). */
  caPem: string;
  certPem: string;
  keyPem: string;
  certFile: string;
  keyFile: string;
}

/** The hosts the correct certificate names: RFC 6125 checks an IP literal only against IP SANs. */
export const DEFAULT_CERT_HOST = '127.0.0.1';

interface Ca {
  dir: string;
  caPem: string;
  caCert: string;
  caKey: string;
}

let caPromise: Promise<Ca> | undefined;
const certs = new Map<string, Promise<ServerCert>>();

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error('openssl not installed: apt-get install openssl', { cause: err });
    throw new Error(`openssl ${args[0] ?? ''} failed: ${e.stderr ?? e.message}`, { cause: err });
  }
}

async function makeCa(): Promise<Ca> {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-test-ca-'));
  onProcessEnd(() => rmSync(dir, { recursive: true, force: true }));
  // P-256 keys: generated in milliseconds, and every TLS stack we test against accepts them.
  await openssl(
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Raksa Mail Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return { dir, caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'), caCert: 'ca.crt', caKey: 'ca.key' };
}

function sanFor(host: string): string {
  if (host === DEFAULT_CERT_HOST) return 'IP:127.0.0.1,DNS:localhost';
  return /^[\d.]+$/.test(host) ? `IP:${host}` : `DNS:${host}`;
}

async function makeServerCert(host: string): Promise<ServerCert> {
  if (!caPromise) {
    caPromise = makeCa();
    caPromise.catch(() => (caPromise = undefined));
  }
  const ca = await caPromise;
  const base = host.replace(/[^a-zA-Z0-9.-]/g, '_');
  const ext = `${base}.ext`;
  writeFileSync(
    join(ca.dir, ext),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${sanFor(host)}`,
      '',
    ].join('\n'),
  );
  await openssl(
    ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${host}`],
    ca.dir,
  );
  await openssl(
    // a random serial instead of -CAcreateserial: two certificates may be made concurrently
    ['x509', '-req', '-in', `${base}.csr`, '-CA', ca.caCert, '-CAkey', ca.caKey,
      '-set_serial', `0x${randomBytes(8).toString('hex')}`,
      '-days', '2', '-extfile', ext, '-out', `${base}.crt`],
    ca.dir,
  );
  const certFile = join(ca.dir, `${base}.crt`);
  const keyFile = join(ca.dir, `${base}.key`);
  return {
    caPem: ca.caPem,
    certPem: readFileSync(certFile, 'utf8'),
    keyPem: readFileSync(keyFile, 'utf8'),
    certFile,
    keyFile,
  };
}

/**
 * A certificate for `host` signed by the per-process test CA. Pass a host the client does not
 * connect to (e.g. `wrong.example`) to get a certificate that must fail hostname verification.
 */
export function getTestCert(host: string = DEFAULT_CERT_HOST): Promise<ServerCert> {
  let p = certs.get(host);
  if (!p) {
    p = makeServerCert(host);
    // a failed attempt must not poison the cache for the next test
    p.catch(() => certs.delete(host));
    certs.set(host, p);
  }
  return p;
}
