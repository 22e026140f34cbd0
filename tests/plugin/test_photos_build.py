"""A site built with phone photos in content/images: no original, no metadata, each <img>
with its copies (issue 19, item 6). Before, the JPEG was published byte-identical, with
its GPS position."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.helpers import build_site, conf_file, write_files
from tests.render.test_photos import TELLTALES, make

REPO = Path(__file__).resolve().parents[2]
DIARY = Path(sys.executable).with_name("diary")
POST = """---
title: Photo finish
date: 2024-04-18 21:00
category: Training
---

![The finish line]({static}/images/finish.jpg)

<img src="{static}/images/chart.png" alt="The weekly chart">

![Track]({static}/images/track.webp) ![Phone]({static}/images/phone.heic)

[The finish, full size]({static}/images/finish.jpg)
"""


def build(tmp_path: Path, *, photos: dict | None = None, strict: bool = False,
          extra: dict[str, bytes] | None = None, output: str = "output") -> tuple[subprocess.CompletedProcess, Path]:
    """Build a site of one post with four photos (made once: a second call builds it again).

    A thin wrapper of build_site: the photo settings are keys added to the site's DIARY
    dict, which Pelican's `-e` (a whole setting) cannot say, so they go in a settings file."""
    site = tmp_path / "site"
    if not (site / "conf.py").exists():
        photo_files = dict(make(kind) for kind in ("jpg", "png", "webp", "heic"))
        write_files(site / "content", {"post.md": POST, **{f"images/{name}": data for name, data
                                                           in {**photo_files, **(extra or {})}.items()}})
        conf_file(site / "conf.py", extra=f"DIARY = {{**DIARY, 'strict': {strict}"
                  + (f", 'photos': {photos!r}" if photos is not None else "") + "}")
    return build_site(site / "content", site / output, conf=site / "conf.py", timeout=180)


def published_images(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "images").iterdir())}


@pytest.mark.slow
def test_photos_are_published_as_copies_without_metadata(tmp_path):
    done, out = build(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    files = published_images(out)
    # 48 x 64 once turned: its own width is under 480, so one copy each, at 48 px.
    assert sorted(files) == ["chart-48w.png", "finish-48w.jpg", "phone-48w.jpg", "track-48w.webp"]
    for name, data in files.items():
        assert not [t for t in TELLTALES if t in data], name
        assert not Image.open(out / "images" / name).getexif(), name
    page = BeautifulSoup((out / "2024/04/photo-finish/index.html").read_text(), "html.parser")
    images = {img["alt"]: img for img in page.select(".entry-body img")}
    assert set(images) == {"The finish line", "The weekly chart", "Track", "Phone"}
    finish = images["The finish line"]
    assert finish["src"] == "../../../images/finish-48w.jpg"
    assert finish["srcset"] == "../../../images/finish-48w.jpg 48w"
    assert (finish["width"], finish["height"], finish["loading"], finish["decoding"]) == \
        ("48", "64", "lazy", "async")
    assert finish["sizes"]
    # A link to the photo itself names its largest copy: the original is not there.
    assert page.find("a", string="The finish, full size")["href"] == "../../../images/finish-48w.jpg"
    # Every src and srcset on every page names a file that was written.
    for html in out.rglob("*.html"):
        for img in BeautifulSoup(html.read_text(), "html.parser").find_all("img"):
            for url in [img["src"], *(part.split()[0] for part in img.get("srcset", "").split(",") if part)]:
                assert (html.parent / url).resolve().is_file(), (html, url)


@pytest.mark.slow
def test_originals_when_asked_are_stripped_and_a_heic_one_is_not_published(tmp_path):
    done, out = build(tmp_path, photos={"originals": True, "widths": [16, 32]})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "content/images/phone.heic: a HEIC original cannot be stripped" in done.stderr
    files = published_images(out)
    assert sorted(files) == ["chart-16w.png", "chart-32w.png", "chart.png", "finish-16w.jpg",
                             "finish-32w.jpg", "finish.jpg", "phone-16w.jpg", "phone-32w.jpg",
                             "track-16w.webp", "track-32w.webp", "track.webp"]
    for name, data in files.items():
        assert not [t for t in TELLTALES if t in data], name
    _, original = make("jpg")
    assert files["finish.jpg"] != original
    assert Image.open(out / "images/finish.jpg").tobytes() == Image.open(
        tmp_path / "site/content/images/finish.jpg").tobytes()


def truncated_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(out, "JPEG")
    return out.getvalue()[:20_000]  # the header whole, the image data cut short


BROKEN = {"broken.jpg": b"\xff\xd8 not really a JPEG", "cut.jpg": None}
SAID = ["content/images/broken.jpg: cannot be read as an image (no JPEG, PNG, WebP or HEIC data in it): not published",
        "content/images/cut.jpg: cannot be decoded (OSError: image file is truncated"]


@pytest.mark.slow
def test_an_image_that_cannot_be_read_is_named_never_copied_and_stops_the_publish_build(tmp_path):
    broken = {**BROKEN, "cut.jpg": truncated_jpeg()}
    done, out = build(tmp_path, extra=broken)
    assert done.returncode == 0, done.stdout + done.stderr
    assert all(line in done.stderr for line in SAID), done.stderr
    assert not {"broken.jpg", "cut.jpg", "cut-48w.jpg"} & set(published_images(out))
    strict, _ = build(tmp_path / "strict", strict=True, extra=broken)
    assert strict.returncode != 0
    assert all(line in strict.stderr for line in SAID)
    assert "Traceback" not in done.stderr + strict.stderr


@pytest.mark.slow
def test_diary_check_says_what_the_build_says_of_photos(tmp_path):
    build(tmp_path, extra={**BROKEN, "cut.jpg": truncated_jpeg()})
    site = tmp_path / "site"
    done = subprocess.run([str(DIARY), "check", "--content", "content", "--conf", "conf.py"], cwd=site,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert [line.split("(")[0] for line in lines] == [said.split("(")[0] for said in SAID]
    assert "1 post and 6 photos checked: 2 errors, 0 warnings" in done.stderr
    for name in BROKEN:
        (site / "content/images" / name).unlink()
    done = subprocess.run([str(DIARY), "check", "--content", "content", "--conf", "conf.py"], cwd=site,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 post and 4 photos checked: 0 errors, 0 warnings" in done.stderr


@pytest.mark.slow
def test_two_builds_write_the_same_photos(tmp_path):
    first = published_images(build(tmp_path, photos={"originals": True, "widths": [16, 32]})[1])
    # The second build takes its copies from CACHE_PATH: the same bytes as written.
    cached = sorted(p.name for p in (tmp_path / "site/cache/diary-photos").rglob("*") if p.is_file())
    assert cached == sorted(name for name in first if "w." in name)
    second = published_images(build(tmp_path, output="again")[1])
    assert len(first) == 11 and first == second
