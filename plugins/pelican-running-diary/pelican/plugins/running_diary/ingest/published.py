"""`diary privacy check OUTPUT`: read every published file and prove the privacy rule held.

It knows the posts (content/, read with the core readers) and the private
settings, and reads every file of the output folder:

- **Routes.** What the rule allows is worked out from the posts, route by
  route: the route the build shows (core/privacy.py) and its two drawings
  (render/routes.py: under the post, on the routes page). Every point of each
  allowed route must lie outside every zone (as the rule cuts it: around its
  moved centre) and further than `trim_m` from its route's true ends (the
  first and last points the post holds, glitches dropped). Then every
  published route must be one of those: each `route` of diary.json, and the
  path of every route drawing (`<svg class="route-svg">`, `"route-thumb"`) in
  every page and feed, compared as the exact text the build would draw. A
  drawing is not mapped back to coordinates: comparing it with what the rule
  allows is simpler and stronger (a drawing of anything else fails, whatever
  it shows). A published route that is none of those is a failure, and its
  points are counted against every zone and every route's ends. The route as
  a post holds it (when the rule changes it) must appear in no file at all.
- **Images.** Every file Pillow opens: EXIF GPS, or XMP, fails (XMP can hold a
  position, a place name, a device's serial); other EXIF is named but passes.
- **Drafts.** No published file may hold a draft's address (`drafts/SLUG`, or
  the address it would have had) or its words (any run of 8 words of its body,
  or its whole title when it has 4 words or more), in pages, feeds, data
  files and the search index's fragments (gzip'd JSON under pagefind/fragment/).
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core import frontmatter, posts as post_files, privacy, routes
from ..core.model import count
from ..core.settings import Settings
from ..render import routes as drawings

RUN_WORDS = 8  # a draft's words: any run of this many, in order
TITLE_WORDS = 4  # a draft's title counts when it has at least this many words
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".atom", ".rss", ".json", ".csv", ".txt", ".svg", ".js"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".avif", ".tif", ".tiff", ".gif"}
_SVG = re.compile(r"<svg\b([^>]*)>(.*?)</svg>", re.S | re.I)
_PATH_D = re.compile(r"<path\b[^>]*?\sd=\"([^\"]*)\"", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")
_POLYLINE_RUN = re.compile(r"[?-~]{8,}")
GPS_IFD = 0x8825


@dataclass
class Report:
    routes: int = 0  # routes published (diary.json)
    zones: int = 0
    points_inside: int = 0  # published points inside a zone or a trim
    photos_clean: int = 0  # images with no EXIF and no XMP
    leaked_drafts: set[str] = field(default_factory=set)  # the drafts found in the output
    failures: list[str] = field(default_factory=list)

    @property
    def drafts(self) -> int:
        return len(self.leaked_drafts)

    def line(self) -> str:
        return (f"{count(self.routes, 'route')}, {count(self.zones, 'zone')}, "
                f"{count(self.points_inside, 'point')} inside, "
                f"{count(self.photos_clean, 'photo')} without metadata, {count(self.drafts, 'draft')}")


@dataclass
class _Allowed:
    """What the rule lets the site publish, worked out from the posts."""

    routes: set[str] = field(default_factory=set)
    drawings: set[str] = field(default_factory=set)
    held: dict[str, str] = field(default_factory=dict)  # a route as a post holds it -> the post
    ends: list[routes.Point] = field(default_factory=list)  # every route's true ends
    drafts: list[tuple[str, list[str], list[str]]] = field(default_factory=list)  # file, addresses, title words
    draft_runs: dict[tuple[str, ...], str] = field(default_factory=dict)  # 8 words -> the draft
    first_words: set[str] = field(default_factory=set)  # the first word of each of those runs


def check(output: Path, files: Iterable[Path], settings: Settings, *, default_lang: str = "en") -> Report:
    report = Report(zones=len(settings.privacy.zones))
    zones = privacy.cut_zones(settings.privacy)
    allowed = _from_posts(list(files), settings, zones, report)
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        name = path.relative_to(output).as_posix()
        suffix = path.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            _check_image(path, name, report)
            continue
        text = _text_of(path, name)
        if text is None:
            continue
        if name == "diary.json":
            _check_diary_json(text, allowed, zones, settings, report)
        if suffix in (".xml", ".atom", ".rss"):
            text = html.unescape(text)  # a feed holds its entries' HTML escaped
        elif suffix in (".json", ".pf_fragment"):
            text = _json_strings(text)  # a route's backslashes are escaped in JSON
        _check_drawings(text, name, allowed, report)
        _check_leaks(text, name, allowed, report)
    for draft_file, addresses, _ in allowed.drafts:
        for address in addresses:
            if (output / address).exists():
                report.failures.append(f"{address}: the draft {draft_file} is published")
                report.leaked_drafts.add(draft_file)
    return report


# --- the posts -----------------------------------------------------------------------------------

def _from_posts(files: list[Path], settings: Settings, zones, report: Report) -> _Allowed:
    allowed = _Allowed()
    trim_m = settings.privacy.trim_m
    for path in files:
        logs, metadata = post_files.read_post(path, settings)
        if str(metadata.get("status", "")).strip().lower() == "draft":
            _add_draft(path, logs, metadata, allowed)
            continue
        for entry in logs.entries("training"):
            held = getattr(entry, "route", None)
            if not held:
                continue
            points = routes.decode(held)
            cleaned = routes.clean(points, routes.step_limit_m(points, entry.activity, entry.time_s))
            ends = [cleaned[0], cleaned[-1]] if cleaned else []
            allowed.ends += ends
            shown = privacy.publishable_entry_route(entry, settings.privacy, zones)
            if shown != held:
                allowed.held[held] = logs.post.file
            if not shown:
                continue
            allowed.routes.add(shown)
            where = f"{logs.post.file}: training[{entry.index}].route"
            for point in routes.decode(shown):
                why = _inside(point, zones, ends, trim_m)
                if why:
                    report.points_inside += 1
                    report.failures.append(f"{where}: a point {why}, as the rule would publish it")
            for svg in (drawings.draw(shown, label="", unit=settings.units),
                        drawings.thumbnail(shown, label="")):
                if svg:
                    allowed.drawings.add(_PATH_D.search(str(svg)).group(1))
    return allowed


def _inside(point, zones, ends, trim_m: float) -> str | None:
    for zone in zones:
        if routes.haversine_m(point, (zone.lat, zone.lon)) <= zone.radius_m:
            return "inside a private zone"
    for end in ends:
        if routes.haversine_m(point, end) <= trim_m:
            return f"within {trim_m:g} m of its route's true end"
    return None


def _add_draft(path: Path, logs, metadata: dict, allowed: _Allowed) -> None:
    from .post_template import slugify  # Pelican's slugs, as `diary new` makes them

    slug = str(metadata.get("slug") or slugify(str(metadata.get("title") or path.stem)))
    addresses = [f"drafts/{slug}.html", f"drafts/{slug}/", f"drafts/pages/{slug}.html",
                 f"drafts/{slug}/index.html"]
    date = logs.post.date
    if date is not None:
        addresses.append(f"{date:%Y}/{date:%m}/{slug}/")  # where a publish build would put it
    title = _words(str(metadata.get("title") or ""))
    allowed.drafts.append((logs.post.file, addresses, title if len(title) >= TITLE_WORDS else []))
    words = _words(frontmatter.split(path.read_text(encoding="utf-8", errors="replace")).body)
    for i in range(len(words) - RUN_WORDS + 1):
        allowed.draft_runs.setdefault(tuple(words[i:i + RUN_WORDS]), logs.post.file)
        allowed.first_words.add(words[i])


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


# --- the published files -------------------------------------------------------------------------

def _text_of(path: Path, name: str) -> str | None:
    """A file's text: pages, feeds, data files; a search fragment decompressed."""
    suffix = path.suffix.lower()
    try:
        if name.startswith("pagefind/") and suffix == ".pf_fragment":
            return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        if suffix in TEXT_SUFFIXES:
            return path.read_text(encoding="utf-8", errors="replace")
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        return f"(unreadable: {error})"
    return None


