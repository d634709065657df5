#!/usr/bin/env python3
"""Crash test of `bantin build` (SPEC §9, issue 17): the output folder is always the old site or the
new one, whatever stops a build.

  scripts/crash-test.py --bantin target/release/bantin [--n 2000] [--kills 50] [--pairs 20] [--work DIR]

On a generated site of N bulletins (bench/corpus/make_bantin_corpus.py), an update that changes every
page (the site's title) is built again and again:

  kills    each build is killed with SIGKILL at a random moment of its run (every other one from
           its start to the length of a whole update build, the others near its end); then `bantin check` runs (the next command, which
           must clean up and say so), and the folder is hashed;
  power    a power cut, as the next command finds it: after a build switched, the system "restarted"
           (the previous tree renamed to another boot id) and the new site's files were lost (a third
           of them emptied, or none): `check` must put the previous site back, or keep a whole one;
  pairs    two builds of the same folder are started at once: one writes, the other waits and
           then refuses with exit 2 ("another bantin build is writing …") or writes after it;
  immutable (when chattr works here, as root on ext4): a folder inside the output made immutable
           (its tree cannot be removed: the new site is in place, and the leftover is named), then
           the output folder itself made immutable (the switch fails: exit 2, the old site stays).

After each: the folder's hash (every file's path and bytes, but the lock file's pid) must be the old
site's or the new site's, nothing may be left beside it once `check` ran, and no build may have
exited with anything but 0, 2 or the kill. Prints how many ended old and new; exits 1 on any
mixed folder. CI runs a short form (`--n 300 --kills 12 --pairs 4`).
"""

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def tree_hash(out: Path) -> str:
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            rel = p.relative_to(out).as_posix()
            if rel == ".bantin-lock":
                continue
            h.update(rel.encode() + b"\0")
            h.update(p.read_bytes() if not p.is_symlink() else os.readlink(p).encode())
            h.update(b"\0")
    return h.hexdigest()


def leftovers(out: Path) -> list:
    prefix = f".{out.name}.bantin-"
    return sorted(e.name for e in out.parent.iterdir() if e.name.startswith(prefix))


def set_title(root: Path, title: str) -> None:
    site = root / "content" / "site.yaml"
    lines = site.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"title: {title}\n" if l.startswith("title:") else l for l in lines]
    site.write_text("".join(lines), encoding="utf-8")


