// Headless Chromium screenshots of a built bantin site. Called by screenshots.sh:
//   node screenshots.mjs <site-dir> <out-dir> <directive-id> <case-id>
// Writes <name>-360.png and <name>-1280.png (full page) for each page, briefing.pdf (A4),
// and prints one overflow line per page at 360 px. Exit code 1 if any page overflows.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [siteArg, outArg, directive, kase] = process.argv.slice(2);
const site = resolve(siteArg), out = resolve(outArg);

const pages = [
  ['home', ''],
  ['bulletins', 'tin-tuc/'],
  ['article', 'tin-tuc/phat-huy-vai-tro-lanh-dao-cua-dang-trong-thads-o-dai-tu/'],
  ['stats', 'thong-ke/'],
  ['stats-dai-tu', 'thong-ke/dai-tu/'],
  ['directives', 'van-ban/'],
  ['directive', `van-ban/${directive}/`],
  ['cases', 'vu-viec/'],
  ['case', `vu-viec/${kase}/`],
  ['unit-dai-tu', 'don-vi/dai-tu/'],
  ['briefing', 'bao-cao/'],
];
const widths = [360, 1280];

const userDataDir = mkdtempSync(join(tmpdir(), 'bantin-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--no-first-run', '--hide-scrollbars'],
  viewport: { width: 1280, height: 900 },
  deviceScaleFactor: 1,
  locale: 'vi-VN',
  offline: true,   // the site must not load anything from another host
});

let failures = 0, overflowing = 0;
const page = context.pages()[0] || await context.newPage();
const external = [];
page.on('request', r => { const u = r.url(); if (!u.startsWith('file:') && !u.startsWith('data:')) external.push(u); });

for (const [name, path] of pages) {
  const file = join(site, path, 'index.html');
  if (!existsSync(file)) { console.log(`MISSING   ${name.padEnd(13)} ${path} (no ${file})`); failures++; continue; }
  const url = pathToFileURL(file).href;
  for (const w of widths) {
    await page.setViewportSize({ width: w, height: w === 360 ? 800 : 900 });
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts && document.fonts.ready);
    await page.screenshot({ path: join(out, `${name}-${w}.png`), fullPage: true });
    if (w !== 360) continue;
    const r = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const sw = document.documentElement.scrollWidth;
      // Elements sticking out of the viewport that are not inside a horizontal scroller (e.g. .table-wrap).
      const culprits = [];
      for (const el of document.body.querySelectorAll('*')) {
        const b = el.getBoundingClientRect();
        if (b.width === 0 || b.right <= vw + 0.5) continue;
        let p = el.parentElement, clipped = false;
        while (p && p !== document.body) {
          const ox = getComputedStyle(p).overflowX;
          if (ox !== 'visible') { clipped = true; break; }
          p = p.parentElement;
        }
        if (clipped) continue;
        const id = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
        culprits.push(`${id} (right ${Math.round(b.right)}px)`);
      }
      return { sw, culprits: culprits.slice(0, 6) };
    });
    if (r.sw > 360) {
      overflowing++;
      console.log(`OVERFLOW  ${name.padEnd(13)} ${path || '/'}  scrollWidth=${r.sw}px > 360px; ${r.culprits.join(', ')}`);
    } else {
      console.log(`ok        ${name.padEnd(13)} ${path || '/'}  scrollWidth=${r.sw}px`);
    }
  }
}

// The briefing printed to PDF, A4, with the page's own @page rules.
const briefing = join(site, 'bao-cao', 'index.html');
if (existsSync(briefing)) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(briefing).href, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: join(out, 'briefing.pdf'), format: 'A4', preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: null });
}

await context.close();
rmSync(userDataDir, { recursive: true, force: true });
if (external.length) { console.log(`EXTERNAL  requests to other hosts: ${[...new Set(external)].join(', ')}`); failures++; }
console.log(`${pages.length} pages × ${widths.length} widths; ${overflowing} overflowing at 360 px; ${failures} other problems`);
process.exit(overflowing || failures ? 1 : 0);
