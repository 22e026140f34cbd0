"""Photos published without what locates their author: resized copies with no metadata,
and originals, when asked for, stripped without re-encoding. No Pelican here.

A phone's photo carries where it was taken (EXIF GPS), the camera's serial number,
maker notes, XMP and IPTC. What the site publishes of an image in a post:

* **Resized copies**, re-encoded by Pillow, one per width of ``DIARY["photos"]["widths"]``
  (480, 960 and 1,600 px by default) below the photo's own width, and one at its own
  width when that is below the largest: never upscaled. The EXIF orientation is
  applied to the pixels; an embedded ICC profile is converted to sRGB and then left
  out (browsers take an untagged image as sRGB); nothing else is carried over: the
  copy is made from the pixels alone. JPEG and HEIC give JPEG copies (browsers do not
  show HEIC), PNG gives PNG, WebP gives WebP. Encoding is deterministic (fixed
  quality and settings, no time stamps): two builds write the same bytes.
* **The original**, only with ``"originals": True``: JPEG, PNG and WebP are stripped
  losslessly, segment by segment (see ``strip_original``); a HEIC original is never
  published (it cannot be stripped without re-encoding, and no browser shows it).

``rewrite_images`` turns each ``<img>`` of a written page that shows a photo into one
with ``srcset``, ``sizes``, ``width`` and ``height``, ``loading="lazy"`` and
``decoding="async"``.
"""

from __future__ import annotations

import html
import io
import re
import struct
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from PIL import __version__ as PIL_VERSION

from ..core.model import Problem

try:  # HEIC/HEIF (iPhone photos): pillow-heif registers itself as a Pillow opener
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - it is pinned; without it a HEIC is refused by name
    HEIF = False

EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP",
              ".heic": "HEIF", ".heif": "HEIF"}
# What each format's copies are written as, and how.
COPY_AS = {"JPEG": ("JPEG", ".jpg"), "HEIF": ("JPEG", ".jpg"), "PNG": ("PNG", ".png"),
           "WEBP": ("WEBP", ".webp")}
SAVE_OPTIONS = {"JPEG": {"quality": 82, "optimize": True, "progressive": True},
                "PNG": {"optimize": True},
                "WEBP": {"quality": 80, "method": 4}}
# The theme's column is 40rem wide with 1rem either side: a photo fills it, or the screen.
SIZES = "(max-width: 42rem) calc(100vw - 2rem), 40rem"
# Pillow's guard against decompression bombs (Image.MAX_IMAGE_PIXELS, 89 megapixels: a
# 12,000 x 7,400 photo) is made a refusal: a small file cannot take a gigabyte to decode.


HEIC_ORIGINAL = ("a HEIC original cannot be stripped of its metadata without re-encoding (and "
                 "browsers do not show HEIC): only its resized copies are published")


class PhotoError(Exception):
    """An image that cannot be published; ``str()`` says why in a few words."""


@dataclass(frozen=True)
class Variant:
    name: str  # file name, beside the original's: "finish-960w.jpg"
    width: int
    height: int


@dataclass(frozen=True)
class Photo:
    """What is published of one image: its copies, smallest first."""

    name: str  # the original's file name: "finish.jpg"
    kind: str  # "JPEG", "PNG", "WEBP" or "HEIF"
    width: int  # as shown (orientation applied)
    height: int
    variants: tuple[Variant, ...]

    def largest(self) -> Variant:
        return self.variants[-1]

    def default(self) -> Variant:
        """The copy `src` names (for a browser without srcset): the largest up to 960 px."""
        fitting = [v for v in self.variants if v.width <= 960]
        return fitting[-1] if fitting else self.variants[0]


def kind_of(name: str) -> str | None:
    """The format an image's file name says, if it is a photo this module publishes."""
    return EXTENSIONS.get(PurePosixPath(name).suffix.lower())


def _open(data: bytes, name: str) -> Image.Image:
    kind = kind_of(name)
    if kind == "HEIF" and not HEIF:
        raise PhotoError("a HEIC photo, and pillow-heif is not installed: not published")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(f"more than {Image.MAX_IMAGE_PIXELS // 1_000_000} megapixels "
                         "(a decompression bomb?): not published") from None
    except UnidentifiedImageError:
        raise PhotoError("cannot be read as an image (no JPEG, PNG, WebP or HEIC data in it): "
                         "not published") from None
    except Exception as error:  # noqa: BLE001 - a decoder's own error, whatever its class
        raise PhotoError(f"cannot be read as an image ({type(error).__name__}: "
                         f"{' '.join(str(error).split())}): not published") from None
    found = "HEIF" if image.format in ("HEIF", "HEIC", "AVIF") else image.format
    if found != kind:
        raise PhotoError(f"named {PurePosixPath(name).suffix} but holds {image.format or 'no'} "
                         "image data: not published")
    return image


def _shown_size(image: Image.Image) -> tuple[int, int]:
    """Width and height once the EXIF orientation is applied (5 to 8 turn it a quarter)."""
    orientation = image.getexif().get(0x0112, 1)
    return (image.height, image.width) if orientation in (5, 6, 7, 8) else (image.width, image.height)


