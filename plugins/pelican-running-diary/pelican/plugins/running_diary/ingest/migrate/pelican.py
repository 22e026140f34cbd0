"""A Pelican content folder as `diary migrate` reads it: every file comes as it is
(posts already build here), each under the same path in the content folder."""

from __future__ import annotations

from pathlib import Path

from . import Site


def read(root: Path) -> Site:
    site = Site(kind="Pelican", root=root, found=[], files=[], skipped=[])
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file():
            if any(part.startswith(".") for part in relative.parts):
                site.skipped.append((relative.as_posix(), "a hidden file: never published"))
            else:
                site.files.append((path, relative.as_posix()))
    return site
