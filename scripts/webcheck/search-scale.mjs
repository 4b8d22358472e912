// Search at portal scale in headless Chromium: for each query, loads the search page, types the
// query and waits for the first result; reports the bytes transferred (network log, page and
// query together) and the time from typing to the first result, on an unthrottled link and on
// Chromium's "Fast 3G" profile. Fails when a query transfers more than 200 KB or its expected
// item is not first.
// Usage: node search-scale.mjs OUT_DIR 'QUERY=ITEM_ID' ...
//   e.g. node search-scale.mjs /tmp/out '护士执业注册（第5号）=item-00005' '第1234号=item-01234'
import { createServer } from 'node:http';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import puppeteer, { PredefinedNetworkConditions } from 'puppeteer-core';

const LIMIT = 200 * 1024;
const out = process.argv[2];
const cases = process.argv.slice(3).map((a) => {
  const i = a.lastIndexOf('=');
  return { q: a.slice(0, i), id: a.slice(i + 1) };
});
if (!out || !existsSync(out) || !cases.length) {
  console.error("usage: node search-scale.mjs OUT_DIR 'QUERY=ITEM_ID' ...");
  process.exit(2);
}

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png' };
const server = createServer((req, resp) => {
  let path = join(out, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
  if (!existsSync(path)) { resp.writeHead(404); resp.end(); return; }
  resp.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' });
  resp.end(readFileSync(path));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = server.address().port;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

let failures = 0;
for (const profile of ['none', 'Fast 3G']) {
  for (const { q, id } of cases) {
    const page = await browser.newPage();
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (profile !== 'none') await page.emulateNetworkConditions(PredefinedNetworkConditions[profile]);
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; requests += 1; });
    await page.goto(`http://127.0.0.1:${port}/search/`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('script[src$="search.js"]'));
    const pageBytes = bytes;
    // Typed at once, then submitted, so the time is the search's alone (no typing debounce).
    await page.$eval('#q', (el, v) => { el.value = v; }, q);
    const t0 = Date.now();
    await page.$eval('#search-form', (f) => f.requestSubmit());
    await page.waitForSelector('#results li[data-id]', { timeout: 30000 });
    const ms = Date.now() - t0;
    const first = await page.$eval('#results li[data-id]', (li) => li.getAttribute('data-id'));
    const ok = first === id && bytes <= LIMIT;
    if (!ok) failures += 1;
    console.log(`${ok ? 'ok  ' : 'FAIL'} [${profile}] ${q}: first ${first} (expected ${id}); ${requests} requests, ${(bytes / 1024).toFixed(1)} KB (page ${(pageBytes / 1024).toFixed(1)} KB, query ${((bytes - pageBytes) / 1024).toFixed(1)} KB); first result ${ms} ms after submit`);
    await page.close();
  }
}
await browser.close();
server.close();
process.exit(failures ? 1 : 0);
