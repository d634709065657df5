// Bytes a phone downloads for each bulletin page of a built site, images included: every page
// under tin-tuc/<slug>/ is opened at 360 × 800 CSS px (device scale 2, like a common phone) from
// a local HTTP server, scrolled to the end so that lazy images load, and the bytes transferred
// are summed as Chromium counts them (Network.loadingFinished encodedDataLength).
//   node scripts/page-weight.mjs OUTPUT_DIR [--json]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from './browser.mjs';

const root = path.resolve(process.argv[2] || 'output');
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png',
  '.webp': 'image/webp', '.xml': 'application/xml', '.json': 'application/json' };
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let f = path.join(root, p);
  if (!f.startsWith(root)) { res.writeHead(403); return res.end(); }
  if (fs.existsSync(f) && fs.statSync(f).isDirectory()) f = path.join(f, 'index.html');
  if (!fs.existsSync(f)) { res.writeHead(404); return res.end(); }
  const body = fs.readFileSync(f);
  res.writeHead(200, { 'content-type': TYPES[path.extname(f)] || 'application/octet-stream',
    'content-length': body.length, 'cache-control': 'no-store' });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;
const pages = fs.readdirSync(path.join(root, 'tin-tuc'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'trang' && fs.existsSync(path.join(root, 'tin-tuc', d.name, 'index.html')))
  .map((d) => `tin-tuc/${d.name}/`).sort();
const browser = await launchChromium();
const results = [];
for (const p of pages) {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let bytes = 0, images = 0, imageBytes = 0;
  const kinds = new Map();
  cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    if (kinds.get(e.requestId) === 'Image') { images += 1; imageBytes += e.encodedDataLength; }
  });
  await page.goto(base + p, { waitUntil: 'networkidle' });
  for (let y = 0; y < 40; y++) {
    await page.mouse.wheel(0, 700);
    await page.waitForTimeout(50);
  }
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  results.push({ page: p, bytes, images, imageBytes });
  await context.close();
}
await browser.close();
server.close();
results.sort((a, b) => b.bytes - a.bytes);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 1));
} else {
  for (const r of results) {
    console.log(`${(r.bytes / 1024).toFixed(1).padStart(8)} KB  ${r.images} images ${(r.imageBytes / 1024).toFixed(1)} KB  ${r.page}`);
  }
  console.log(`heaviest: ${results[0].page} ${(results[0].bytes / 1024).toFixed(1)} KB at 360 px`);
}
