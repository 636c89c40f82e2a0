"""Draw docs/images/convert-sheet.png: the example map as XLSX, printed by LibreOffice.

    python scripts/picture_sheet.py [--out docs/images/convert-sheet.png]

Needs LibreOffice (`soffice`) and poppler's `pdftoppm`. cjm writes the workbook,
LibreOffice prints it to PDF (one landscape page, as wide as the sheet), and the top
left of that page, where the map rows, the header and the first columns are, is cut
out at a size people can read.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "maps" / "first-online-purchase.cjm.yaml"
# The page at 500 dpi, cut from just inside its margin: 2100 × 1620 pixels show the map
# rows, the header and the columns from Stage to Actions.
DPI, LEFT, TOP, WIDTH, HEIGHT = 500, 330, 440, 2100, 1620


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "images" / "convert-sheet.png"))
    arguments = parser.parse_args()
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        sys.stderr.write("needs soffice (LibreOffice) and pdftoppm (poppler) on PATH\n")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sheet = work / "map.xlsx"
        subprocess.run([sys.executable, "-m", "cjm", "convert", str(EXAMPLE), "-o",
                        str(sheet)], check=True)
        subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'profile'}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(work),
                        str(sheet)], check=True, capture_output=True, timeout=180)
        subprocess.run([pdftoppm, "-png", "-singlefile", "-r", str(DPI), "-x", str(LEFT),
                        "-y", str(TOP), "-W", str(WIDTH), "-H", str(HEIGHT),
                        str(work / "map.pdf"), str(work / "sheet")], check=True)
        shutil.copyfile(work / "sheet.png", arguments.out)
    print(f"wrote {arguments.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
