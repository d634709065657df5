// Browser part of the bantin quality gate (called by gate.sh; also takes the screenshots):
//   node gate.mjs <site-dir> <shots-dir> <summary.json>
//
// Serves <site-dir> on 127.0.0.1 (a free port) with Node's http module, maps every URL of sitemap.xml
// (absolute, under the site's base_url) to that server, and opens each page, plus 404.html, in Debian's
// headless Chromium (playwright-core, started by browser.mjs: /usr/bin/chromium or $CHROMIUM). Checks:
//   - sitemap.xml lists every HTML page of the output but 404.html, and nothing else (a big site's
//     sitemap.xml is an index: then its files do, each a <urlset> within the protocol's 50,000 URLs and 50 MB);
//   - no console error or uncaught exception, no failed request (network error or HTTP status >= 400),
//     no request to any other host (such requests are aborted, never sent);
//   - axe-core: 0 violations of WCAG 2.1 A/AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa), run at 360 px and
//     at 1280 px with every <details> opened, so the collapsed chart tables are checked too;
//   - no horizontal scroll at 360 px (details closed and opened);
//   - no chart region scrolls sideways at 360 px, nor sits in anything that does (unlike a table, a chart
//     inside a horizontal scroller is not tolerated: its narrow layout must fit), and no shown chart text
//     is under 11 CSS px there (its font-size times the SVG's shown width over its viewBox width);
//   - every internal link, image, stylesheet and script answers HTTP 200 (no redirect), and every #fragment
//     names an id on its target page; every download link to a data file (.csv, .xlsx) gets its content type
//     (text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) and a body of that kind;
//   - the briefing (/bao-cao/, when sitemap.xml has it; else a NOTE) printed by Chromium to an A4 PDF, a
//     báo cáo in the form of Nghị định 30/2020/NĐ-CP: the page is A4; every text block pdftotext finds lies
//     within the decree's margins (top and bottom 20 mm, left 30 mm, right 15 mm, 1 mm of slack), but the page
//     number, which pages 2… carry alone, centred in the top margin, and page 1 does not; no rendered text,
//     SVG text scaled by its chart included, under 11 pt (measured under print emulation at the width of the
//     text block, times the print scale: the PDF width of the first heading over its width there, which must
//     be 1, as it is unless the page is wider than the paper and Chromium shrinks it), and no two texts of a
//     chart overlapping there; no site chrome and no link printed (no box under print emulation, and the PDF
//     text lacks the nav labels in sequence); no chart, table, header block or end block cut across pages —
//     see printCuts() for the method.
// Writes <name>-360.png / <name>-1280.png (full page) of the key pages, briefing.pdf and briefing-pdf-N.png
// (pdftoppm) to <shots-dir>, prints one line per problem, writes the counts to <summary.json> and exits 1
// if any check failed.
import { launchChromium } from './browser.mjs';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, statSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve, extname, relative, sep } from 'node:path';

const [siteArg, shotsArg, summaryArg] = process.argv.slice(2);
if (!siteArg || !shotsArg || !summaryArg) {
  console.error('usage: node gate.mjs <site-dir> <shots-dir> <summary.json>');
  process.exit(2);
}
const site = resolve(siteArg), shots = resolve(shotsArg);
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// print check (see printCuts): raster resolution, and the least height of an outlined band that counts as
// content on a page: the outline's two 3 px edges + 2 mm, in device pixels
const DPI = 72, MIN_BAND = Math.ceil((2 * 3 / 96 + 2 / 25.4) * DPI);

const problems = [];  // [check, message]
const fail = (check, msg) => { problems.push([check, msg]); console.log(`FAIL  ${check.padEnd(9)} ${msg}`); };
const notes = [];  // reported, but do not fail the gate
const note = (check, msg) => { notes.push([check, msg]); console.log(`NOTE  ${check.padEnd(9)} ${msg}`); };

// ---------------------------------------------------------------- static server on 127.0.0.1
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp',
  '.gif': 'image/gif', '.ico': 'image/x-icon', '.xml': 'application/xml; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json', '.pdf': 'application/pdf', '.woff2': 'font/woff2',
  // the data files (du-lieu/), as `bantin serve` labels them (src/content_type.rs)
  '.csv': 'text/csv; charset=utf-8', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
