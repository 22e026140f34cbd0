"""`diary privacy check OUTPUT` (issue 19, item 7): it passes a site the build made, and
fails on each leak put back by hand: a route as the post holds it in diary.json, a drawing
of something else, a photo with its GPS or XMP, a draft's words in the search index, a
link to a draft. And `diary privacy init` never overwrites."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from pelican.plugins.running_diary.cli import main as cli
from pelican.plugins.running_diary.core import privacy, settings as settings_mod
from pelican.plugins.running_diary.ingest import published

from tests.conftest import REPO
from tests.core.test_privacy import HOME, SALT, loops_from_home
from tests.plugin.test_privacy_build import PUBLISH, write_posts
from tests.helpers import build_site

PRIVATE = f'salt = "{SALT}"\n[[zones]]\nlat = {HOME[0]}\nlon = {HOME[1]}\nradius_m = 500\n'
DRAFT = ("---\ntitle: Not ready to say it yet\ndate: 2024-04-20 20:00\nstatus: draft\n---\n\n"
         "The physio thinks the calf will hold if I keep the long holds every single day.\n")


@pytest.fixture(scope="module")
def zoned_site(tmp_path_factory) -> Path:
    """Three loops from the door (zoned in private.toml), a draft, and the built output."""
    root = tmp_path_factory.mktemp("privacy-check")
    write_posts(root / "content", loops_from_home(3))
    (root / "content" / "2024-04-20-draft.md").write_text(DRAFT)
    shutil.copy(REPO / "pelicanconf.py", root / "pelicanconf.py")
    (root / "private.toml").write_text(PRIVATE)
    build_site(root / "content", root / "built", in_process=True, settings=dict(
        DIARY_PRIVATE_FILE=str(root / "private.toml"), DRAFT_SAVE_AS="", DRAFT_LANG_SAVE_AS="",
        **PUBLISH))  # as publishconf.py: no drafts/
    return root


@pytest.fixture
def output_to_spoil(zoned_site, tmp_path) -> Path:
    """A fresh copy of the built site, to spoil."""
    return Path(shutil.copytree(zoned_site / "built", tmp_path / "out"))


def check(zoned_site: Path, output_to_spoil: Path) -> published.Report:
    rule = privacy.load_private(settings_mod.from_dict(None).privacy, zoned_site / "private.toml", environ={})
    settings = settings_mod.from_dict({"privacy": rule})
    return published.check(output_to_spoil, sorted((zoned_site / "content").glob("*.md")), settings)


def test_the_built_site_passes_with_its_summary_line(zoned_site, output_to_spoil, capsys, monkeypatch):
    report = check(zoned_site, output_to_spoil)
    assert report.failures == []
    assert report.line() == "3 routes, 1 zone, 0 points inside, 0 photos without metadata, 0 drafts"
    monkeypatch.chdir(zoned_site)
    assert cli.main(["privacy", "check", str(output_to_spoil)]) == 0
    assert capsys.readouterr().out.strip().endswith("3 routes, 1 zone, 0 points inside, "
                                                    "0 photos without metadata, 0 drafts")


def test_a_route_as_the_post_holds_it_in_diary_json_fails(zoned_site, output_to_spoil):
    data = json.loads((output_to_spoil / "diary.json").read_text())
    held = (zoned_site / "content" / "2024-04-01-loop.md").read_text().split("route: '")[1].split("'")[0]
    data["training"][0]["route"] = held
    (output_to_spoil / "diary.json").write_text(json.dumps(data))
    report = check(zoned_site, output_to_spoil)
    assert report.points_inside > 0
    assert any("diary.json: training[0].route is not what the privacy rule gives" in f for f in report.failures)
    assert any("as the post holds it" in f for f in report.failures)


def test_a_drawing_of_anything_else_fails(zoned_site, output_to_spoil):
    page = output_to_spoil / "2024" / "04" / "loop-0" / "index.html"
    text = page.read_text()
    page.write_text(re.sub(r'(class="route-svg".*?<path d=")M(\d+)', r"\1M1\2", text, count=1, flags=re.S))
    report = check(zoned_site, output_to_spoil)
    assert report.failures == ["2024/04/loop-0/index.html: a route drawing that is not what the "
                               "privacy rule allows for any post"]


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 4.0), 3: "W", 4: (0.0, 7.0, 24.0)})
    return exif.tobytes()


def test_photos_with_a_position_fail_and_clean_ones_are_counted(zoned_site, output_to_spoil):
    images = output_to_spoil / "images"
    images.mkdir()
    Image.new("RGB", (8, 8), "red").save(images / "clean.jpg")
    Image.new("RGB", (8, 8), "red").save(images / "clean.webp")
    Image.new("RGB", (8, 8), "red").save(images / "phone.jpg", exif=gps_exif())
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.07N"/>'
           b"</rdf:RDF></x:xmpmeta>")
    Image.new("RGB", (8, 8), "red").save(images / "edited.jpg", xmp=xmp)
    report = check(zoned_site, output_to_spoil)
    assert sorted(report.failures) == ["images/edited.jpg: has XMP metadata, which can hold a position",
                                       "images/phone.jpg: has a GPS position in its EXIF"]
    assert report.photos_clean == 2


def test_a_drafts_words_in_the_search_index_fail(zoned_site, output_to_spoil):
    fragments = output_to_spoil / "pagefind" / "fragment"
    fragments.mkdir(parents=True, exist_ok=True)
    body = {"url": "/x/", "content": "the calf will hold if I keep the long holds every single day."}
    (fragments / "en_0a1b2c.pf_fragment").write_bytes(gzip.compress(json.dumps(body).encode()))
    report = check(zoned_site, output_to_spoil)
    assert report.drafts == 1
    assert report.failures == ['pagefind/fragment/en_0a1b2c.pf_fragment: holds words of the draft '
                               f'{zoned_site / "content" / "2024-04-20-draft.md"} '
                               '("the calf will hold if i keep the")']


def test_a_link_to_a_draft_fails(zoned_site, output_to_spoil):
    page = output_to_spoil / "2024" / "04" / "loop-1" / "index.html"
    page.write_text(page.read_text().replace("A loop from the door.",
                                             '<a href="/drafts/not-ready-to-say-it-yet.html">soon</a>'))
    report = check(zoned_site, output_to_spoil)
    assert report.drafts == 1 and "links the draft" in report.failures[0]


def test_the_command_fails_with_one_line_each_and_the_summary(zoned_site, output_to_spoil, capsys, monkeypatch):
    Image.new("RGB", (8, 8)).save(output_to_spoil / "phone.jpg", exif=gps_exif())
    monkeypatch.chdir(zoned_site)
    assert cli.main(["privacy", "check", str(output_to_spoil)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["phone.jpg: has a GPS position in its EXIF",
                                         "3 routes, 1 zone, 0 points inside, 0 photos without metadata, 0 drafts"]


def test_init_writes_private_toml_once(tmp_path, capsys, monkeypatch):
    shutil.copy(REPO / "pelicanconf.py", tmp_path / "pelicanconf.py")
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    assert cli.main(["privacy", "init"]) == 0
    text = (tmp_path / "private.toml").read_text()
    assert oct(os.stat(tmp_path / "private.toml").st_mode & 0o777) == "0o600"
    assert len(privacy.parse_private(text, "private.toml")[0]) == 64
    assert "[[zones]]" in capsys.readouterr().err
    assert cli.main(["privacy", "init"]) == 1  # never over the salt that every build used
    assert (tmp_path / "private.toml").read_text() == text
    assert "private.toml" in (REPO / ".gitignore").read_text().splitlines()


def test_init_keeps_private_toml_out_of_git(tmp_path, capsys, monkeypatch):
    """A site made by another quickstart has no .gitignore line for it: init adds one, once,
    and leaves a .gitignore alone where git already ignores the file."""
    site = tmp_path / "elsewhere"
    (site / "content").mkdir(parents=True)
    shutil.copy(REPO / "pelicanconf.py", site / "pelicanconf.py")
    (site / ".gitignore").write_text("output/")  # no newline at its end
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    monkeypatch.chdir(site)
    assert cli.main(["privacy", "init"]) == 0
    assert "added to .gitignore: never commit it" in capsys.readouterr().err
    assert (site / ".gitignore").read_text().splitlines() == [
        "output/", "# the diary's private zones and salt (diary privacy init)", "/private.toml"]
    checked = subprocess.run(["git", "check-ignore", "-q", "private.toml"], cwd=site)
    assert checked.returncode == 0  # git now ignores it
    status = subprocess.run(["git", "status", "--porcelain"], cwd=site, capture_output=True, text=True)
    assert "private.toml" not in status.stdout

    again = tmp_path / "ignored-already"
    (again / "content").mkdir(parents=True)
    shutil.copy(REPO / "pelicanconf.py", again / "pelicanconf.py")
    (again / ".gitignore").write_text("*.toml\n")
    subprocess.run(["git", "init", "-q"], cwd=again, check=True)
    monkeypatch.chdir(again)
    assert cli.main(["privacy", "init"]) == 0
    assert "git ignores it: never commit it" in capsys.readouterr().err
    assert (again / ".gitignore").read_text() == "*.toml\n"


def test_diary_check_refuses_a_zone_in_pelicanconf_as_publish_does(tmp_path, capsys, monkeypatch):
    conf = (REPO / "pelicanconf.py").read_text()
    zone = f'"privacy": {{"trim_m": 200, "zones": [{{"lat": {HOME[0]}, "lon": {HOME[1]}, "radius_m": 500}}]}},'
    (tmp_path / "pelicanconf.py").write_text(conf.replace('"privacy": {"trim_m": 200},', zone))
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check"]) == 1
    assert ("pelicanconf.py: DIARY['privacy']['zones']: home coordinates in a committed file: "
            "move them to private.toml") in capsys.readouterr().out
