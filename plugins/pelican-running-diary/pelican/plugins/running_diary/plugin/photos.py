"""Photos in the build: what Pelican would copy as is is published as resized copies
without metadata instead (the image work is render/photos.py).

* ``static_generator_finalized``: each JPEG, PNG, WebP or HEIC among the static files
  is taken out of what Pelican copies, and its copies are planned (sizes read, nothing
  decoded yet). Its entry in ``static_content`` stays, so ``{static}/images/x.jpg``
  still resolves to its address. An image that cannot be published (unreadable, a
  decompression bomb, named for another format) is a problem naming the file, reported
  with the diary's others: the publish build stops; a normal build leaves it out,
  never copied raw. A HEIC original asked for is a warning: only its copies go out.
* ``content_written`` / ``feed_written``: each ``<img>`` of a written page whose ``src`` is
  a photo gets ``srcset``, ``sizes``, ``width``, ``height``, lazy loading and async
  decoding; any other address of a photo on a page (a link to it) and in a feed
  becomes that of its largest copy, unless the originals are published.
* ``finalized``: the copies are written beside the original's address
  (``images/finish-960w.jpg``), and, with ``DIARY["photos"]["originals"]``, the
  original stripped of its metadata at its own.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from ..core.model import Problem
from ..core.settings import SettingsError, from_dict
from ..render import photos
from . import reader
from .reader import source_name

logger = logging.getLogger(__name__)


class _Photos:
    """This build's photos, by the output path of their original (``images/x.jpg``)."""

    def __init__(self, originals: bool = False):
        self.originals = originals
        self.by_save_as: dict[str, tuple[photos.Photo, str]] = {}  # (copies, source path)


_state = _Photos()


def collect(generator) -> None:
    """Take the photos out of the static files Pelican copies, and plan their copies."""
    global _state
    try:
        settings = from_dict(generator.settings.get("DIARY")).photos
    except SettingsError:
        return  # receivers.start_build has stopped the build already
    _state = _Photos(originals=settings.originals)
    kept = []
    for static in generator.staticfiles:
        if photos.kind_of(static.source_path) is None:
            kept.append(static)
            continue
        name = source_name(static.source_path)
        try:
            data = Path(static.source_path).read_bytes()
        except OSError as error:
            reader.problems.append(Problem(file=name, message=f"cannot be read: {error.strerror}"))
            continue
        photo, problems = photos.examine(data, name, settings)
        reader.problems.extend(problems)
        if photo is not None:  # its copies are written beside the original's address
            _state.by_save_as[PurePosixPath(static.save_as).as_posix()] = (photo, static.source_path)
    generator.staticfiles[:] = kept


def _lookup(context, written: str):
    """The photo a URL written in the file at ``written`` names, or None."""
    output = context["OUTPUT_PATH"]
    here = posixpath.dirname(Path(os.path.relpath(written, output)).as_posix())
    siteurl = (context.get("SITEURL") or "").rstrip("/")
    site_path = urlparse(siteurl).path.rstrip("/")

    def lookup(url: str) -> photos.Photo | None:
        url = url.split("#", 1)[0].split("?", 1)[0]
        if siteurl and url.startswith(siteurl + "/"):
            target = url[len(siteurl) + 1:]
        elif "://" in url or url.startswith("//"):
            return None
        elif url.startswith("/"):
            target = url[len(site_path) + 1:] if site_path and url.startswith(site_path + "/") else url[1:]
        else:
            target = posixpath.normpath(posixpath.join(here, url))
        found = _state.by_save_as.get(target)
        return found[0] if found else None

    return lookup


def rewrite_page(path, context) -> None:
    """``content_written``: the photos of a written page get their copies (srcset...)."""
    if not _state.by_save_as or not str(path).endswith(".html"):
        return
    lookup = _lookup(context, path)

    def change(text: str) -> str:
        text = photos.rewrite_images(text, lookup)
        # A link to the photo itself (`[full size]({static}/images/x.jpg)`, a page's
        # og:image) names its largest copy, unless the original is published.
        return text if _state.originals else photos.replace_sources(text, lookup)

    _rewrite(path, change)


def rewrite_feed(path, context, feed=None) -> None:
    """``feed_written``: a feed's photos are their largest copies."""
    if _state.by_save_as:
        _rewrite(path, lambda text: photos.replace_sources(text, _lookup(context, path)))


def _rewrite(path, change) -> None:
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    changed = change(text)
    if changed != text:
        file.write_text(changed, encoding="utf-8")


def write_copies(pelican) -> None:
    """``finalized``: every photo's copies, and its stripped original when asked for.

    Copies are kept in CACHE_PATH/diary-photos/, by a hash of the photo's bytes and
    of what was asked of them, so that a rebuild (`make devserver`) re-encodes only
    the photos that changed: a 12-megapixel photo's three copies take about a second."""
    output = Path(pelican.output_path)
    cache = Path(pelican.settings.get("CACHE_PATH") or "cache") / "diary-photos"
    for save_as, (photo, source) in sorted(_state.by_save_as.items()):
        folder = (output / save_as).parent
        data = Path(source).read_bytes()
        try:
            copies = _cached_copies(cache, data, photo)
            original = (photos.strip_original(data, photo.name)
                        if _state.originals and photo.kind != "HEIF" else None)
        except photos.PhotoError as error:  # planned, then failed to decode: never published raw
            logger.error("%s: %s", source_name(source), error)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for name, encoded in copies.items():
            (folder / name).write_bytes(encoded)
        if original is not None:
            (output / save_as).write_bytes(original)


def _cached_copies(cache: Path, data: bytes, photo: photos.Photo) -> dict[str, bytes]:
    key = hashlib.sha256(data + repr((photo, photos.SAVE_OPTIONS, photos.PIL_VERSION)).encode()).hexdigest()
    kept = cache / key[:2] / key
    names = [variant.name for variant in photo.variants]
    if all((kept / name).is_file() for name in names):
        return {name: (kept / name).read_bytes() for name in names}
    copies = photos.render(data, photo)
    try:
        kept.mkdir(parents=True, exist_ok=True)
        for name, encoded in copies.items():
            (kept / f".{name}.tmp").write_bytes(encoded)
            os.replace(kept / f".{name}.tmp", kept / name)  # never half a file under its name
    except OSError as error:  # no cache, no harm: the copies are still written
        logger.warning("photos not cached in %s: %s", cache, error.strerror)
    return copies
