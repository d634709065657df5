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
//   - every internal link, image, stylesheet and script answers HTTP 200 (no redirect), and every #fragment
//     names an id on its target page;
//   - the briefing printed by Chromium (A4, print media): navigation hidden (no box under print emulation,
//     and the PDF text lacks the nav labels in sequence) and no chart (.chart-svg, figure) or table cut
//     across pages — see printCuts() for the method; more than one A4 page is a NOTE (SPEC §4 wants one).
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
  '.json': 'application/json', '.pdf': 'application/pdf', '.woff2': 'font/woff2' };
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
for (const [name, p] of shotList) if (p === undefined || !has(p)) fail('shots', `no ${name} page to shoot (${p === undefined ? 'none built' : '/' + p})`);
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
page.on('requestfailed', r => { if (isLocal(r.url())) fail('requests', `/${current}: ${r.url().slice(origin.length)} failed: ${r.failure()?.errorText}`); });
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
let linksChecked = 0;
for (const [u, { kind, from }] of [...refs].sort()) {
  linksChecked++;
  let status;
  try { status = (await fetch(u, { redirect: 'manual' })).status; } catch (e) { status = e.message; }
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
const print = { pages: 0, checked: 0 };
if (has('bao-cao/')) {
  current = 'bao-cao/';
  const url = `${origin}/bao-cao/`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts && document.fonts.ready);
  const navLabels = await page.evaluate(() => [...document.querySelectorAll('.site-nav a')].map(a => a.textContent.trim()));
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => [...document.querySelectorAll('nav, .site-nav, .skip-link, .breadcrumb, .pagination')]
    .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\s+/).join('.') : '')));
  for (const s of shown) fail('print', `/bao-cao/: ${s} is shown in print`);
  const pdf = join(shots, 'briefing.pdf');
  await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  const pdfPages = text.split('\f').slice(0, -1);
  print.pages = pdfPages.length;
  const flat = s => s.normalize('NFC').replace(/\s+/g, ' ');
  if (navLabels.length > 1 && flat(text).includes(flat(navLabels.join(' ')))) fail('print', `the briefing PDF shows the navigation ("${navLabels.join(' ')}")`);
  if (!navLabels.length) fail('print', '/bao-cao/ has no .site-nav links to look for in print');
  if (print.pages !== 1) note('print', `the briefing prints on ${print.pages} A4 pages; SPEC §4 wants one`);
  const cuts = await printCuts(page, url);
  print.checked = cuts.checked;
  for (const c of cuts.problems) fail('print', `/bao-cao/: ${c}`);
  execFileSync('pdftoppm', ['-r', '80', '-png', pdf, join(shots, 'briefing-pdf')]);
  await page.emulateMedia({ media: null });
} else fail('print', 'no /bao-cao/ page to print');

// Is any chart (.chart-svg, figure) or table cut across pages in the briefing's real print layout?
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
  const labels = await page.evaluate(() => [...document.querySelectorAll('.chart-svg, figure, table')]
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
  linksChecked, fragmentsChecked, externalLinks, externalRequests: external.size, overflowing, shots: shotsTaken,
  printPages: print.pages, printElements: print.checked, problems: problems.length, notes: notes.length,
  failedChecks: [...new Set(problems.map(([c]) => c))],
};
writeFileSync(summaryArg, JSON.stringify(summary, null, 2));
console.log(`browser   ${pages.length} pages (${inSitemap.size} from sitemap.xml + 404.html) at 360 and 1280 px; ` +
  `${linksChecked} internal URLs + ${fragmentsChecked} fragments checked (${externalLinks} links to other hosts not followed); ` +
  `${axeViolations} axe violations in ${axeRuns} runs; ${overflowing} pages overflowing at 360 px; ${external.size} requests to other hosts; ` +
  `briefing: ${print.pages} A4 page(s), ${print.checked} charts/tables checked for cuts; ${shotsTaken} screenshots`);
process.exit(problems.length ? 1 : 0);
