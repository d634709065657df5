// Opens an archive snapshot from file:// in headless Chromium, follows every link on every page,
// and runs searches. Usage: node scripts/archive-test.mjs ARCHIVE_DIR [query=expected-url-suffix ...]
// Exits 1 on any broken link, failed request, request to another host, page without the archive
// banner, or a search whose first result is not the expected page.
import { launchChromium } from "./browser.mjs";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const dir = resolve(process.argv[2] || "archive");
const searches = process.argv.slice(3).map((a) => a.split("="));
const start = pathToFileURL(`${dir}/index.html`).href;
const problems = [];
const browser = await launchChromium();
const context = await browser.newContext();
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
  problems.push(`request to another host: ${url}`);
  return route.abort();
});
const page = await context.newPage();
page.on("requestfailed", (r) => problems.push(`failed request ${r.url()} from ${page.url()}`));
page.on("pageerror", (e) => problems.push(`script error on ${page.url()}: ${e.message}`));

const seen = new Set([start]);
const queue = [start];
let links = 0;
while (queue.length) {
  const url = queue.shift();
  await page.goto(url);
  const banner = await page.locator(".archive-banner").count();
  if (!url.endsWith(".svg") && banner === 0) problems.push(`no "Bản lưu trữ" banner: ${url}`);
  const hrefs = await page.$$eval("a[href], link[href], img[src], script[src]", (els) =>
    els.map((e) => e.href || e.src));
  for (const href of hrefs) {
    if (!href.startsWith("file:")) continue; // external links are not followed (and never requested)
    links++;
    const target = href.split("#")[0];
    const path = fileURLToPath(target);
    if (!existsSync(path) || statSync(path).isDirectory()) {
      problems.push(`broken link on ${url}: ${href}`);
      continue;
    }
    if (target.endsWith(".html") && !seen.has(target)) {
      seen.add(target);
      queue.push(target);
    }
  }
}

for (const [query, expected] of searches) {
  await page.goto(pathToFileURL(`${dir}/tim-kiem/index.html`).href);
  await page.fill("#q", query);
  const first = page.locator("#search-results li a").first();
  const href = (await first.count()) ? await first.getAttribute("href") : "(no result)";
  const title = (await first.count()) ? await first.textContent() : "";
  const ok = href.endsWith(expected);
  console.log(`${ok ? "ok  " : "FAIL"} search "${query}" → ${title} (${href})${ok ? "" : `, expected …${expected}`}`);
  if (!ok) problems.push(`search "${query}"`);
}
await browser.close();
console.log(`${seen.size} pages opened from file://, ${links} links followed, ${problems.length} problems`);
for (const p of problems.slice(0, 40)) console.log(`FAIL ${p}`);
process.exit(problems.length ? 1 : 0);
