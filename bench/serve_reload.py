#!/usr/bin/env python3
"""Edit-to-reload time of `bantin serve`: from writing an article to the moment an open page's
live-reload poll learns of the new build (what makes a browser reload), measured like a browser
does it: a long poll on /__bantin/reload held open while the file is written.

    bench/serve_reload.py --bantin target/release/bantin --root SITE [--edits K] [--kind body|date]

`body` edits change a sentence of the text (the common case: a typo fixed); `date` edits move the
article to another place in every list it is on. Each edit is checked on the page itself (the
article's HTML must show it). Prints every edit and the median; the site's files are restored at
the end. Standard library only.
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

RELOAD = "/__bantin/reload"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=60):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode("utf-8", "replace")


def article_url(base, text):
    """The address of the article with this source, looked up by title in the site's search index
    (slugs are made by bantin's own rules)."""
    title = re.search(r'(?m)^title: *"?(.*?)"? *$', text).group(1)
    script = get(base + "/search-index.js")
    index = json.loads(script[script.index("=") + 1 :].strip().rstrip(";"))
    for doc in index["docs"]:
        if doc["k"] == "Bản tin" and doc["t"] == title:
            return "/" + doc["u"]
    sys.exit(f"the article {title!r} is not in the search index")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bantin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--kind", choices=["body", "date"], default="body")
    args = ap.parse_args()

    articles = sorted(
        os.path.join(d, f)
        for d, _, fs in os.walk(os.path.join(args.root, "content", "articles"))
        for f in fs
        if f.endswith(".md") and not f.startswith(".")
    )
    # An article from the middle of the site, not a draft (drafts are not served).
    candidates = [p for p in articles if "draft: true" not in open(p, encoding="utf-8").read()]
    if not candidates:
        sys.exit("no article to edit")
    target = candidates[len(candidates) // 2]
    original = open(target, "rb").read()

    port = free_port()
    log = open(os.path.join(tempfile.gettempdir(), f"bantin-serve-bench-{os.getpid()}.log"), "w")
    proc = subprocess.Popen(
        [args.bantin, "serve", "--root", args.root, "--port", str(port), "--timings"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    times = []
    try:
        started = time.perf_counter()
        while True:
            if proc.poll() is not None:
                sys.exit(f"bantin serve exited ({proc.returncode}); see {log.name}")
            try:
                get(base + "/", timeout=5)
                break
            except OSError:
                time.sleep(0.05)
        print(f"first build and serve: {time.perf_counter() - started:.2f} s", file=sys.stderr)
        build_id = get(f"{base}{RELOAD}?v=none").strip()
        page_url = article_url(base, original.decode("utf-8"))
        text = original.decode("utf-8")
        for k in range(1, args.edits + 1):
            marker = f"Đã sửa lần {k}."
            if args.kind == "body":
                edited = text.rstrip("\n") + f"\n\n{marker}\n"
            else:
                # Another day each time; the marker shows that this version is the one served.
                day = 1 + k % 28
                edited = re.sub(
                    r"(?m)^date: *\S+",
                    f"date: 2019-02-{day:02d}",
                    text,
                    count=1,
                ).rstrip("\n") + f"\n\n{marker}\n"
            answer = {}

            def poll():
                answer["id"] = get(f"{base}{RELOAD}?v={build_id}").strip()
                answer["t"] = time.perf_counter()

            poller = threading.Thread(target=poll)
            poller.start()
            time.sleep(0.3)  # the poll is held open by now, as a browser's is
            t0 = time.perf_counter()
            with open(target, "w", encoding="utf-8") as f:
                f.write(edited)
            poller.join(timeout=60)
            if "t" not in answer:
                sys.exit("no reload within 60 s")
            ms = (answer["t"] - t0) * 1000
            build_id = answer["id"]
            page = get(base + page_url)
            shown = marker in page
            times.append(ms)
            print(f"edit {k}: {ms:.1f} ms{'' if shown else '  (edit NOT on the page)'}")
            if not shown:
                sys.exit("the edited article's page does not show the edit")
            time.sleep(0.2)
    finally:
        with open(target, "wb") as f:
            f.write(original)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
        log.close()
    print(
        f"edit-to-reload ({args.kind} edits, {len(times)}): median {statistics.median(times):.1f} ms,"
        f" min {min(times):.1f} ms, max {max(times):.1f} ms"
    )
    with open(log.name, encoding="utf-8") as f:
        rebuilt = [l.strip() for l in f if l.startswith(("built ", "timings:"))]
    if rebuilt:
        print("server's own report of the last edit:", *rebuilt[-2:], sep="\n  ")


if __name__ == "__main__":
    main()