@contextmanager
def _decoding(what: str = "cannot be decoded"):
    """Any error of Pillow's (or a format plugin's, whatever its class) as a PhotoError:
    a photo that breaks a decoder is named, never a traceback."""
    try:
        yield
    except PhotoError:
        raise
    except Exception as error:  # noqa: BLE001 - a decoder's own error, whatever its class
        raise PhotoError(f"{what} ({type(error).__name__}: {' '.join(str(error).split())}): "
                         "not published") from None


def plan(data: bytes, name: str, widths: tuple[int, ...]) -> Photo:
    """The copies of the image ``data`` (called ``name``) at ``widths``, never upscaled."""
    image = _open(data, name)
    with _decoding():
        width, height = _shown_size(image)
    wanted = sorted(w for w in set(widths) if w < width)
    if width <= max(widths):
        wanted.append(width)  # its own width, when the largest would upscale it
    stem, suffix = PurePosixPath(name).stem, COPY_AS[_open_kind(name)][1]
    variants = tuple(Variant(f"{stem}-{w}w{suffix}", w, max(1, round(height * w / width)))
                     for w in wanted)
    return Photo(name=name, kind=_open_kind(name), width=width, height=height, variants=variants)


def check(data: bytes, name: str, widths: tuple[int, ...]) -> Photo:
    """``plan``, once the whole image has been decoded (a JPEG at an eighth of its size,
    which still reads all its data): a truncated or corrupt photo is refused here, by
    the build and by `diary check` alike, not when its copies are written."""
    photo = plan(data, name, widths)
    image = _open(data, name)
    with _decoding():
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    return photo


def examine(data: bytes, file: str, settings) -> tuple[Photo | None, list[Problem]]:
    """What the build and `diary check` say of the photo ``file`` under ``DIARY["photos"]``
    (``settings``): its copies, or None and the problem that keeps it out; and a
    warning for a HEIC whose original was asked for."""
    try:
        photo = check(data, PurePosixPath(file).name, settings.widths)
    except PhotoError as error:
        return None, [Problem(file=file, message=str(error))]
    if settings.originals and photo.kind == "HEIF":
        return photo, [Problem(file=file, severity="warning", message=HEIC_ORIGINAL)]
    return photo, []


def _open_kind(name: str) -> str:
    return kind_of(name) or "JPEG"


def render(data: bytes, photo: Photo) -> dict[str, bytes]:
    """Each copy's file name and bytes: orientation applied, sRGB, no metadata."""
    image = _open(data, photo.name)
    with _decoding():
        # A JPEG is decoded at the smallest scale (1/2, 1/4, 1/8) still at least as large
        # as the largest copy: a 12-megapixel photo's three copies took 1.7 s, now 1.0 s.
        largest = photo.largest()
        turned = (photo.width, photo.height) != (image.width, image.height)
        image.draft("RGB", (largest.height, largest.width) if turned else (largest.width, largest.height))
        return _encode(photo, _to_srgb(ImageOps.exif_transpose(image)))