def _json_strings(text: str) -> str:
    """Every string of a JSON text, one a line, as written before JSON escaped them."""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    found: list[str] = []
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            stack += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            stack += value
    return "\n".join(found)


def _check_diary_json(text: str, allowed: _Allowed, zones, settings: Settings, report: Report) -> None:
    try:
        data = json.loads(text)
    except ValueError:
        report.failures.append("diary.json: not JSON, so its routes cannot be checked")
        return
    for n, record in enumerate(data.get("training", []) if isinstance(data, dict) else []):
        route = record.get("route") if isinstance(record, dict) else None
        if not route:
            continue
        report.routes += 1
        if route in allowed.routes:
            continue
        report.failures.append(f"diary.json: training[{n}].route is not what the privacy rule "
                               f"gives for any post ({record.get('post')})")
        try:
            points = routes.decode(route)
        except ValueError:
            continue
        report.points_inside += sum(
            _inside(p, zones, allowed.ends, settings.privacy.trim_m) is not None for p in points)


def _check_drawings(text: str, name: str, allowed: _Allowed, report: Report) -> None:
    for match in _SVG.finditer(text):
        if not any(cls in match.group(1) for cls in drawings.ROUTE_SVG_CLASSES):
            continue
        d = _PATH_D.search(match.group(2))
        if d and d.group(1) not in allowed.drawings:
            report.failures.append(f"{name}: a route drawing that is not what the privacy rule "
                                   "allows for any post")