// A download link must give the file its type says and a body of that kind: a CSV starts with the UTF-8 BOM, an
// XLSX is a zip ("PK").
const DOWNLOADS = { '.csv': ['text/csv', [0xef, 0xbb, 0xbf]], '.xlsx': ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', [0x50, 0x4b]] };
const server = createServer((req, res) => {
  let path;
  try { path = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
  let file = resolve(site, '.' + path);
  if (file !== site && !file.startsWith(site + sep)) { res.writeHead(403).end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) {
    if (!path.endsWith('/')) { res.writeHead(301, { location: path + '/' }).end(); return; }
    file = join(file, 'index.html');
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    const nf = join(site, '404.html');
    res.writeHead(404, { 'content-type': TYPES['.html'] }).end(existsSync(nf) ? readFileSync(nf) : 'not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream' });
  res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
});
await new Promise(ok => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const isLocal = u => { try { return new URL(u).origin === origin; } catch { return false; } };

// ---------------------------------------------------------------- sitemap ↔ files
const sitemapFile = join(site, 'sitemap.xml');
if (!existsSync(sitemapFile)) { console.error(`gate: no sitemap.xml in ${site}`); process.exit(2); }
const SITEMAP_MAX_URLS = 50000, SITEMAP_MAX_BYTES = 52428800;  // per file (sitemaps.org)
const locsOf = text => [...text.matchAll(/<loc>\s*([^<]+?)\s*<\/loc>/g)].map(m => m[1].replace(/&amp;/g, '&'));
// a <urlset> file's page URLs, checked against the protocol's limits
const urlsetLocs = (name, text) => {
  if (!/<urlset[\s>]/.test(text)) fail('sitemap', `${name} is not a <urlset>`);
  const l = locsOf(text);
  if (l.length > SITEMAP_MAX_URLS) fail('sitemap', `${name} lists ${l.length} URLs, more than ${SITEMAP_MAX_URLS}`);
  if (Buffer.byteLength(text) > SITEMAP_MAX_BYTES) fail('sitemap', `${name} has ${Buffer.byteLength(text)} bytes, more than ${SITEMAP_MAX_BYTES}`);
  return l;
};
const sitemapText = readFileSync(sitemapFile, 'utf8');
let locs, parts = [];
if (/<sitemapindex[\s>]/.test(sitemapText)) {
  // a big site: sitemap.xml lists the files (sitemap-1.xml, …) that list the pages; each is read from the
  // output folder by the last segment of its URL
  parts = locsOf(sitemapText);
  if (!parts.length) fail('sitemap', 'the sitemap index sitemap.xml lists no sitemap');
  if (new Set(parts).size !== parts.length) fail('sitemap', 'the sitemap index sitemap.xml lists a file twice');
  locs = parts.flatMap(u => {
    const name = u.slice(u.lastIndexOf('/') + 1);
    if (!/^[^/]+\.xml$/.test(name) || !existsSync(join(site, name))) { fail('sitemap', `sitemap.xml lists ${u}, which is not a file of the output`); return []; }
    return urlsetLocs(name, readFileSync(join(site, name), 'utf8'));
  });
} else {
  locs = urlsetLocs('sitemap.xml', sitemapText);
}
// base_url = the shortest <loc> that prefixes them all (the home page)
const base = [...locs].sort((a, b) => a.length - b.length).find(b => locs.every(l => l.startsWith(b)));
if (!locs.length || !base) { console.error('gate: sitemap.xml is empty or has no home page URL prefixing every other'); process.exit(2); }
const sitemapPaths = locs.map(l => decodeURI(l.slice(base.length)));
for (const u of parts) if (!u.startsWith(base)) fail('sitemap', `sitemap.xml lists ${u}, which is not under ${base}`);

const walk = d => readdirSync(d, { withFileTypes: true }).flatMap(e => e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]);
const htmlFiles = walk(site).filter(f => f.endsWith('.html')).map(f => relative(site, f).split(sep).join('/'));
const pageOf = f => f === 'index.html' ? '' : f.endsWith('/index.html') ? f.slice(0, -'index.html'.length) : f;
const filePages = new Set(htmlFiles.filter(f => f !== '404.html').map(pageOf));
const inSitemap = new Set(sitemapPaths);
for (const p of filePages) if (!inSitemap.has(p)) fail('sitemap', `page /${p} is not in sitemap.xml`);
for (const p of inSitemap) if (!filePages.has(p)) fail('sitemap', `sitemap.xml lists /${p}, which is not an HTML page of the output`);
if (sitemapPaths.length !== inSitemap.size) fail('sitemap', 'sitemap.xml lists a page twice');
console.log(`sitemap   ${inSitemap.size} URLs under ${base}${parts.length ? ` in the ${parts.length} files listed by sitemap.xml` : ''}; ${filePages.size} HTML pages in the output besides 404.html`);

// ---------------------------------------------------------------- pages to shoot
const has = p => inSitemap.has(p);
const pick = (prefix, preferred, exclude = /^$/) => has(prefix + preferred + '/') ? prefix + preferred + '/' :
  [...inSitemap].filter(p => p.startsWith(prefix) && p.length > prefix.length && /^[^/]+\/$/.test(p.slice(prefix.length)) && !exclude.test(p)).sort()[0];
const shotList = [
  ['home', ''],
  ['bulletins', 'tin-tuc/'],
  ['article', pick('tin-tuc/', 'phat-huy-vai-tro-lanh-dao-cua-dang-trong-thads-o-dai-tu', /^tin-tuc\/trang\//)],
  ['stats', 'thong-ke/'],
  ['stats-unit', pick('thong-ke/', 'dai-tu')],
  ['timeline', 'van-ban/'],
  ['directive', pick('van-ban/', '33-ct-tu-2020')],
  ['cases', 'vu-viec/'],
  ['case', pick('vu-viec/', 'vu-khoi-ky-2023')],
  ['unit', pick('don-vi/', 'dai-tu')],
  ['briefing', 'bao-cao/'],
];
// the briefing exists on an internal build, and on a public one only when site.yaml makes it public
const optionalShots = new Set(['briefing']);
for (const [name, p] of shotList) if (p === undefined || !has(p)) {
  if (optionalShots.has(name)) note('shots', `no ${name} page to shoot (/${p} is not in sitemap.xml)`);
  else fail('shots', `no ${name} page to shoot (${p === undefined ? 'none built' : '/' + p})`);
}
const shotOf = new Map(shotList.filter(([, p]) => p !== undefined && has(p)).map(([n, p]) => [p, n]));

// ---------------------------------------------------------------- browser
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 1, locale: 'vi-VN' });
const external = new Map();  // url -> first page that asked
let current = '';
await context.route('**/*', route => {
  const u = route.request().url();
  if (isLocal(u)) return route.continue();
  if (!external.has(u)) { external.set(u, current); fail('requests', `/${current} asks another host: ${u} (blocked)`); }
  return route.abort('blockedbyclient');
});
const page = await context.newPage();
page.on('console', m => { if (m.type() === 'error') fail('console', `/${current}: ${m.text()}${m.location()?.url ? ` (${m.location().url})` : ''}`); });
page.on('pageerror', e => fail('console', `/${current}: uncaught ${e.message}`));
// An image fetch the browser cancels itself (`net::ERR_ABORTED`: srcset picks another width when the
// viewport changes, or the page is left before a lazy photo arrived) is its choice, not a broken
// resource: every image URL, srcset candidates included, is fetched by the link check and must answer 200.
page.on('requestfailed', r => {
  if (!isLocal(r.url())) return;
  if (r.resourceType() === 'image' && r.failure()?.errorText === 'net::ERR_ABORTED') return;
  fail('requests', `/${current}: ${r.url().slice(origin.length)} failed: ${r.failure()?.errorText}`);
});
page.on('response', r => { if (r.status() >= 400 && isLocal(r.url())) fail('requests', `/${current}: ${r.url().slice(origin.length)} → HTTP ${r.status()}`); });

const OVERFLOW = () => {
  const vw = document.documentElement.clientWidth, sw = document.documentElement.scrollWidth;
  const culprits = [];  // elements sticking out of the viewport that are not inside a horizontal scroller
  if (sw > vw) for (const el of document.body.querySelectorAll('*')) {
    const b = el.getBoundingClientRect();
    if (b.width === 0 || b.right <= vw + 0.5) continue;
    let p = el.parentElement, clipped = false;
    for (; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
    if (clipped) continue;
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    culprits.push(`${el.tagName.toLowerCase()}${cls} (right ${Math.round(b.right)}px)`);
  }
  return { vw, sw, culprits: culprits.slice(0, 5) };
};
// The charts shown at this width: each region's or an ancestor's sideways scroll, a chart wider than its
// region or than the viewport, and the smallest text of each chart in CSS px.
const CHARTS = () => {
  const vw = document.documentElement.clientWidth, out = [];
  for (const region of document.querySelectorAll('.chart-svg')) {
    const svg = region.querySelector('svg');
    const b = region.getBoundingClientRect();
    if (!svg || b.width === 0 || getComputedStyle(region).display === 'none') continue;
    const name = region.getAttribute('aria-label') || '(chart)';
    const problems = [];
    for (let el = region; el && el !== document.body; el = el.parentElement) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
        const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
        problems.push(`${el.tagName.toLowerCase()}${cls} scrolls sideways (${el.scrollWidth}px in ${el.clientWidth}px)`);
      }
    }
    const sb = svg.getBoundingClientRect();
    if (sb.right > vw + 0.5 || sb.right > b.right + 0.5) problems.push(`the chart reaches ${Math.round(sb.right)}px (viewport ${vw}px)`);
    const vb = svg.viewBox.baseVal, scale = vb && vb.width ? sb.width / vb.width : 1;
    let minPx = Infinity;
    for (const t of svg.querySelectorAll('text')) minPx = Math.min(minPx, parseFloat(t.getAttribute('font-size') || '16') * scale);
    out.push({ name, problems, minPx: Math.round(minPx * 10) / 10 });
  }
  return out;
};
const AXE = async tags => {
  const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
  return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
};
const COLLECT = () => {
  const urls = [];
  const add = (kind, u) => { if (u) urls.push([kind, u]); };
  document.querySelectorAll('a[href], area[href]').forEach(a => add('link', a.href));
  document.querySelectorAll('img').forEach(i => { add('image', i.src); (i.srcset || '').split(',').forEach(s => add('image', s.trim().split(/\s+/)[0] && new URL(s.trim().split(/\s+/)[0], document.baseURI).href)); });
  document.querySelectorAll('source[src], source[srcset], video[poster], input[type=image]').forEach(e => add('image', e.src || e.poster || (e.srcset && new URL(e.srcset.split(/\s+/)[0], document.baseURI).href)));
  document.querySelectorAll('svg image, svg use').forEach(e => { const h = e.getAttribute('href') || e.getAttribute('xlink:href'); if (h) add('image', new URL(h, document.baseURI).href); });
  // stylesheets, icons, preloads are fetched by the browser; canonical/alternate are links to follow
  document.querySelectorAll('link[href]').forEach(l => add(/\b(stylesheet|icon|preload|modulepreload|manifest|prefetch)\b/i.test(l.rel) ? 'resource' : 'link', l.href));
  document.querySelectorAll('script[src]').forEach(s => add('resource', s.src));
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id).concat([...document.querySelectorAll('a[name]')].map(a => a.name));
  return { urls, ids };
};

