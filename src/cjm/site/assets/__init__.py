"""The site's stylesheet and script, shipped as package data and copied into every site."""

from __future__ import annotations

from importlib.resources import files

NAMES = ("site.css", "site.js")
ASSETS: dict[str, bytes] = {
    f"assets/{name}": files(__package__).joinpath(name).read_bytes() for name in NAMES
}
