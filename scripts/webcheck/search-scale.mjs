// Search at portal scale in headless Chromium: for each query, loads the search page and enters
// the query twice over, typed at once and submitted, and key by key at a citizen's pace; reports
// the bytes transferred (network log, page and query together, once the network is idle) and
// the time to the query's first result (after the submit, or after the last keystroke), on an
// unthrottled link and on Chromium's "Fast 3G" profile. Fails when a query transfers more than
// 200 KB or its expected item is not first; times are reported, not asserted.
// Usage: node search-scale.mjs OUT_DIR 'QUERY=ITEM_ID' ...
//   e.g. node search-scale.mjs /tmp/out '护士执业注册（第5号）=item-00005' '第1234号=item-01234'
import { createServer } from 'node:http';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import puppeteer, { PredefinedNetworkConditions } from 'puppeteer-core';

const LIMIT = 200 * 1024;
// Milliseconds between keystrokes when typing at a citizen's pace.
const PACE = Number(process.env.SEARCH_PACE_MS || 250);
const out = process.argv[2];
const cases = process.argv.slice(3).map((a) => {
  const i = a.lastIndexOf('=');
  return { q: a.slice(0, i), id: a.slice(i + 1) };
});
if (!out || !existsSync(out) || !cases.length) {
  console.error("usage: node search-scale.mjs OUT_DIR 'QUERY=ITEM_ID' ...");
  process.exit(2);
}

// search.js and the index must agree on which shard holds a token: every token of every
// shard file must hash, by search.js's own shardOf, to that file (src/render/search.rs
// shard_of writes them; a disagreement would lose results silently).
{
  const js = readFileSync(join(out, 'static/search.js'), 'utf8');
  const m = js.match(/function shardOf\(token\) \{[\s\S]*?\n  \}/);
  if (!m) { console.error('search.js: no shardOf function found'); process.exit(1); }
  const page = readFileSync(join(out, 'search/index.html'), 'utf8');
  const count = Number((page.match(/data-shards="(\d+)"/) || [])[1]);
  const shardOf = new Function('shards', `${m[0]}; return shardOf;`)(count);
  const dir = join(out, 'search/t');
  let tokens = 0;
  for (let n = 0; n < count; n++) {
    const file = join(dir, `${n}.txt`);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const token = line.split('\t')[0];
      if (!token) continue;
      tokens++;
      if (shardOf(token) !== n) {
        console.error(`FAIL: token ${token} is in shard ${n}, search.js looks in ${shardOf(token)}`);
        process.exit(1);
      }
    }
  }
  if (!tokens) { console.error('FAIL: no tokens in the shard files'); process.exit(1); }
  console.log(`shards: ${tokens} tokens in ${count} shard files, each where search.js looks`);
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

// One measurement: a fresh page (cache off) on the profile, the query typed either at once and
// submitted ('at once': the search's own time) or key by key at a citizen's pace ('typed':
// 250 ms between characters, results showing as one types). Reports the time from the submit
// or from the last keystroke to the first row of the whole query's results, the first item,
// and every byte the page and the query transferred once the network is idle.
async function measure(profile, q, mode) {
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
  // Times are taken in the page: from the input event (or submit) that completes the query to
  // the first result row of that query (search.js marks the list with the text it shows).
  await page.evaluate((q) => {
    const t = (window.gongshiTiming = {});
    const list = document.getElementById('results');
    document.addEventListener('input', () => {
      if (document.getElementById('q').value === q) t.start = performance.now();
    }, true);
    document.addEventListener('submit', () => { t.start = performance.now(); }, true);
    new MutationObserver(() => {
      const li = list.querySelector('li[data-id]');
      if (t.first === undefined && t.start !== undefined && li && list.getAttribute('data-q') === q) {
        t.first = performance.now();
        t.id = li.getAttribute('data-id');
      }
    }).observe(list, { childList: true, attributes: true });
  }, q);
  if (mode === 'at once') {
    await page.$eval('#q', (el, v) => { el.value = v; }, q);
    await page.$eval('#search-form', (f) => f.requestSubmit());
  } else {
    await page.type('#q', q, { delay: PACE });
  }
  await page.waitForFunction(() => window.gongshiTiming.first !== undefined, { timeout: 30000 });
  const t = await page.evaluate(() => window.gongshiTiming);
  await page.waitForNetworkIdle({ idleTime: 2000, timeout: 30000 });
  await page.close();
  return { first: t.id, ms: Math.round(t.first - t.start), bytes, pageBytes, requests };
}

let failures = 0;
for (const profile of ['none', 'Fast 3G']) {
  for (const { q, id } of cases) {
    for (const mode of ['at once', 'typed']) {
      const r = await measure(profile, q, mode);
      const ok = r.first === id && r.bytes <= LIMIT;
      if (!ok) failures += 1;
      console.log(`${ok ? 'ok  ' : 'FAIL'} [${profile}, ${mode}] ${q}: first ${r.first} (expected ${id}); ${r.requests} requests, ${(r.bytes / 1024).toFixed(1)} KB (page ${(r.pageBytes / 1024).toFixed(1)} KB, query ${((r.bytes - r.pageBytes) / 1024).toFixed(1)} KB); first result ${r.ms} ms after ${mode === 'typed' ? 'the last keystroke' : 'submit'}`);
    }
  }
}
await browser.close();
server.close();
process.exit(failures ? 1 : 0);