const refs = new Map();     // url without hash -> { kind, from }
const fragments = [];       // [url without hash, fragment, from]
const idsOf = new Map();    // local path -> Set(ids)
let chartsChecked = 0, chartsScrolling = 0, chartMinPx = Infinity;
let externalLinks = 0, axeRuns = 0, axeViolations = 0, axeNodes = 0, shotsTaken = 0, overflowing = 0;
const axeByRule = new Map();

const pages = [...sitemapPaths.map(p => [p, origin + '/' + encodeURI(p)]), ['404.html', origin + '/404.html']];
for (const [p, url] of pages) {
  current = p;
  const name = shotOf.get(p);
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 800 : 900 });
    const resp = await page.goto(url, { waitUntil: 'load' });
    if (!resp || resp.status() !== 200) { fail('pages', `/${p} → HTTP ${resp?.status()}`); break; }
    await page.evaluate(() => document.fonts && document.fonts.ready);
    if (name) { await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true }); shotsTaken++; }
    if (width === 360) {
      for (const state of ['details closed', 'details open']) {
        if (state === 'details open') await page.evaluate(() => document.querySelectorAll('details').forEach(d => { d.open = true; }));
        const o = await page.evaluate(OVERFLOW);
        if (o.sw > o.vw) { overflowing++; fail('overflow', `/${p} scrolls sideways at 360 px (${state}): scrollWidth ${o.sw}px > ${o.vw}px; ${o.culprits.join(', ')}`); break; }
      }
      for (const c of await page.evaluate(CHARTS)) {
        chartsChecked++;
        if (c.problems.length) { chartsScrolling++; fail('charts', `/${p}: the chart "${c.name}" at 360 px: ${c.problems.join('; ')}`); }
        if (c.minPx < 11) fail('charts', `/${p}: the chart "${c.name}" has text of ${c.minPx} px at 360 px (at least 11)`);
        chartMinPx = Math.min(chartMinPx, c.minPx);
      }
      const { urls, ids } = await page.evaluate(COLLECT);
      idsOf.set(p, new Set(ids));
      for (const [kind, abs] of urls) {
        if (!/^https?:/.test(abs)) continue;  // mailto:, tel:, data:
        const u = abs.startsWith(base) ? origin + '/' + abs.slice(base.length) : abs;  // canonical, feed: base_url → here
        if (!isLocal(u)) { if (kind === 'link') externalLinks++; else fail('links', `/${p} refers to another host's ${kind}: ${u}`); continue; }
        const [noHash, frag] = [u.split('#')[0], u.includes('#') ? decodeURIComponent(u.slice(u.indexOf('#') + 1)) : ''];
        if (!refs.has(noHash)) refs.set(noHash, { kind, from: p });
        if (frag) fragments.push([noHash, frag, p]);
      }
    } else {
      await page.evaluate(() => document.querySelectorAll('details').forEach(d => { d.open = true; }));
    }
    await page.addScriptTag({ path: axePath });
    const vs = await page.evaluate(AXE, AXE_TAGS);
    axeRuns++;
    for (const v of vs) {
      axeViolations++; axeNodes += v.nodes;
      axeByRule.set(v.id, (axeByRule.get(v.id) || 0) + 1);
      fail('axe', `/${p} at ${width} px: ${v.id} (${v.impact}, ${v.nodes} element${v.nodes > 1 ? 's' : ''}): ${v.help} — ${v.targets.join(' | ')}`);
    }
  }
  console.log(`page      /${p}${name ? `  [${name}]` : ''}`);
}

