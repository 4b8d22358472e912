// Checks a built gongshi site: every HTML page with the Nu HTML Checker (zero errors) and
// with axe-core in headless Chromium (zero serious or critical violations).
// Usage: node check.mjs OUT_DIR [BASE_PATH]   (BASE_PATH: the path of base_url, e.g. /center/)
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, extname, relative } from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const out = process.argv[2];
const base = (process.argv[3] || '/').replace(/\/?$/, '/');
if (!out || !existsSync(out)) {
  console.error('usage: node check.mjs OUT_DIR [BASE_PATH]');
  process.exit(2);
}

function htmlFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...htmlFiles(path));
    else if (extname(name) === '.html') found.push(path);
  }
  return found;
}

const pages = htmlFiles(out);
let failures = 0;

// 1. Nu HTML Checker.
const vnu = require.resolve('vnu-jar/build/dist/vnu.jar');
const res = spawnSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', ...pages], { encoding: 'utf8', maxBuffer: 64 << 20 });
const report = JSON.parse(res.stderr || res.stdout || '{"messages":[]}');
const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
for (const m of errors) {
  console.log(`vnu: ${relative(out, decodeURIComponent(m.url.replace('file:', '')))}:${m.lastLine}: ${m.message}`);
}
console.log(`vnu: ${pages.length} pages, ${errors.length} errors`);
failures += errors.length;

// 2. axe-core in Chromium, pages served over HTTP under the base path.
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.png': 'image/png', '.pdf': 'application/pdf', '.xml': 'application/xml' };
const server = createServer((req, resp) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (!path.startsWith(base)) { resp.writeHead(404); resp.end(); return; }
  path = join(out, path.slice(base.length));
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
  if (!existsSync(path)) { resp.writeHead(404); resp.end(); return; }
  resp.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' });
  resp.end(readFileSync(path));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = server.address().port;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let serious = 0;
try {
  const page = await browser.newPage();
  for (const file of pages) {
    const rel = relative(out, file).split('\\').join('/');
    await page.goto(`http://127.0.0.1:${port}${base}${rel}`, { waitUntil: 'load' });
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      serious += 1;
      console.log(`axe: ${rel}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×) e.g. ${v.nodes[0]?.target}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`axe: ${pages.length} pages, ${serious} serious or critical violations`);
failures += serious;
process.exit(failures === 0 ? 0 : 1);
