// Screenshots of a page in headless Chromium, as the README's pictures are made.
// Usage: node shot.mjs URL OUT.png WIDTHxHEIGHT [--full]
//   --full  the whole page, not only the first screen
import puppeteer from 'puppeteer-core';

const [url, out, size = '390x844', ...flags] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node shot.mjs URL OUT.png WIDTHxHEIGHT [--full]');
  process.exit(2);
}
const [width, height] = size.split('x').map(Number);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.goto(url, { waitUntil: 'load' });
  await page.screenshot({ path: out, fullPage: flags.includes('--full') });
} finally {
  await browser.close();
}
