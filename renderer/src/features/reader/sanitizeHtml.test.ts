// Runs the sanitizer under a real DOM (Debian's Chromium through playwright-core) and then shows the
// result in the same sandboxed frame, under the app's real CSP, with a tracker server listening on
// 127.0.0.1: a test fails if any hostile message makes the browser fetch anything from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { SanitizedHtml } from './sanitizeHtml.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const indexHtml = readFileSync(fileURLToPath(new URL('../../../index.html', import.meta.url)), 'utf8');
const APP_CSP = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/u.exec(indexHtml)?.[1];

let browser: Browser;
let page: Page;
let app: Server;
let tracker: Server;
let trackerUrl = '';
let appPort = 0;
const hits: string[] = [];

const listen = (s: Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

before(async () => {
  assert.ok(APP_CSP, 'renderer/index.html has a CSP meta');
  const bundle = await build({
    stdin: {
      contents:
        "import { sanitizeHtml } from './sanitizeHtml.ts'; import { buildFrameDocument } from './frameDocument.ts';" +
        'Object.assign(window, { sanitizeHtml, buildFrameDocument });',
      resolveDir: here,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    target: 'chrome120',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  tracker = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end();
  });
  trackerUrl = `http://127.0.0.1:${await listen(tracker)}`;
  app = createServer((req, res) => {
    if (req.url === '/s.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(script);
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    // /bare has no page CSP, so the frame's own policy is the only thing left to test there.
    const csp = req.url === '/bare' ? '' : `<meta http-equiv="Content-Security-Policy" content="${APP_CSP}">`;
    res.end(`<!doctype html><html><head>${csp}<script src="/s.js"></script></head><body></body></html>`);
  });
  appPort = await listen(app);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${appPort}/`);
  await page.waitForFunction(() => 'sanitizeHtml' in window);
});

after(async () => {
  await browser?.close();
  app?.close();
  tracker?.close();
});

const LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

async function sanitize(html: string, inline: Record<string, string> = {}): Promise<SanitizedHtml> {
  return page.evaluate(
    ([h, i]) => {
      const w = window as unknown as { sanitizeHtml: (h: string, i: object, o: object) => SanitizedHtml };
      return w.sanitizeHtml(h, i, { window });
    },
    [html, inline] as const,
  );
}

test('removes active and structural elements and every on* handler', async () => {
  const { html } = await sanitize(
    `<p onclick="x()" onmouseover="y()">a</p><script>window.__pwned=1</script><style>p{color:red}</style>` +
      `<iframe src="about:blank"></iframe><object data="x"></object><embed src="x"><form><input name="p"><button>b</button></form>` +
      `<meta http-equiv="refresh" content="0;url=https://evil.example"><link rel="stylesheet" href="https://evil.example/a.css">` +
      `<base href="https://evil.example/"><svg><foreignObject><p>f</p></foreignObject></svg><img src="x" onerror="window.__pwned=2">`,
  );
  for (const bad of [
    '<script',
    '<style',
    '<iframe',
    '<object',
    '<embed',
    '<form',
    '<input',
    '<button',
    '<meta',
    '<link',
    '<base',
    'foreignobject',
    'onclick',
    'onmouseover',
    'onerror',
  ]) {
    assert.ok(!html.toLowerCase().includes(bad), `${bad} removed from ${html}`);
  }
  assert.match(html, /<p>a<\/p>/u);
  assert.equal(
    await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    undefined,
    'nothing ran',
  );
});

test('blocks and counts every kind of remote reference', async () => {
  const t = trackerUrl;
  const cases: [string, string][] = [
    [`<img src="${t}/img">`, 'src='],
    [`<img srcset="${t}/a 1x, ${LOGO} 2x">`, 'srcset'],
    [`<table background="${t}/bg"><tr><td>x</td></tr></table>`, 'background='],
    [`<video poster="${t}/poster"></video>`, 'poster'],
    [`<svg><image href="${t}/svgimg"></image></svg>`, '127.0.0.1'],
    [`<div style="background:url(${t}/css)">x</div>`, '127.0.0.1'],
    [`<div style="background-image: u\\72l(${t}/escaped)">x</div>`, '127.0.0.1'],
    [`<div style="background-image: image-set('${t}/set' 1x)">x</div>`, '127.0.0.1'],
    [`<img src="//127.0.0.1/protocol-relative">`, 'protocol-relative'],
    [`<img src="/relative-to-app">`, 'relative-to-app'],
  ];
  for (const [input, mustNotContain] of cases) {
    const r = await sanitize(input);
    assert.equal(r.blockedRemote, 1, `counted once: ${input} → ${r.html}`);
    assert.ok(!r.html.includes(mustNotContain), `${mustNotContain} gone from ${r.html}`);
  }
  const custom = await sanitize(`<div style="--x: url(${t}/custom); color: red">x</div>`);
  assert.ok(!custom.html.includes('127.0.0.1'), custom.html);
  assert.match(custom.html, /color: red/u, 'harmless declarations are kept');
});

test('cid: images become the inline data: URLs; unknown or unsafe ones are dropped, not counted', async () => {
  const r = await sanitize(
    `<img src="cid:logo@moph.go.th" alt="l"><img src="cid:%3Cother%3E"><img src="cid:missing"><img src="data:text/html;base64,PGI+">`,
    { 'logo@moph.go.th': LOGO, other: LOGO, missing: 'javascript:alert(1)' },
  );
  assert.equal(r.blockedRemote, 0);
  assert.equal(r.html.split(LOGO).length - 1, 2, r.html);
  assert.ok(
    !r.html.includes('cid:') && !r.html.includes('javascript') && !r.html.includes('text/html'),
    r.html,
  );
});

test('links stay, inert: target=_blank and rel=noopener noreferrer; javascript: URLs are removed', async () => {
  const r = await sanitize(
    `<a href="https://www.moph.go.th/" target="_self" ping="${trackerUrl}/ping">moph</a><a href="javascript:alert(1)">x</a>`,
  );
  assert.match(
    r.html,
    /<a href="https:\/\/www\.moph\.go\.th\/" target="_blank" rel="noopener noreferrer">moph<\/a>/u,
  );
  assert.ok(!r.html.includes('javascript') && !r.html.includes('ping'), r.html);
  assert.equal(r.blockedRemote, 0);
});

test('the sanitized message renders in the sandboxed frame with styles and without any request', async () => {
  const t = trackerUrl;
  const hostile =
    `<p id="probe" style="color: rgb(1, 2, 3)">สวัสดี</p><img src="${t}/pixel"><img src="cid:logo">` +
    `<div style="background:url(${t}/bg)">x</div><script>fetch('${t}/script')</script><a href="${t}/link" id="link">l</a>`;
  hits.length = 0;
  await page.evaluate(
    ([h, logo]) => {
      const w = window as unknown as {
        sanitizeHtml: (h: string, i: object, o: object) => SanitizedHtml;
        buildFrameDocument: (b: string, l: string, f: string) => string;
      };
      const clean = w.sanitizeHtml(h, { logo }, { window });
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', '');
      frame.srcdoc = w.buildFrameDocument(clean.html, 'th', '');
      document.body.append(frame);
    },
    [hostile, LOGO] as const,
  );
  const frame = page.frames()[1];
  assert.ok(frame, 'frame attached');
  await frame.waitForSelector('#probe');
  assert.equal(
    await frame.$eval('#probe', (e) => getComputedStyle(e).color),
    'rgb(1, 2, 3)',
    'inline styles work in the frame',
  );
  await frame.click('#link');
  await page.waitForTimeout(300);
  assert.deepEqual(hits, [], 'no request reached the tracker');
  assert.equal(page.frames().length, 2, 'the link opened nothing');
});

test('the frame CSP alone blocks remote loads even if sanitizing were skipped', async () => {
  const t = trackerUrl;
  const bare = await browser.newPage();
  await bare.goto(`http://127.0.0.1:${appPort}/bare`);
  await bare.waitForFunction(() => 'buildFrameDocument' in window);
  hits.length = 0;
  await bare.evaluate((raw) => {
    const w = window as unknown as { buildFrameDocument: (b: string, l: string, f: string) => string };
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', '');
    frame.srcdoc = w.buildFrameDocument(raw, 'th', '');
    document.body.append(frame);
  }, `<img src="${t}/raw-img"><div style="background:url(${t}/raw-bg)">x</div><link rel="stylesheet" href="${t}/raw-css"><script src="${t}/raw-js"></script>`);
  await bare.waitForTimeout(400);
  await bare.close();
  assert.deepEqual(hits, []);
});
