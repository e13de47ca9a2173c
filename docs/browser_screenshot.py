"""A picture of a graph in the Neo4j Browser, styled by schema/browser-style.grass: by default
docs/browser.png, the seeds' funding events and the people of Factory.

Needs a server with the graph loaded (`graphbuild build seeds && graphbuild load --out out`),
Playwright for Python (`pip install .[docs]`) and a Chromium on the machine (Debian's
`apt-get install chromium`; Playwright's own browser download is not needed). The password is
NEO4J_PASSWORD, else the one `graphbuild neo4j start` generated for the server at --bolt:

    python docs/browser_screenshot.py http://127.0.0.1:7474 [--bolt bolt://127.0.0.1:7687]
        [--query "MATCH g = (:Person)-[:WORKS_AT]->(:Organization) RETURN g LIMIT 50"] [--out FILE.png]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

from graphbuild.stores import server

HERE = Path(__file__).resolve().parent
STYLE = HERE.parent / "schema" / "browser-style.grass"
QUERY = ("MATCH g = (i)-[:INVESTED_IN]->(:Investment)-[:FUNDS]->(:Organization) RETURN g "
         "UNION MATCH g = (:Investment)-[:FUNDS]->(:Organization) RETURN g "
         "UNION MATCH g = (:Person)-[:WORKS_AT]->(:Organization {name: 'Factory'}) RETURN g")
# Chromium as root on a machine without a desktop or outside network
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", help="the server's HTTP address, e.g. http://127.0.0.1:7474")
    parser.add_argument("--bolt", help="its Bolt address (default: the server's host, port 7687)")
    parser.add_argument("--query", default=QUERY, help="the Cypher whose graph is shown (default: the seeds' picture)")
    parser.add_argument("--out", type=Path, default=HERE / "browser.png")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    return parser


def login(bolt: str) -> tuple[str, str]:
    """NEO4J_USER / NEO4J_PASSWORD, else the credentials `graphbuild neo4j start` generated for `bolt`."""
    if os.environ.get("NEO4J_PASSWORD"):
        return os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"]
    saved = server.saved_credentials(bolt)
    if saved is None:
        raise SystemExit(f"no password for {bolt}: set NEO4J_PASSWORD, or start the server with `graphbuild neo4j start`")
    return saved


def main() -> None:
    from playwright.sync_api import sync_playwright  # pip install .[docs]

    args = arguments().parse_args()
    bolt = args.bolt or f"bolt://{urlparse(args.server).hostname}:7687"
    user, password = login(bolt)
    style = re.sub(r"\s+", " ", re.sub(r"/\*.*?\*/", "", STYLE.read_text(encoding="utf-8"), flags=re.S))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(args.server.rstrip("/") + "/browser/")
        connect(page, bolt, user, password)
        for command in (":clear", f":style {style}", ":clear", args.query):
            run(page, command)
        page.wait_for_timeout(6000)  # the force layout settles
        page.locator("button[title='Fullscreen']").first.click(timeout=5000)
        page.mouse.move(580, 540)  # the middle of the graph
        page.mouse.wheel(0, -200)  # the Browser fits the layout into the frame: zoom in to a reading size
        page.wait_for_timeout(3000)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out}")


def connect(page, bolt: str, user: str, secret: str) -> None:
    password = page.locator("input[data-testid='password']")
    password.wait_for(timeout=30000)
    page.locator("input[data-testid='boltaddress']").fill(bolt)
    page.locator("input[data-testid='username']").fill(user)
    password.fill(secret)
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
