// Checks the system dependencies the test suites need, so a missing package is one clear message
// with the exact install line instead of a dozen confusing test failures.
// Run directly: `node scripts/preflight.mjs` (exit 1 when something required is missing).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {
      // not in this directory
    }
  }
  return null;
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function thaiFont() {
  try {
    return execFileSync('fc-list', [':lang=th', 'family'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().length > 0;
  } catch {
    return false;
  }
}

function sqliteCipherLoads() {
  try {
    const require = createRequire(join(root, 'package.json'));
    const Database = require('better-sqlite3-multiple-ciphers');
    const db = new Database(':memory:');
    const ok = db.prepare('select 1 as one').get().one === 1;
    db.close();
    return ok ? null : 'query failed';
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
}

/**
 * @typedef {{ name: string, ok: boolean, optional: boolean, aptPackage?: string, fix?: string, detail?: string }} Check
 * @returns {Check[]}
 */
export function checkSystem() {
  /** @type {Check[]} */
  const checks = [
    { name: 'dovecot (/usr/sbin/dovecot)', ok: executable('/usr/sbin/dovecot'), optional: false, aptPackage: 'dovecot-imapd' },
    { name: 'chromium (/usr/bin/chromium)', ok: executable('/usr/bin/chromium'), optional: false, aptPackage: 'chromium' },
    { name: 'openssl', ok: onPath('openssl') !== null, optional: false, aptPackage: 'openssl' },
    { name: 'gpg', ok: onPath('gpg') !== null, optional: false, aptPackage: 'gnupg' },
    // Without it Chromium draws Thai as boxes: screenshots are wrong, the tests still run.
    { name: 'Thai font (fc-list :lang=th)', ok: thaiFont(), optional: true, aptPackage: 'fonts-thai-tlwg' },
  ];
  // The private Dovecot drops its mail processes to uid 65534, which needs root to start.
  const root0 = process.getuid?.() === 0;
  checks.push({
    name: 'running as root (the private Dovecot switches to uid 65534)',
    ok: root0,
    optional: false,
    fix: 'run the tests as root (CI and the dev container do)',
  });
  if (!existsSync(join(root, 'node_modules'))) {
    checks.push({ name: 'node_modules', ok: false, optional: false, fix: 'npm ci' });
  } else {
    const err = sqliteCipherLoads();
    checks.push({
      name: 'better-sqlite3-multiple-ciphers loads',
      ok: err === null,
      optional: false,
      fix: 'npm rebuild better-sqlite3-multiple-ciphers (needs python3 make g++)',
      detail: err ?? undefined,
    });
  }
  return checks;
}

/** Human-readable report; returns true when nothing required is missing. */
export function reportSystem(checks = checkSystem(), out = console.error) {
  const missing = checks.filter((c) => !c.ok && !c.optional);
  const weak = checks.filter((c) => !c.ok && c.optional);
  for (const c of [...missing, ...weak]) {
    out(`${c.optional ? 'warning' : 'missing'}: ${c.name}${c.detail ? ` (${c.detail})` : ''}`);
  }
  const apt = [...missing, ...weak].map((c) => c.aptPackage).filter(Boolean);
  if (apt.length) out(`  fix: apt-get install -y --no-install-recommends ${apt.join(' ')}`);
  for (const c of missing.filter((m) => m.fix)) out(`  fix: ${c.fix}`);
  return missing.length === 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ok = reportSystem();
  if (ok) console.error('preflight: all required system dependencies present');
  process.exit(ok ? 0 : 1);
}