def build(bantin: str, root: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [bantin, "build", "--root", str(root), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def run(bantin: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([bantin, *args], capture_output=True, text=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bantin", required=True)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--pairs", type=int, default=20)
    ap.add_argument("--work", help="work folder (default: a temporary one, removed)")
    ap.add_argument("--seed", type=int, default=17)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    bantin = str(Path(a.bantin).resolve())
    work = Path(a.work) if a.work else Path(tempfile.mkdtemp(prefix="bantin-crash-"))
    work.mkdir(parents=True, exist_ok=True)
    root, out = work / "site", work / "out"
    if not (root / "content").is_dir():
        subprocess.run(
            [sys.executable, str(REPO / "bench/corpus/make_bantin_corpus.py"), "--n", str(a.n), "--out", str(root)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    titles = ["Bản tin THADS — trước", "Bản tin THADS — sau"]
    hashes = {}
    for t in titles:
        shutil.rmtree(out, ignore_errors=True)
        set_title(root, t)
        r = run(bantin, "build", "--root", str(root), "--out", str(out))
        if r.returncode != 0:
            print(r.stderr)
            return 1
        hashes[tree_hash(out)] = t
    # The length of a whole update build (every page changes), from the old site to the new.
    set_title(root, titles[0])
    run(bantin, "build", "--root", str(root), "--out", str(out))
    set_title(root, titles[1])
    start = time.monotonic()
    run(bantin, "build", "--root", str(root), "--out", str(out))
    whole = time.monotonic() - start
    print(f"{a.n} bulletins; a whole update build takes {whole * 1000:.0f} ms")

    failures = []
    ended = {"old": 0, "new": 0}

    def verdict(what: str) -> None:
        r = run(bantin, "check", "--root", str(root), "--out", str(out))
        left = leftovers(out)
        h = tree_hash(out)
        if h not in hashes:
            failures.append(f"{what}: the folder is neither the old site nor the new one")
        elif left:
            failures.append(f"{what}: left beside the folder after check: {left}")
        else:
            ended["old" if hashes[h] == titles[0] else "new"] += 1
        if r.returncode not in (0, 1):
            failures.append(f"{what}: check exited {r.returncode}: {r.stderr[-300:]}")

    for i in range(a.kills):
        # From the old site each time, so that every kill interrupts an update of every page.
        set_title(root, titles[0])
        run(bantin, "build", "--root", str(root), "--out", str(out))
        set_title(root, titles[1])
        p = build(bantin, root, out)
        # Every other kill falls near the end, where the tree is synced, switched and the old
        # one removed (some then find the build finished: the new site).
        time.sleep(rng.uniform(0, whole) if i % 2 == 0 else rng.uniform(0.85 * whole, 1.25 * whole))
        p.send_signal(signal.SIGKILL)
        p.wait()
        verdict(f"kill {i + 1}")
    kills = dict(ended)
    print(f"kills: {a.kills}, ended as the old site {kills['old']}, as the new {kills['new']}")

    # Power cuts, as the next command finds them (SPEC §9: the previous tree is kept until the new
    # one is known to be on the disk).
    for lost in (True, False):
        set_title(root, titles[0])
        run(bantin, "build", "--root", str(root), "--out", str(out))
        set_title(root, titles[1])
        run(bantin, "build", "--root", str(root), "--out", str(out))
        kept = [e for e in leftovers(out) if ".bantin-prev-" in e]
        if len(kept) != 1:
            failures.append(f"power cut: expected one previous tree beside the folder, found {leftovers(out)}")
            continue
        (out.parent / kept[0]).rename(out.parent / f".{out.name}.bantin-prev-00000000-another-boot")
        if lost:
            pages = sorted(out.rglob("*.html"))
            for p in rng.sample(pages, len(pages) // 3):
                p.write_bytes(b"")
        r = run(bantin, "check", "--root", str(root), "--out", str(out))
        expect = titles[0] if lost else titles[1]
        said = "back in place" in r.stderr
        if hashes.get(tree_hash(out)) != expect or said != lost or leftovers(out):
            failures.append(
                f"power cut ({'files lost' if lost else 'nothing lost'}): the folder is not the "
                f"{'previous' if lost else 'new'} site, or check did not say so: {r.stderr[-300:]}"
            )
    print("power: files lost: the previous site back, said; nothing lost: the new site kept")

    ended.update(old=0, new=0)
    refused = 0
    for i in range(a.pairs):
        set_title(root, titles[i % 2])
        p, q = build(bantin, root, out), build(bantin, root, out)
        codes = []
        for proc in (p, q):
            _, err = proc.communicate()
            codes.append(proc.returncode)
            if proc.returncode == 2:
                refused += 1
                if b"another bantin build is writing" not in err:
                    failures.append(f"pair {i + 1}: exit 2 without saying why: {err[-300:]!r}")
        if sorted(codes) not in ([0, 0], [0, 2]):
            failures.append(f"pair {i + 1}: exit codes {codes}")
        verdict(f"pair {i + 1}")
        if hashes.get(tree_hash(out)) != titles[i % 2]:
            failures.append(f"pair {i + 1}: the folder is not the site both built")
    print(f"pairs: {a.pairs}, second build refused {refused} times, the other waited and wrote")

    immutable = "skipped: chattr does not work here"
    probe = work / "probe"
    probe.mkdir(exist_ok=True)
    if subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0:
        subprocess.run(["chattr", "-i", str(probe)])
        # A folder inside the output that cannot be removed: the switch happens, and the old tree,
        # kept beside the folder, cannot be removed by the next command, which names it.
        set_title(root, titles[0])
        run(bantin, "build", "--root", str(root), "--out", str(out))
        stuck = out / "tin-tuc"
        subprocess.run(["chattr", "+i", str(stuck)], check=True)
        set_title(root, titles[1])
        r = run(bantin, "build", "--root", str(root), "--out", str(out))
        subprocess.run(["chattr", "-i", str(stuck)], capture_output=True)
        for left in leftovers(out):
            subprocess.run(["chattr", "-R", "-i", str(out.parent / left)], capture_output=True)
        if r.returncode != 0 or hashes.get(tree_hash(out)) != titles[1]:
            failures.append(f"immutable inner folder: exit {r.returncode}, folder not the new site: {r.stderr[-300:]}")
        verdict("immutable inner folder")
        # The output folder itself immutable: the switch fails, the old site stays.
        subprocess.run(["chattr", "+i", str(out)], check=True)
        set_title(root, titles[0])
        r = run(bantin, "build", "--root", str(root), "--out", str(out))
        subprocess.run(["chattr", "-i", str(out)], check=True)
        if r.returncode != 2 or hashes.get(tree_hash(out)) != titles[1]:
            failures.append(f"immutable output folder: exit {r.returncode}, expected 2 and the old site: {r.stderr[-300:]}")
        verdict("immutable output folder")
        immutable = "an immutable folder inside: the new site in place; the output folder immutable: exit 2, the old site"
    print(f"immutable: {immutable}")

    if not a.work:
        subprocess.run(["chattr", "-R", "-i", str(work)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    print("crash test:", "FAILED" if failures else "passed", f"({len(failures)} failures)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