// ---------------------------------------------------------------- every internal URL answers 200
let linksChecked = 0, downloadsChecked = 0;
for (const [u, { kind, from }] of [...refs].sort()) {
  linksChecked++;
  let status;
  const want = DOWNLOADS[extname(new URL(u).pathname).toLowerCase()];
  try {
    const res = await fetch(u, { redirect: 'manual' });
    status = res.status;
    if (want && status === 200) {
      downloadsChecked++;
      const type = (res.headers.get('content-type') || '').split(';')[0].trim();
      const head = new Uint8Array(await res.arrayBuffer()).slice(0, want[1].length);
      if (type !== want[0]) fail('links', `/${from}: download ${u.slice(origin.length)} is served as ${type || 'no type'}, not ${want[0]}`);
      if (want[1].some((b, i) => head[i] !== b)) fail('links', `/${from}: download ${u.slice(origin.length)} does not start as a ${want[0]} file does`);
    }
  } catch (e) { status = e.message; }
  if (status !== 200) fail('links', `/${from}: ${kind} ${u.slice(origin.length)} → ${typeof status === 'number' ? 'HTTP ' + status : status}`);
}
let fragmentsChecked = 0;
for (const [u, frag, from] of fragments) {
  fragmentsChecked++;
  const p = decodeURI(u.slice(origin.length + 1));
  let ids = idsOf.get(p);
  if (!ids) {  // not a page of the sitemap (e.g. 404.html): read its ids from the served HTML
    try { ids = new Set([...(await (await fetch(u)).text()).matchAll(/\sid="([^"]*)"/g)].map(m => m[1])); } catch { ids = new Set(); }
    idsOf.set(p, ids);
  }
  if (!ids.has(frag)) fail('links', `/${from}: link to /${p}#${frag}, but that page has no id "${frag}"`);
}

// ---------------------------------------------------------------- the briefing in print
// The report on A4 in the form of Nghị định 30/2020/NĐ-CP, Appendix I: the decree's margins, the page number
// from page 2 centred in the top margin, nothing printed under 11 pt, no site chrome, no chart or table cut
// across pages. A site whose sitemap has no /bao-cao/ (a public site, unless site.yaml makes the briefing
// public) has nothing to print: a NOTE.
const MM = 72 / 25.4;                                       // PDF points per millimetre
const A4 = { w: 210, h: 297 };                              // mm
const MARGIN = { top: 20, bottom: 20, left: 30, right: 15 }; // mm, the decree's least margins
const SLACK = 1;                                            // mm of tolerance on each margin
const MIN_PT = 11;                                          // the smallest printed text, in pt
const TEXT_WIDTH_PX = Math.round((A4.w - MARGIN.left - MARGIN.right) / 25.4 * 96);  // 165 mm = 624 CSS px
const print = { present: has('bao-cao/'), pages: 0, checked: 0, texts: 0, minPt: 0, minWhat: '', scale: 0, box: null, numbered: [] };
if (print.present) {
  current = 'bao-cao/';
  const url = `${origin}/bao-cao/`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts && document.fonts.ready);
  const navLabels = await page.evaluate(() => [...document.querySelectorAll('.site-nav a')].map(a => a.textContent.trim()));
  // Under print emulation at the width of the text block between the decree's margins, the page is laid out
  // as on paper (widths in %, em and mm alike), so the sizes measured here are the printed ones, provided
  // Chromium prints at scale 1: it shrinks a page wider than the paper to fit, so the scale is measured on
  // the PDF below, from the width of the page's first heading line.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: TEXT_WIDTH_PX, height: 900 });
  await page.evaluate(() => document.fonts && document.fonts.ready);
  const shown = await page.evaluate(() => [...document.querySelectorAll('nav, .site-nav, .site-header, .site-footer, .skip-link, .breadcrumb, .pagination, a[href]')]
    .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
    .map(e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '') +
      (e.tagName === 'A' ? ` "${e.textContent.trim().slice(0, 40)}"` : '')));
  for (const s of shown) fail('print', `/bao-cao/: ${s} is shown in print (no site chrome, no link on the paper)`);
  const wide = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (wide[0] > wide[1]) fail('print', `/bao-cao/ is ${wide[0]} px wide in print, wider than the ${wide[1]} px (165 mm) between the decree's margins: Chromium shrinks it to fit`);
  // (b) every rendered text node: its font size; in an SVG, times the SVG's scale (user units → CSS px)
  const sizes = await page.evaluate(() => {
    const out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const name = el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
    for (let n; (n = walker.nextNode());) {
      const el = n.parentElement;
      if (!el || !n.data.trim()) continue;
      range.selectNodeContents(n);
      if (range.getClientRects().length === 0) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility !== 'visible' || +cs.opacity === 0) continue;
      let px = parseFloat(cs.fontSize), where = name(el);
      if (el instanceof SVGElement) {
        const m = el.getScreenCTM();
        if (!m) continue;
        px *= Math.min(Math.hypot(m.a, m.b), Math.hypot(m.c, m.d));
        where = `${name(el.closest('svg'))} ${el.tagName.toLowerCase()}`;
      } else {
        const box = el.closest('[class]');
        if (box && box !== el) where = `${name(box)} ${where}`;
      }
      out.push({ pt: px * 0.75, where, text: n.data.trim().replace(/\s+/g, ' ').slice(0, 40) });
    }
    return out;
  });
  // the width of the first heading's first text, when it is on one line (BÁO CÁO), in CSS px
  const probe = await page.evaluate(() => {
    const h = document.querySelector('main h1');
    const t = h && document.createTreeWalker(h, NodeFilter.SHOW_TEXT, { acceptNode: n => n.data.trim() ? 1 : 3 }).nextNode();
    if (!t) return null;
    const r = document.createRange(); r.selectNodeContents(t);
    const rects = r.getClientRects();
    return rects.length === 1 ? { text: t.data.trim().replace(/\s+/g, ' '), px: rects[0].width } : null;
  });
  // the print may set a chart's small text larger than the chart measured it for: no two texts of a chart
  // may then overlap (by more than 1 px each way)
  const overlaps = await page.evaluate(() => [...document.querySelectorAll('main svg')].flatMap(svg => {
    const ts = [...svg.querySelectorAll('text')].filter(t => t.getClientRects().length && getComputedStyle(t).visibility === 'visible')
      .map(t => ({ t: t.textContent.trim().slice(0, 30), r: t.getBoundingClientRect() }));
    const out = [], title = svg.querySelector('title')?.textContent.trim().slice(0, 40) || '';
    for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) {
      const [a, b] = [ts[i].r, ts[j].r];
      if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1)
        out.push(`chart "${title}": "${ts[i].t}" overlaps "${ts[j].t}"`);
    }
    return out;
  }));
  for (const o of overlaps) fail('print', `/bao-cao/: in print, ${o}`);

  const pdf = join(shots, 'briefing.pdf');
  await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  const flat = s => s.normalize('NFC').replace(/\s+/g, ' ');
  if (navLabels.length > 1 && flat(text).includes(flat(navLabels.join(' ')))) fail('print', `the briefing PDF shows the navigation ("${navLabels.join(' ')}")`);
  if (!navLabels.length) fail('print', '/bao-cao/ has no .site-nav links to look for in print');
  const layout = pdfLayout(pdf);
  print.pages = layout.length;
  if (!layout.length) fail('print', 'the briefing PDF has no pages');

  // the print scale: the heading's width on the PDF over its width under print emulation
  const line = probe && layout[0]?.blocks.flatMap(b => b.lines).find(l => flat(l.text).toLowerCase() === flat(probe.text).toLowerCase());
  if (!probe) fail('print', '/bao-cao/ has no one-line first heading to measure the print scale by');
  else if (!line) fail('print', `the heading "${probe.text}" is not on page 1 of briefing.pdf (cannot measure the print scale)`);
  else {
    print.scale = Math.round((line.x1 - line.x0) / (probe.px * 0.75) * 1000) / 1000;
    if (Math.abs(print.scale - 1) > 0.01) fail('print', `Chromium printed /bao-cao/ at scale ${print.scale} ("${probe.text}" is ${(line.x1 - line.x0).toFixed(1)} pt wide on the PDF, ${(probe.px * 0.75).toFixed(1)} pt on the page)`);
  }
  // (b) continued: the sizes as printed
  print.texts = sizes.length;
  const scale = print.scale || 1;
  if (!sizes.length) fail('print', '/bao-cao/: no text found under print emulation (cannot check the sizes)');
  else {
    for (const t of sizes) t.pt *= scale;
    const least = sizes.reduce((a, b) => (b.pt < a.pt ? b : a));
    print.minPt = Math.round(least.pt * 100) / 100;
    print.minWhat = `${least.where} "${least.text}"`;
    const small = new Map();  // element + size -> [count, first text]
    for (const t of sizes) if (t.pt < MIN_PT - 0.01) {
      const k = `${t.where} at ${t.pt.toFixed(2)} pt`;
      small.set(k, small.has(k) ? [small.get(k)[0] + 1, small.get(k)[1]] : [1, t.text]);
    }
    for (const [k, [count, text]] of [...small].slice(0, 12))
      fail('print', `/bao-cao/: text printed under ${MIN_PT} pt: ${k} (${count} text${count > 1 ? 's' : ''}, e.g. "${text}")`);
    if (small.size > 12) fail('print', `/bao-cao/: … and ${small.size - 12} more kinds of text under ${MIN_PT} pt`);
  }

  // (a) the decree's margins, measured on the PDF: the text blocks pdftotext finds on each page
  const box = { left: Infinity, right: Infinity, top: Infinity, bottom: Infinity };
  const centre = MARGIN.left + (A4.w - MARGIN.left - MARGIN.right) / 2;
  for (const [i, pg] of layout.entries()) {
    const n = i + 1;
    if (Math.abs(pg.w - A4.w * MM) > 1 || Math.abs(pg.h - A4.h * MM) > 1)
      fail('print', `briefing.pdf page ${n} is ${pg.w.toFixed(1)}×${pg.h.toFixed(1)} pt, not A4 (595×842)`);
    const mm = b => ({ ...b, x0: b.x0 / MM, x1: b.x1 / MM, y0: b.y0 / MM, y1: b.y1 / MM });
    const blocks = pg.blocks.map(mm);
    // the page number: a lone number wholly in the top margin
    const numbers = blocks.filter(b => /^\d+$/.test(b.text) && b.y1 <= MARGIN.top);
    if (n === 1 && numbers.length) fail('print', `briefing.pdf page 1 has a number in the top margin ("${numbers[0].text}"); the decree numbers pages from 2`);
    if (n > 1) {
      if (numbers.length !== 1) fail('print', `briefing.pdf page ${n} has ${numbers.length} numbers in the top margin, not its page number`);
      else {
        const [b] = numbers, cx = (b.x0 + b.x1) / 2;
        if (b.text !== String(n)) fail('print', `briefing.pdf page ${n} is numbered "${b.text}" in the top margin`);
        else if (Math.abs(cx - centre) > 2) fail('print', `briefing.pdf page ${n}: the page number is ${cx.toFixed(1)} mm from the left edge, not centred over the text (${centre} mm)`);
        else print.numbered.push(n);
      }
    }
    const worst = {};  // side -> the block nearest that edge among those in its margin: { at: mm from the edge, text, count }
    for (const b of blocks) {
      if (numbers.includes(b) && n > 1) continue;
      const from = { left: b.x0, right: A4.w - b.x1, top: b.y0, bottom: A4.h - b.y1 };
      for (const side of Object.keys(box)) {
        box[side] = Math.min(box[side], from[side]);
        if (from[side] >= MARGIN[side] - SLACK) continue;
        const w = worst[side] ||= { at: Infinity, text: '', count: 0 };
        w.count++;
        if (from[side] < w.at) Object.assign(w, { at: from[side], text: b.text.slice(0, 50) });
      }
    }
    if (Object.keys(worst).length) fail('print', `briefing.pdf page ${n}: text in the margins: ` + Object.entries(worst).map(([side, w]) =>
      `${side} ${w.at.toFixed(1)} mm < ${MARGIN[side]} (${w.count} block${w.count > 1 ? 's' : ''}, e.g. "${w.text}")`).join('; '));
  }
  if (Number.isFinite(box.left)) print.box = Object.fromEntries(Object.entries(box).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  // (c) no chart, table, header or end block cut across pages
  const cuts = await printCuts(page, url);
  print.checked = cuts.checked;
  for (const c of cuts.problems) fail('print', `/bao-cao/: ${c}`);
  execFileSync('pdftoppm', ['-r', '80', '-png', pdf, join(shots, 'briefing-pdf')]);
  await page.emulateMedia({ media: null });
  console.log(`print     /bao-cao/: ${print.pages} A4 page(s) at scale ${print.scale}; ${print.texts} texts, the smallest ${print.minPt} pt (${print.minWhat}); ` +
    (print.box ? `text from the page edges at least: left ${print.box.left}, right ${print.box.right}, top ${print.box.top}, bottom ${print.box.bottom} mm; ` : '') +
    `page numbers at the top centre on page(s) ${print.numbered.join(', ') || 'none'}; ${print.checked} blocks checked for cuts`);
} else note('print', 'sitemap.xml has no /bao-cao/ (no briefing on this build: a public site has one only when site.yaml says briefing: { public: true }); nothing to print');