def _encode(photo: Photo, image: Image.Image) -> dict[str, bytes]:
    fmt = COPY_AS[photo.kind][0]
    if fmt == "JPEG":
        image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.mode or "transparency" in image.info else "RGB")
    out = {}
    for variant in photo.variants:
        copy = image if (variant.width, variant.height) == image.size else image.resize(
            (variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        # From the pixels alone: no EXIF, XMP, IPTC, ICC, text chunk or comment can follow.
        clean = Image.frombytes(copy.mode, copy.size, copy.tobytes())
        buffer = io.BytesIO()
        clean.save(buffer, fmt, **SAVE_OPTIONS[fmt])
        out[variant.name] = buffer.getvalue()
    return out


_SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: the pixels as they are, still without it


# --- originals, stripped without re-encoding --------------------------------------------------

def strip_original(data: bytes, name: str) -> bytes:
    """The original with every metadata segment or chunk taken out, the image data as is.

    JPEG: APPn segments other than APP0 (JFIF, JFXX), APP2 ICC_PROFILE and APP14 Adobe
    (which says how CMYK is coded) are dropped, and COM comments; EXIF (APP1, with GPS,
    maker notes, serial numbers), XMP (APP1) and IPTC (APP13) with them. PNG: only the
    chunks that draw the image are kept (IHDR, PLTE, IDAT, IEND, transparency, colour
    and gamma, pixel size, animation); tEXt, zTXt, iTXt, eXIf, tIME and any other go.
    WebP: EXIF and XMP chunks go, and their flags. A HEIC is refused.
    """
    kind = kind_of(name)
    try:
        if kind == "JPEG":
            return _strip_jpeg(data)
        if kind == "PNG":
            return _strip_png(data)
        if kind == "WEBP":
            return _strip_webp(data)
    except (struct.error, IndexError, ValueError) as error:
        raise PhotoError(f"cannot be stripped: not a well-formed {kind} file ({error})") from None
    raise PhotoError(HEIC_ORIGINAL)


def _strip_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise ValueError("no start of image")
    out, at = bytearray(data[:2]), 2
    while at < len(data):
        if data[at] != 0xFF:
            raise ValueError(f"no marker at byte {at}")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length
            out += data[at:at + 2]
            at += 2
            continue
        if marker == 0xD9:  # end of image
            out += data[at:at + 2]
            return bytes(out)
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        segment = data[at:at + 2 + length]
        if len(segment) != 2 + length:
            raise ValueError("a segment runs past the end")
        body = segment[4:]
        keep = not (0xE0 <= marker <= 0xEF or marker == 0xFE) or (
            (marker == 0xE0 and body[:5] in (b"JFIF\x00", b"JFXX\x00"))
            or (marker == 0xE2 and body[:12] == b"ICC_PROFILE\x00")
            or (marker == 0xEE and body[:5] == b"Adobe"))
        if keep:
            out += segment
        at += 2 + length
        if marker == 0xDA:  # start of scan: the entropy-coded data and the rest, as is
            out += data[at:]
            return bytes(out)
    raise ValueError("no start of scan")


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP",
             b"sBIT", b"cICP", b"mDCV", b"cLLI", b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT"}


def _strip_png(data: bytes) -> bytes:
    if data[:8] != _PNG_SIGNATURE:
        raise ValueError("no PNG signature")
    out, at = bytearray(_PNG_SIGNATURE), 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        chunk = data[at:at + 12 + length]
        if len(chunk) != 12 + length:
            raise ValueError("a chunk runs past the end")
        if chunk[4:8] in _PNG_KEEP:
            out += chunk
        at += 12 + length
        if chunk[4:8] == b"IEND":
            return bytes(out)
    raise ValueError("no IEND chunk")


def _strip_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("no RIFF WEBP header")
    chunks, at, end = [], 12, 8 + struct.unpack("<I", data[4:8])[0]
    while at < min(end, len(data)):
        fourcc, size = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
        chunk = data[at:at + 8 + size + (size & 1)]
        if len(chunk) < 8 + size:
            raise ValueError("a chunk runs past the end")
        if fourcc not in (b"EXIF", b"XMP "):
            if fourcc == b"VP8X":  # clear the flags that say EXIF (0x08) and XMP (0x04) follow
                chunk = chunk[:8] + bytes([chunk[8] & ~0x0C]) + chunk[9:]
            chunks.append(chunk)
        at += len(chunk)
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# --- pages: each <img> of a photo given its copies ----------------------------------------------

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def _attributes(tag: str) -> list[tuple[str, str | None]]:
    inner = tag[4:].rstrip(">").rstrip("/")
    return [(m.group(1).lower(), next((g for g in m.groups()[1:] if g is not None), None))
            for m in _ATTRIBUTE.finditer(inner)]


def rewrite_images(text: str, lookup: Callable[[str], Photo | None]) -> str:
    """Each ``<img>`` whose ``src`` is a photo (``lookup(src)``, the URL as written, HTML
    entities decoded) with the copies' ``srcset``, ``sizes``, the size of its copy, lazy
    loading and async decoding; ``alt`` and every other attribute kept."""
    def one(match: re.Match) -> str:
        attributes = _attributes(match.group(0))
        src = next((value for key, value in attributes if key == "src"), None)
        photo = lookup(html.unescape(src)) if src else None
        if photo is None:
            return match.group(0)
        folder = html.unescape(src).rsplit("/", 1)[0] + "/" if "/" in src else ""
        default = photo.default()
        ours = {"src": folder + default.name,
                "srcset": ", ".join(f"{folder}{v.name} {v.width}w" for v in photo.variants),
                "sizes": SIZES, "width": str(default.width), "height": str(default.height),
                "loading": "lazy", "decoding": "async"}
        kept = [(key, value) for key, value in attributes if key not in ours]
        parts = [key if value is None else f'{key}="{html.escape(html.unescape(value))}"'
                 for key, value in kept]
        parts += [f'{key}="{html.escape(value)}"' for key, value in ours.items()]
        return "<img " + " ".join(parts) + ">"

    return _IMG.sub(one, text)


def replace_sources(text: str, lookup: Callable[[str], Photo | None]) -> str:
    """Every quoted URL in ``text`` (a feed's escaped HTML too) that is a photo, swapped
    for its largest copy: a feed reader gets no srcset, and the original is not there."""
    def one(match: re.Match) -> str:
        url = match.group(2)
        photo = lookup(html.unescape(url))
        if photo is None:
            return match.group(0)
        folder = url.rsplit("/", 1)[0] + "/" if "/" in url else ""
        return f"{match.group(1)}{folder}{photo.largest().name}{match.group(1)}"

    return re.sub(r"""(["'])([^"'<>\s]+?\.(?:jpe?g|png|webp|heic|heif))\1""", one, text,
                  flags=re.IGNORECASE)
