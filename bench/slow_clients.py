#!/usr/bin/env python3
"""Does `bantin serve` keep answering while slow and hostile clients hold connections?

    bench/slow_clients.py --bantin target/release/bantin --root SITE [--seconds S] [--quick]
                          [--scenarios pipeline,trickle,idle] [--path /]

Starts `bantin serve` on SITE (a folder holding content/; nothing is written to it), then runs each
scenario in turn; the probe runs for S seconds (default 10; 3 with --quick) once the attacking
connections have been opened, and they go on until its last request has ended:

  pipeline  300 connections that pipeline many requests and never read a byte of the answers
            (more requests every 0.5 s; a connection the server closes is opened again)
  trickle   600 connections that send a request head one byte every 0.5 s (reopened when closed)
  idle      300 connections that connect and send nothing (reopened when closed)

Meanwhile a probe makes a fresh request for PATH every 50 ms (a new connection each time, 5 s
timeout, started on time even while earlier ones wait) and records how long each took. For each
scenario it prints the probe's median and worst latency (failed requests count with the time they
took) and its error count. The targets are a median under 200 ms and a worst under 1 s; they are
reported, never enforced. The exit status is 1
only when the probe saw errors or the server stopped answering, so CI can run `--quick`.

The attackers run in a child process at a lower priority (nice 10), so that on a small machine
the figures measure the server, not the attacking script's share of the CPU. The file-descriptor
limit is raised to what the connections need. Standard library only.
"""

