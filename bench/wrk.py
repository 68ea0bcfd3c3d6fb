"""Run wrk against one URL; read its figures, with the whole latency histogram (from a Lua
`done()` hook) so that several short runs of the same URL can be merged exactly."""

import os
import re
import shutil
import subprocess  # noqa: S404  (runs wrk and apt-get, by absolute path, no shell)
import tempfile
from collections import Counter

# Prints every distinct latency (µs) with its count, and the summary, after the run.
DONE_HOOK = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH summary %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, e.connect, e.read, e.timeout, e.status))
  local n = #latency
  local i = 1
  while i <= n do
    local value, count = latency(i)
    io.write(string.format("BENCH latency %d %d\\n", value, count))
    i = i + 1
  end
end
"""
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def ensure_installed(install=True):
    """The path to wrk; installs Debian's package when missing (as root, with apt-get)."""
    found = shutil.which("wrk")
    if found or not install:
        return found
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        return None
    print("wrk is missing: apt-get install -y wrk", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = [apt, "install", "-y", "--no-install-recommends", "wrk"]
    result = subprocess.run(  # noqa: S603
        command, env=environment, capture_output=True, timeout=600, check=False
    )
    if result.returncode != 0:  # a stale package list: refresh it once
        subprocess.run(  # noqa: S603
            [apt, "update"], env=environment, capture_output=True, timeout=600, check=False
        )
        subprocess.run(  # noqa: S603
            command, env=environment, capture_output=True, timeout=600, check=False
        )
    return shutil.which("wrk")


def _ms(value):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value)
    return float(match.group(1)) * UNITS[match.group(2)] if match else None


def parse(output):
    """wrk's figures: from the hook's lines when present, else from its text report."""
    result = {
        "rps": None,
        "p50_ms": None,
        "p90_ms": None,
        "p99_ms": None,
        "requests": None,
        "duration_s": None,
        "non_2xx": 0,
        "socket_errors": 0,
        "histogram": {},
    }
    histogram = Counter()
    for line in output.splitlines():
        parts = line.split()
        if parts[:2] == ["BENCH", "latency"]:
            histogram[int(parts[2])] += int(parts[3])
        elif parts[:2] == ["BENCH", "summary"]:
            requests, duration, connect, _read, timeout, status = map(int, parts[2:8])
            result.update(
                requests=requests,
                duration_s=duration / 1e6,
                non_2xx=status,
                # with a sync gunicorn worker (one request per connection) wrk
                # counts the server's closes as read errors: only connect and
                # timeout errors mean trouble
                socket_errors=connect + timeout,
            )
    if histogram:
        result["histogram"] = dict(histogram)
        result.update(percentiles(histogram))
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    for percent, key in (("50", "p50_ms"), ("90", "p90_ms"), ("99", "p99_ms")):
        if result[key] is None and (
            match := re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE)
        ):
            result[key] = _ms(match.group(1))
    if result["requests"] is None and (match := re.search(r"(\d+) requests in", output)):
        result["requests"] = int(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result["non_2xx"] = max(result["non_2xx"], int(match.group(1)))
    return result


def percentiles(histogram):
    """p50/p90/p99 in ms of a {latency µs: count} histogram (nearest rank, as wrk does)."""
    total = sum(histogram.values())
    figures, seen = {}, 0
    wanted = [(50, "p50_ms"), (90, "p90_ms"), (99, "p99_ms")]
    for value in sorted(histogram):
        seen += histogram[value]
        while wanted and seen >= total * wanted[0][0] / 100:
            figures[wanted.pop(0)[1]] = value / 1000
    return figures


def merge(runs):
    """One set of figures from several runs of the same URL: requests/s over their summed
    time, percentiles of their summed histograms, errors summed."""
    runs = [run for run in runs if run.get("requests") is not None]
    if not runs:
        return {}
    histogram = Counter()
    for run in runs:
        histogram.update({int(k): v for k, v in run.get("histogram", {}).items()})
    duration = sum(run.get("duration_s") or 0 for run in runs)
    requests = sum(run["requests"] for run in runs)
    merged = {
        "rps": requests / duration if duration else None,
        "requests": requests,
        "duration_s": round(duration, 3),
        "rounds_rps": [run.get("rps") for run in runs],
        "non_2xx": sum(run.get("non_2xx", 0) for run in runs),
        "socket_errors": sum(run.get("socket_errors", 0) for run in runs),
    }
    merged.update(percentiles(histogram) if histogram else {})
    errors = [run["error"] for run in runs if run.get("error")]
    if errors:
        merged["error"] = errors[-1]
    return merged


def run(wrk, url, seconds, threads, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as hook:
        hook.write(DONE_HOOK)
    try:
        command = [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            hook.name,
            url,
        ]
        completed = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    finally:
        os.unlink(hook.name)
    result = parse(completed.stdout)
    result["exit"] = completed.returncode
    if completed.returncode != 0 or result["rps"] is None:
        result["error"] = (completed.stderr or completed.stdout).strip()[-500:]
    return result