// The text blocks of each page of a PDF, from `pdftotext -bbox-layout`: [{ w, h, blocks: [{ x0, y0, x1, y1, text, lines }] }]
// (lines: [{ x0, y0, x1, y1, text }]),
// in PDF points from the top-left corner.
function pdfLayout(pdf) {
  const xml = execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const unescape = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map(([, w, h, body]) => ({
    w: +w, h: +h,
    blocks: [...body.matchAll(/<block xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([\s\S]*?)<\/block>/g)]
      .map(([, x0, y0, x1, y1, inner]) => ({ x0: +x0, y0: +y0, x1: +x1, y1: +y1,
        text: unescape([...inner.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map(m => m[1]).join(' ')),
        lines: [...inner.matchAll(/<line xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([\s\S]*?)<\/line>/g)]
          .map(([, x0, y0, x1, y1, words]) => ({ x0: +x0, y0: +y0, x1: +x1, y1: +y1,
            text: unescape([...words.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map(m => m[1]).join(' ')) })) })),
  }));
}

// Is any chart (.chart-svg, figure), table, or the report's header or end block (.report-head, .report-end,
// .report-signer) cut across pages in the briefing's real print layout?
// Method: Chromium does not tell scripts where its pages break, and boxes measured under print emulation are
// laid out as one long page, which ignores the breaks that `break-inside: avoid` itself moves. Markers added
// to the page do not work either: an in-flow one, even zero-height, gives Chromium a new place to break (it
// then splits an element it would have moved whole), and an absolutely positioned one is painted where it
// stood before its element was pushed to the next page. An `outline` changes no layout, so: print once as is
// (the baseline), then once per element with a thick outline drawn on it alone, rasterize each PDF with
// pdftoppm (no anti-aliasing, so unchanged pages come out byte-identical) and compare page by page with the
// baseline. The pages that differ are the pages the element is painted on: more than one means it is cut.
// Chromium sometimes starts the box of an element that it moved whole to the next page with an empty
// fragment at the foot of the previous one (only the outline's top and bottom edges, no content, show
// there); a page counts only where the outlined band is taller than those two edges plus 2 mm.
// An outline found on no page, or a probe whose page count differs from the baseline's, is reported too, so
// the method cannot pass silently.
// Height in rows of the band where two PPM (P6) images differ (0 if identical).
function band(a, b) {
  if (a.equals(b)) return 0;
  const [, w, h] = a.toString('latin1', 0, 64).match(/^P6\s+(\d+)\s+(\d+)\s+255\s/).map(Number);
  const off = a.length - w * h * 3, row = w * 3;
  let first = -1, last = -1;
  for (let y = 0; y < h; y++) {
    if (a.compare(b, off + y * row, off + (y + 1) * row, off + y * row, off + (y + 1) * row) !== 0) { if (first < 0) first = y; last = y; }
  }
  return first < 0 ? 0 : last - first + 1;
}
async function printCuts(page, url) {
  const dir = mkdtempSync(join(tmpdir(), 'bantin-gate-print-'));
  const labels = await page.evaluate(() => [...document.querySelectorAll('.chart-svg, figure, table, .report-head, .report-end, .report-signer')]
    .filter(e => e.getClientRects().length > 0)
    .map((el, i) => {
      el.setAttribute('data-gate-print', String(i));
      const cls = String(el.className?.baseVal ?? el.className ?? '').trim();
      const title = (el.querySelector('caption, figcaption, title')?.textContent || el.getAttribute('aria-label') || '').trim();
      return `${el.tagName.toLowerCase()}${cls ? '.' + cls.split(/\s+/).join('.') : ''}${title ? ` "${title.slice(0, 60)}"` : ''}`;
    }));
  const render = async i => {
    await page.evaluate(i => document.querySelectorAll('[data-gate-print]').forEach(e => {
      if (e.getAttribute('data-gate-print') === String(i)) e.style.setProperty('outline', '3px solid #f0f', 'important');
      else e.style.removeProperty('outline');
    }), i);
    const pdf = join(dir, `p${i}.pdf`);
    await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
    execFileSync('pdftoppm', ['-r', String(DPI), '-aa', 'no', '-aaVector', 'no', pdf, join(dir, `p${i}`)]);
    return readdirSync(dir).filter(f => f.startsWith(`p${i}-`) && f.endsWith('.ppm')).sort()
      .map(f => readFileSync(join(dir, f)));
  };
  const problems = [];
  try {
    const baseline = await render(-1);
    for (const [i, label] of labels.entries()) {
      const probe = await render(i);
      if (probe.length !== baseline.length) { problems.push(`print check: outlining ${label} changed the page count (${baseline.length} → ${probe.length})`); continue; }
      const on = probe.flatMap((b, p) => band(b, baseline[p]) > MIN_BAND ? [p + 1] : []);
      if (on.length === 0) problems.push(`print check: ${label} was not found on any PDF page (cannot tell whether it is cut)`);
      else if (on.length > 1) problems.push(`${label} is cut across PDF pages ${on.join(', ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await page.goto(url, { waitUntil: 'load' });  // drop the outlines and attributes
  }
  return { checked: labels.length, problems };
}

await browser.close();
server.close();

const summary = {
  pages: pages.length, sitemapUrls: inSitemap.size, axeRuns, axeViolations, axeNodes, axeByRule: Object.fromEntries(axeByRule),
  linksChecked, downloadsChecked, fragmentsChecked, externalLinks, externalRequests: external.size, overflowing, shots: shotsTaken,
  chartsChecked, chartsScrolling, chartMinPx: chartsChecked ? chartMinPx : null,
  printPresent: print.present, printPages: print.pages, printElements: print.checked, printTexts: print.texts,
  printMinPt: print.minPt, printMinWhat: print.minWhat, printScale: print.scale, printBox: print.box, printNumbered: print.numbered,
  printSummary: !print.present ? 'no /bao-cao/ on this build (noted, not a failure)' :
    `${print.pages} A4 page(s) at scale ${print.scale}; smallest text ${print.minPt} pt (${print.minWhat}); ` +
    (print.box ? `text at least ${print.box.left} / ${print.box.right} / ${print.box.top} / ${print.box.bottom} mm from the left / right / top / bottom edge ` +
      `(the decree: ${MARGIN.left} / ${MARGIN.right} / ${MARGIN.top} / ${MARGIN.bottom}); ` : '') +
    `page numbers at the top centre on page(s) ${print.numbered.join(', ') || 'none'}; ${print.checked} blocks checked for cuts`,
  problems: problems.length, notes: notes.length,
  failedChecks: [...new Set(problems.map(([c]) => c))],
};
writeFileSync(summaryArg, JSON.stringify(summary, null, 2));
console.log(`browser   ${pages.length} pages (${inSitemap.size} from sitemap.xml + 404.html) at 360 and 1280 px; ` +
  `${linksChecked} internal URLs (${downloadsChecked} data downloads: type and body) + ${fragmentsChecked} fragments checked (${externalLinks} links to other hosts not followed); ` +
  `${axeViolations} axe violations in ${axeRuns} runs; ${overflowing} pages overflowing at 360 px; ` +
  `${chartsChecked} charts at 360 px, ${chartsScrolling} scrolling sideways, smallest chart text ${chartsChecked ? chartMinPx : '–'} px; ${external.size} requests to other hosts; ` +
  (print.present ? `briefing: ${print.pages} A4 page(s), smallest text ${print.minPt} pt, ${print.checked} blocks checked for cuts` : 'no briefing to print') +
  `; ${shotsTaken} screenshots`);
process.exit(problems.length ? 1 : 0);
