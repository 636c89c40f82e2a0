"""Build the site of examples/ and take the screenshots the README and docs show.

    python scripts/screenshot_site.py [--out docs/images] [--all]

Needs Playwright's Python package (the `test` extra) and a Chromium: the system's
(`/usr/bin/chromium`, or CHROMIUM=path). Writes docs/images/site-home.png; with --all
also the map page and the backlog at desktop and phone widths, in the light and the
dark colour scheme, for looking at them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Review dates are checked against a fixed day, so the picture does not change by itself.
TODAY = "2026-12-01"
PAGES = {"home": "index.html", "map": "maps/first-online-purchase.html",
         "backlog": "backlog.html"}
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
SCHEMES = ("light", "dark")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "images"))
    parser.add_argument("--all", action="store_true",
                        help="every page at every width, not only the README's picture")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        sys.stderr.write("no chromium on PATH (set CHROMIUM=path)\n")
        return 2
    out = Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "cjm", "site", "examples", "-o", folder,
                        "--today", TODAY], cwd=ROOT, check=True)
        shots = [("home", "desktop", "light")]
        if arguments.all:
            shots = [(page, width, scheme) for page in PAGES for width in WIDTHS
                     for scheme in SCHEMES]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            for page_name, width_name, scheme in shots:
                width, height = WIDTHS[width_name]
                page = browser.new_page(viewport={"width": width, "height": height},
                                        color_scheme=scheme)
                page.goto(Path(folder, PAGES[page_name]).as_uri())
                name = "site-home.png" if (page_name, width_name, scheme) == (
                    "home", "desktop", "light") else f"site-{page_name}-{width_name}-{scheme}.png"
                page.screenshot(path=str(out / name))
                page.close()
                print(f"wrote {out / name}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
