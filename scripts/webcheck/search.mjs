// Checks the search page of a built gongshi site in headless Chromium, the way a citizen uses
// it: types each query into the search box and compares the items left on the list with the
// expected ones. Simplified and Traditional characters find each other (issue 14).
// Usage: node search.mjs OUT_DIR BASE_PATH QUERY=ID[,ID…] …
//   e.g. node search.mjs out /sfx/ '公积金提取=gjj-retire' '公積金=gjj-retire,gjj-loan'
// An empty id list (`QUERY=`) expects no hit.
import { createServer } from 'node:http';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import puppeteer from 'puppeteer-core';

const [out, basePath, ...checks] = process.argv.slice(2);
if (!out || !existsSync(out) || !basePath || checks.length === 0) {
  console.error('usage: node search.mjs OUT_DIR BASE_PATH QUERY=ID[,ID…] …');
  process.exit(2);
}
const base = basePath.replace(/\/?$/, '/');

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8' };
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
const url = `http://127.0.0.1:${server.address().port}${base}search/`;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});

let failures = 0;
try {
  const page = await browser.newPage();
  // The page is loaded once and its index fetched before typing, as a citizen's would be.
  await page.goto(url, { waitUntil: 'networkidle0' });
  for (const check of checks) {
    const at = check.lastIndexOf('=');
    const query = check.slice(0, at);
    const want = check.slice(at + 1).split(',').filter(Boolean).sort();
    await page.click('#q', { clickCount: 3 });
    await page.keyboard.press('Backspace');
    await page.type('#q', query);
    // The search fetches the index files it needs after a short pause in typing.
    await new Promise((ok) => setTimeout(ok, 400));
    await page.waitForNetworkIdle({ idleTime: 300 });
    // The items that match the whole query (partial matches are listed after them).
    const got = (await page.$$eval('#results li[data-id]', (rows) =>
      rows.filter((li) => !li.hidden && !li.hasAttribute('data-partial'))
        .map((li) => li.getAttribute('data-id')))).sort();
    const ok = got.length === want.length && got.every((id, i) => id === want[i]);
    console.log(`search ${ok ? 'ok  ' : 'FAIL'} ${query} → [${got.join(', ')}]${ok ? '' : ` (expected [${want.join(', ')}])`}`);
    if (!ok) failures++;
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`search: ${checks.length} queries, ${failures} failures`);
process.exit(failures ? 1 : 0);