def _check_leaks(text: str, name: str, allowed: _Allowed, report: Report) -> None:
    if allowed.held:  # a polyline is a run of the characters "?" to "~", set off by others
        for run in set(_POLYLINE_RUN.findall(text)) & allowed.held.keys():
            report.failures.append(f"{name}: holds the route of {allowed.held[run]} as the post "
                                   "holds it, before the privacy rule")
    if not allowed.drafts:
        return
    for draft_file, addresses, _ in allowed.drafts:
        for address in addresses:
            if address in text:
                report.failures.append(f"{name}: links the draft {draft_file} ({address})")
                report.leaked_drafts.add(draft_file)
    words = _words(html.unescape(_TAG.sub(" ", text)))
    found = set()
    first_words = allowed.first_words
    for i in range(len(words) - RUN_WORDS + 1):
        if words[i] not in first_words:  # most words: no tuple to make
            continue
        draft = allowed.draft_runs.get(tuple(words[i:i + RUN_WORDS]))
        if draft and draft not in found:
            found.add(draft)
            report.failures.append(f"{name}: holds words of the draft {draft} "
                                   f"(\"{' '.join(words[i:i + RUN_WORDS])}\")")
    joined = f" {' '.join(words)} "
    for draft_file, _, title in allowed.drafts:
        if title and f" {' '.join(title)} " in joined and draft_file not in found:
            found.add(draft_file)
            report.failures.append(f"{name}: holds the title of the draft {draft_file}")
    report.leaked_drafts |= found


# --- images --------------------------------------------------------------------------------------

def _check_image(path: Path, name: str, report: Report) -> None:
    """EXIF GPS or XMP fails; an image Pillow cannot open fails too (it cannot be checked)."""
    from PIL import Image

    try:
        import pillow_heif  # HEIC and HEIF, where the package is installed
        pillow_heif.register_heif_opener()
    except ImportError:
        pass
    try:
        with Image.open(path) as image:
            exif = image.getexif()
            gps = exif.get_ifd(GPS_IFD) if GPS_IFD in exif else {}
            # XMP where Pillow keeps it (JPEG, WebP, PNG's iTXt); the raw bytes below catch the rest
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    except Exception as error:  # noqa: BLE001 - any file Pillow cannot read
        report.failures.append(f"{name}: cannot be opened to check its metadata ({type(error).__name__})")
        return
    raw = path.read_bytes()
    has_xmp = bool(xmp) or b"<x:xmpmeta" in raw or b"http://ns.adobe.com/xap/1.0/" in raw
    if gps or GPS_IFD in exif:
        report.failures.append(f"{name}: has a GPS position in its EXIF")
    elif has_xmp:
        report.failures.append(f"{name}: has XMP metadata, which can hold a position")
    elif len(exif) == 0:
        report.photos_clean += 1
