"""Retake docs/browser.png: the seeds graph in the Neo4j Browser, styled by schema/browser-style.grass.

Needs a server with the seeds loaded (`graphbuild build seeds && graphbuild load --out out`),
Playwright for Python (`pip install .[docs]`) and a Chromium on the machine (Debian's
`chromium`; Playwright's own browser download is not needed):

    NEO4J_PASSWORD=... python docs/browser_screenshot.py http://127.0.0.1:7474 [--bolt bolt://127.0.0.1:7687]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
STYLE = HERE.parent / "schema" / "browser-style.grass"
QUERY = ("MATCH g = (i)-[:INVESTED_IN]->(:Investment)-[:FUNDS]->(:Organization) RETURN g "
         "UNION MATCH g = (:Investment)-[:FUNDS]->(:Organization) RETURN g "
         "UNION MATCH g = (:Person)-[:WORKS_AT]->(:Organization {name: 'Factory'}) RETURN g")
# Chromium as root on a machine without a desktop or outside network
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", help="the server's HTTP address, e.g. http://127.0.0.1:7474")
    parser.add_argument("--bolt", help="its Bolt address (default: the server's host, port 7687)")
    parser.add_argument("--out", type=Path, default=HERE / "browser.png")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    bolt = args.bolt or f"bolt://{urlparse(args.server).hostname}:7687"
    style = re.sub(r"\s+", " ", re.sub(r"/\*.*?\*/", "", STYLE.read_text(encoding="utf-8"), flags=re.S))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(args.server.rstrip("/") + "/browser/")
        connect(page, bolt)
        for command in (":clear", f":style {style}", ":clear", QUERY):
            run(page, command)
        page.wait_for_timeout(6000)  # the force layout settles
        page.locator("button[title='Fullscreen']").first.click(timeout=5000)
        page.mouse.move(580, 540)  # the middle of the graph
        page.mouse.wheel(0, -200)  # the Browser fits the layout into the frame: zoom in to a reading size
        page.wait_for_timeout(3000)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out}")


def connect(page, bolt: str) -> None:
    password = page.locator("input[data-testid='password']")
    password.wait_for(timeout=30000)
    page.locator("input[data-testid='boltaddress']").fill(bolt)
    page.locator("input[data-testid='username']").fill(os.environ.get("NEO4J_USER", "neo4j"))
    password.fill(os.environ.get("NEO4J_PASSWORD", ""))
    page.locator("button[data-testid='connect']").click()
    page.wait_for_selector("[data-testid='frameCommand']", timeout=30000)


def run(page, command: str) -> None:
    editor = page.locator(".monaco-editor textarea").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(command)
    page.keyboard.press("Enter")
    page.wait_for_timeout(2500)


if __name__ == "__main__":
    main()
