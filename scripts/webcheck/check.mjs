// Checks a built gongshi site: every HTML page with the Nu HTML Checker (zero errors) and
// with axe-core in headless Chromium (zero violations). The elder pages (长者模式, under
// elder/) are also checked with the AAA contrast rule (color-contrast-enhanced) and, at phone
// width, for what elder mode promises: text at least 24 px with line height at least 1.5,
// links and controls at least 48 × 48 px, a visible focus on every one of them, nothing that
// moves or stays fixed on screen, no QR code.
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
// What elder mode promises, measured in the page (runs in the browser).
function elderProblems() {
  const problems = [];
  const where = (el) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    return `${el.tagName.toLowerCase()}${id}${cls}`;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.display !== 'none';
  };
  // Text: every element with its own visible text.
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg, script, style') || !visible(el)) continue;
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!ownText) continue;
    const st = getComputedStyle(el);
    const size = parseFloat(st.fontSize);
    if (size < 23.9) problems.push(`text ${size}px < 24px: ${where(el)} "${el.textContent.trim().slice(0, 20)}"`);
    const lh = st.lineHeight === 'normal' ? 1.2 * size : parseFloat(st.lineHeight);
    if (lh < 1.5 * size - 0.1) problems.push(`line height ${(lh / size).toFixed(2)} < 1.5: ${where(el)}`);
  }
  // Touch targets and focus.
  for (const el of document.body.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 47.5 || r.height < 47.5) problems.push(`target ${Math.round(r.width)}×${Math.round(r.height)} < 48×48: ${where(el)} "${el.textContent.trim().slice(0, 20)}"`);
    el.focus();
    const st = getComputedStyle(el);
    if (document.activeElement !== el) problems.push(`cannot take focus: ${where(el)}`);
    else if (st.outlineStyle === 'none' || parseFloat(st.outlineWidth) < 2) problems.push(`focus not visible: ${where(el)}`);
    el.blur();
  }
  // Nothing moves, pops up or stays put while the page scrolls.
  if (document.getAnimations().length) problems.push(`${document.getAnimations().length} animations`);
  for (const el of document.body.querySelectorAll('*')) {
    const pos = getComputedStyle(el).position;
    if ((pos === 'fixed' || pos === 'sticky') && visible(el)) problems.push(`${pos} element: ${where(el)}`);
  }
  if (document.querySelector('.qr, .qr-code')) problems.push('QR code on an elder page');
  return problems;
}

let violations = 0;
let elderFaults = 0;
const elderPages = pages.filter((f) => relative(out, f).split('\\').join('/').startsWith('elder/'));
try {
  const page = await browser.newPage();
  for (const file of pages) {
    const rel = relative(out, file).split('\\').join('/');
    const elder = rel.startsWith('elder/');
    if (elder) await page.setViewport({ width: 390, height: 844 });
    else await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`http://127.0.0.1:${port}${base}${rel}`, { waitUntil: 'load' });
    await page.evaluate(axeSource);
    const options = { resultTypes: ['violations'], rules: elder ? { 'color-contrast-enhanced': { enabled: true } } : {} };
    const result = await page.evaluate(async (o) => await window.axe.run(document, o), options);
    for (const v of result.violations) {
      violations += 1;
      console.log(`axe: ${rel}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×) e.g. ${v.nodes[0]?.target}`);
    }
    if (elder) {
      const problems = await page.evaluate(elderProblems);
      for (const p of problems.slice(0, 10)) console.log(`elder: ${rel}: ${p}`);
      if (problems.length > 10) console.log(`elder: ${rel}: … ${problems.length - 10} more`);
      elderFaults += problems.length;
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`axe: ${pages.length} pages (${elderPages.length} in elder mode, with AAA contrast), ${violations} violations`);
console.log(`elder: ${elderPages.length} pages, ${elderFaults} problems (text ≥ 24 px, line height ≥ 1.5, targets ≥ 48 px, focus visible, nothing moving)`);
if (elderPages.length === 0) {
  console.log('elder: no elder pages found under elder/');
  failures += 1;
}
failures += violations + elderFaults;
process.exit(failures === 0 ? 0 : 1);
