"""Feed part of the bantin quality gate (called by gate.sh with the gate's venv):

    python gate_feed.py <site-dir> <summary.json>

Parses <site-dir>/atom.xml with feedparser, as a feed reader would, and checks: no bozo (well-formedness)
error, a title, and one entry for each of the newest bulletin pages of the output (`tin-tuc/<slug>/index.html`;
the list's own pages `tin-tuc/trang/<n>/` are not bulletins), matched by the entry's link: every bulletin when
there are at most FEED_ENTRIES, else the FEED_ENTRIES newest (entries newest first, and no bulletin left out
dated after the oldest entry, by the `<time datetime>` of its page). Prints one line per problem, writes the
counts to <summary.json> and exits 1 if a check failed.
"""

import json
import os
import re
import sys
from urllib.parse import unquote

import feedparser

# Entries of atom.xml when the site has more bulletins (FEED_ENTRIES in src/render/mod.rs).
FEED_ENTRIES = 50


def page_date(site: str, page: str) -> str:
    """The date (YYYY-MM-DD) of a bulletin page: its first <time datetime>, or "" if none."""
    with open(os.path.join(site, page, "index.html"), encoding="utf-8") as f:
        m = re.search(r'<time datetime="(\d{4}-\d{2}-\d{2})', f.read())
    return m.group(1) if m else ""


def main() -> int:
    site, summary_path = sys.argv[1], sys.argv[2]
    problems = []

    def fail(msg: str) -> None:
        problems.append(msg)
        print(f"FAIL  feed      {msg}")

    bulletins = set()
    news = os.path.join(site, "tin-tuc")
    if os.path.isdir(news):
        for slug in os.listdir(news):
            if slug != "trang" and os.path.isfile(os.path.join(news, slug, "index.html")):
                bulletins.add(f"tin-tuc/{slug}/")

    path = os.path.join(site, "atom.xml")
    if not os.path.isfile(path):
        fail("no atom.xml in the output")
        entries = []
    else:
        feed = feedparser.parse(path)
        if feed.bozo:
            fail(f"atom.xml is not a well-formed feed: {feed.bozo_exception!r}")
        if feed.version != "atom10":
            fail(f"atom.xml is read as {feed.version or 'nothing known'}, not Atom 1.0")
        if not feed.feed.get("title"):
            fail("atom.xml has no feed title")
        entries = feed.entries
        base = feed.feed.get("link", "")
        if not base:
            fail("atom.xml has no alternate link to the site (its base URL)")
        seen, updated = [], []
        for e in entries:
            link = e.get("link", "")
            if not e.get("title") or not e.get("id") or not e.get("updated"):
                fail(f"entry {link or e.get('id')!r} lacks a title, id or updated date")
            if not base or not link.startswith(base):
                fail(f"entry link {link!r} is not under the site's base URL {base!r}")
                continue
            seen.append(unquote(link[len(base):]))
            updated.append(e.get("updated", ""))
        if len(seen) != len(set(seen)):
            fail("atom.xml has the same bulletin twice")
        for p in sorted(set(seen) - bulletins):
            fail(f"entry /{p} is not a bulletin page of the output")
        expected = min(len(bulletins), FEED_ENTRIES)
        if len(entries) != expected:
            fail(f"atom.xml has {len(entries)} entries for {len(bulletins)} bulletin pages (expected {expected})")
        if len(bulletins) <= FEED_ENTRIES:
            for p in sorted(bulletins - set(seen)):
                fail(f"bulletin /{p} is missing from atom.xml")
        else:
            # bantin orders bulletins by their RFC 3339 text, newest first
            if any(a < b for a, b in zip(updated, updated[1:])):
                fail("atom.xml's entries are not newest first")
            oldest = min((u[:10] for u in updated if u), default="")
            for p in sorted(bulletins - set(seen)):
                if page_date(site, p) > oldest:
                    fail(f"bulletin /{p} ({page_date(site, p)}) is left out of atom.xml but newer than its oldest entry ({oldest})")

    with open(summary_path, "w", encoding="utf-8") as f:
        json.dump({"entries": len(entries), "bulletins": len(bulletins), "problems": len(problems)}, f)
    shown = "every" if len(bulletins) <= FEED_ENTRIES else f"the {FEED_ENTRIES} newest of"
    print(f"feed      atom.xml: {len(entries)} entries for {shown} {len(bulletins)} bulletin pages; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