import argparse
import asyncio
import http.client
import multiprocessing
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SCENARIOS = {
    "pipeline": 300,
    "trickle": 600,
    "idle": 300,
}
PROBE_EVERY = 0.05
PROBE_TIMEOUT = 5.0
TRICKLE_EVERY = 0.5
TARGET_MEDIAN_MS = 200
TARGET_WORST_MS = 1000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_fd_limit(want):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= want:
        return soft
    new = want if hard == resource.RLIM_INFINITY else min(want, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    return new


def probe_once(port, path):
    """One fresh request; returns (seconds, error or None)."""
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=PROBE_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        r = conn.getresponse()
        body = r.read()
        if r.status != 200 or not body:
            return time.perf_counter() - t0, f"status {r.status}"
        return time.perf_counter() - t0, None
    except (OSError, http.client.HTTPException) as e:
        return time.perf_counter() - t0, type(e).__name__
    finally:
        conn.close()


def probe(port, path, seconds):
    """A fresh request every PROBE_EVERY seconds, each on its own thread, whether the ones before
    have been answered or not (as independent visitors would); waits for the last to end."""
    results, threads = [], []
    end = time.perf_counter() + seconds
    next_at = time.perf_counter()
    while next_at < end:
        t = threading.Thread(target=lambda: results.append(probe_once(port, path)))
        t.start()
        threads.append(t)
        next_at += PROBE_EVERY
        time.sleep(max(0.0, next_at - time.perf_counter()))
    for t in threads:
        t.join()
    errors = {}
    for _, err in results:
        if err:
            errors[err] = errors.get(err, 0) + 1
    return [took for took, _ in results], errors


# ---- attackers (in a child process) ----------------------------------------------------------


class Hostile(asyncio.Protocol):
    """One hostile connection; `done` resolves when the server closes it."""

    def __init__(self, kind, stats):
        self.kind, self.stats = kind, stats
        self.done = asyncio.get_running_loop().create_future()
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        self.stats["opened"] += 1
        if self.kind == "pipeline":
            transport.pause_reading()  # never read the answers

    def data_received(self, data):
        pass  # trickle and idle connections read (and drop) whatever comes

    def eof_received(self):
        return False

    def connection_lost(self, exc):
        if not self.done.done():
            self.done.set_result(None)


async def hostile_connection(kind, port, path, stop, stats):
    loop = asyncio.get_running_loop()
    head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    while not stop.is_set():
        try:
            _, proto = await loop.create_connection(
                lambda: Hostile(kind, stats), "127.0.0.1", port
            )
        except OSError:
            stats["connect errors"] += 1
            await asyncio.sleep(0.05)
            continue
        t = proto.transport
        sent = 0
        while not stop.is_set() and not proto.done.done():
            try:
                if kind == "pipeline":
                    if t.get_write_buffer_size() == 0:
                        t.write(head * (200 if sent == 0 else 50))
                        sent += 1
                    wait = 0.5
                elif kind == "trickle":
                    t.write(head[sent % len(head) : sent % len(head) + 1])
                    sent += 1
                    wait = TRICKLE_EVERY
                else:
                    wait = 0.5
            except (OSError, RuntimeError):
                break
            try:
                await asyncio.wait_for(asyncio.shield(proto.done), wait)
            except asyncio.TimeoutError:
                pass
        if proto.done.done():
            stats["closed by server"] += 1
        t.abort()


async def attack_main(kind, count, port, path, ready, stop_flag):
    stop = asyncio.Event()
    stats = {"opened": 0, "closed by server": 0, "connect errors": 0}
    tasks = [
        asyncio.create_task(hostile_connection(kind, port, path, stop, stats))
        for _ in range(count)
    ]
    started = time.perf_counter()
    while stats["opened"] < count and time.perf_counter() - started < 5:
        await asyncio.sleep(0.05)
    ready.set()
    while not stop_flag.is_set():
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.wait(tasks, timeout=2)
    for task in tasks:
        task.cancel()
    return stats


def attack(kind, count, port, path, ready, stop_flag, results):
    """Sets `ready` once every connection has been opened (or after 5 s), and goes on until
    `stop_flag` is set: the attack lasts until the last probe request has ended."""
    os.nice(10)
    results.put(asyncio.run(attack_main(kind, count, port, path, ready, stop_flag)))


# ---- driver ----------------------------------------------------------------------------------


def wait_until_answering(port, path, within):
    end = time.perf_counter() + within
    while time.perf_counter() < end:
        if probe_once(port, path)[1] is None:
            return True
        time.sleep(0.1)
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bantin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--quick", action="store_true", help="3 s per scenario (for CI)")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--path", default="/")
    args = ap.parse_args()
    seconds = args.seconds or (3.0 if args.quick else 10.0)
    scenarios = [s for s in args.scenarios.split(",") if s]
    for s in scenarios:
        if s not in SCENARIOS:
            sys.exit(f"unknown scenario {s!r} (known: {', '.join(SCENARIOS)})")
    limit = raise_fd_limit(max(SCENARIOS[s] for s in scenarios) * 2 + 256)

    port = free_port()
    log = open(os.path.join(tempfile.gettempdir(), f"bantin-slow-clients-{os.getpid()}.log"), "w")
    proc = subprocess.Popen(
        [args.bantin, "serve", "--root", args.root, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    failed = False
    try:
        started = time.perf_counter()
        while not wait_until_answering(port, args.path, 1):
            if proc.poll() is not None or time.perf_counter() - started > 120:
                sys.exit(f"bantin serve did not start; see {log.name}")
        print(f"server up on port {port}; fd limit {limit}; {seconds:g} s per scenario", flush=True)
        for kind in scenarios:
            count = SCENARIOS[kind]
            results = multiprocessing.Queue()
            ready, stop_flag = multiprocessing.Event(), multiprocessing.Event()
            attacker = multiprocessing.Process(
                target=attack, args=(kind, count, port, args.path, ready, stop_flag, results)
            )
            attacker.start()
            ready.wait(10)
            times, errors = probe(port, args.path, seconds)
            stop_flag.set()
            try:
                stats = results.get(timeout=30)
            except Exception:
                stats = {}
            attacker.join(timeout=10)
            if attacker.is_alive():
                attacker.kill()
            ms = sorted(t * 1000 for t in times)
            n_err = sum(errors.values())
            met = (
                "met"
                if statistics.median(ms) < TARGET_MEDIAN_MS and ms[-1] < TARGET_WORST_MS
                else "MISSED"
            )
            detail = ", ".join(f"{k} {v}" for k, v in sorted(errors.items()))
            print(
                f"{kind:8} {count} connections, {seconds:g} s: probe {len(ms)} requests,"
                f" median {statistics.median(ms):.1f} ms, worst {ms[-1]:.1f} ms,"
                f" {n_err} errors{f' ({detail})' if detail else ''}; targets {met}",
                flush=True,
            )
            if stats:
                print("         attackers: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
            if n_err:
                failed = True
            if proc.poll() is not None:
                print(f"bantin serve exited ({proc.returncode}); see {log.name}")
                failed = True
                break
            if not wait_until_answering(port, args.path, 30):
                print("the server stopped answering (30 s after the attack ended)")
                failed = True
                break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
        log.close()
    if failed:
        print(f"server log: {log.name}")
        sys.exit(1)
    os.remove(log.name)


if __name__ == "__main__":
    main()
