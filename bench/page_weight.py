"""Questionnaire page on an emulated slow 3G network: bytes transferred cold and first paint.

Usage: .venv/bin/python bench/page_weight.py [--runs 3]

Serves the app with gunicorn (as `consult serve` does) on a temporary SQLite database, opens the
questionnaire in Debian's Chromium with an empty cache and no service worker, and throttles the
network through the DevTools protocol (Network.emulateNetworkConditions) with DevTools' « Slow 3G »
preset: 2 000 ms latency per request, 400 kbit/s down and up. Prints the median of the runs with
compression (what the server sends to Chromium) against a baseline measured in the same run with
`Accept-Encoding: identity` (no compression). Targets: ≤ 30 KB transferred, first paint ≤ 2.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from tests.browser.conftest import ARGS, CHROMIUM
from tests.live_server import Gunicorn, free_port, prepare_database

PAGES = [
    "/c/concertation-citoyenne/voltaire/jeunes",
    "/c/concertation-citoyenne/voltaire/adultes?lang=ar",
]
SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 500 * 1000 / 8 * 0.8,
    "uploadThroughput": 500 * 1000 / 8 * 0.8,
}
FIRST_PAINT = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0]
    || performance.getEntriesByName('first-paint')[0];
  return paint ? paint.startTime : null;
}"""


def measure(browser, url: str, encoding: str | None) -> tuple[int, int, float]:
    """(bytes on the wire, requests, first paint in ms) of one cold load."""
    headers = {"Accept-Encoding": encoding} if encoding else {}
    context = browser.new_context(service_workers="block", extra_http_headers=headers)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    sizes: dict[str, float] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    page.wait_for_function("() => performance.getEntriesByType('paint').length > 0")
    first_paint = page.evaluate(FIRST_PAINT)
    context.close()
    return int(sum(sizes.values())), len(sizes), first_paint


def median_of(runs: int, browser, url: str, encoding: str | None) -> tuple[float, int, float]:
    results = [measure(browser, url, encoding) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results) / 1024,
        results[0][1],
        statistics.median(r[2] for r in results) / 1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/bench.db"
        prepare_database(database_url)
        server = Gunicorn(database_url, free_port(), Path(folder) / "gunicorn.log")
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
                latency = SLOW_3G["latency"]
                print(f"slow 3G ({latency} ms, 400 kbit/s), median of {args.runs} cold loads")
                for path in PAGES:
                    url = f"http://127.0.0.1:{server.port}{path}"
                    kb, requests, paint = median_of(args.runs, browser, url, None)
                    kb0, _, paint0 = median_of(args.runs, browser, url, "identity")
                    print(
                        f"{path}: {kb:.1f} KB in {requests} requests, first paint {paint:.2f} s"
                        f" | uncompressed baseline {kb0:.1f} KB, {paint0:.2f} s"
                        f" | ratio {kb0 / kb:.1f}x fewer bytes"
                    )
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
