"""The theme as a stranger gets it: installed with `pelican-themes`, then named by THEME,
with or without the diary plugin; and its menu settings (theme/README.md).

`pelican-themes` copies a theme into the installed Pelican's own themes folder. So as
not to write into the shared environment, it runs here in a child Python whose
`_THEMES_PATH` (the module's one name for that folder) is a throwaway one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]
POST = """---
title: A run
date: 2024-04-18
category: Races
training:
  - {distance: 6 km, time: "34:30"}
---

Calves better.
"""
# pelican-themes with its themes folder moved: argv[1] is the folder, the rest its arguments.
PELICAN_THEMES = ("import sys; from pelican.tools import pelican_themes as t; "
                  "t._THEMES_PATH = sys.argv[1]; sys.argv = ['pelican-themes', *sys.argv[2:]]; t.main()")


def pelican_themes(themes: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PELICAN_THEMES, str(themes), *args],
                          capture_output=True, text=True, timeout=120, check=True)


def nav(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [a.get_text(strip=True) for a in soup.select("nav.site-nav a")]


@pytest.mark.slow
@pytest.mark.parametrize("plugins", [[], ["running_diary"]], ids=["no plugin", "diary"])
def test_the_theme_installs_with_pelican_themes_and_themes_a_strangers_site(tmp_path, plugins):
    themes = tmp_path / "themes"
    themes.mkdir()
    # Under another name than its folder's: `theme` says nothing in a list of themes.
    named = tmp_path / "tight-calves"
    subprocess.run(["cp", "-r", str(REPO / "theme"), str(named)], check=True)
    log = pelican_themes(themes, "-i", str(named), "-v")
    assert f"Copying '{named}' to '{themes / 'tight-calves'}'" in log.stdout
    assert pelican_themes(themes, "-l").stdout.split() == ["tight-calves"]
    installed = themes / "tight-calves"
    assert (installed / "templates" / "base.html").is_file() and (installed / "README.md").is_file()

    # A site of Pelican's defaults but for THEME (and the plugin, in one of the two runs).
    conf = tmp_path / "conf.py"
    conf.write_text(f"THEME = {str(installed)!r}\nPLUGIN_PATHS = [{str(REPO / 'plugins')!r}]\n"
                    f"PLUGINS = {plugins!r}\nSITENAME = 'A stranger'\nTIMEZONE = 'UTC'\nSITEURL = 'https://example.org'\n", encoding="utf-8")
    result, out = build_site(tmp_path / "content", tmp_path / "out", files={"2024/run.md": POST},
                             conf=conf)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr and "ERROR" not in result.stdout + result.stderr

    post = BeautifulSoup((out / "a-run.html").read_text(encoding="utf-8"), "html.parser")
    assert post.select_one("link[rel=stylesheet]")["href"].endswith("theme/css/main.css")
    assert (out / "theme" / "css" / "main.css").read_bytes() == (REPO / "theme/static/css/main.css").read_bytes()
    assert post.select_one("article.entry h1").get_text() == "A run"
    # Pelican's DISPLAY_CATEGORIES_ON_MENU is True unless a site says otherwise.
    expected = ["Diary", "Archives", "Tags", "Races"]
    if plugins:
        expected[1:1] = ["Training", "Routes", "Stretching", "Recovery"]
        assert post.select_one("table#log-training") is not None  # in the theme's own place
        assert (out / "training" / "index.html").is_file()
    assert nav(out / "a-run.html") == expected
    assert nav(out / "index.html") == expected


def test_pelican_themes_can_link_the_theme_instead(tmp_path):
    """`pelican-themes -s`: a symbolic link to the working copy, for a theme being edited."""
    themes = tmp_path / "themes"
    themes.mkdir()
    pelican_themes(themes, "-s", str(REPO / "theme"))
    assert (themes / "theme").is_symlink() and (themes / "theme").resolve() == REPO / "theme"


def build(tmp_path: Path, **overrides) -> Path:
    """The sample site's settings (pelicanconf.py) on POST, in this process, with OVERRIDES:
    a thin wrapper, as each menu test below differs only by a setting."""
    return build_site(tmp_path / "content", tmp_path / "out", files={"2024/run.md": POST},
                      settings=overrides, in_process=True).out


def test_the_sample_sites_menu_has_the_diary_pages_and_no_categories(tmp_path):
    out = build(tmp_path)
    assert nav(out / "index.html") == ["Diary", "Training", "Routes", "Stretching", "Recovery",
                                       "Archives", "Tags", "Search"]


def test_display_categories_on_menu_puts_the_categories_in_the_menu(tmp_path):
    out = build(tmp_path, DISPLAY_CATEGORIES_ON_MENU=True)
    for page in ("index.html", "2024/04/a-run/index.html", "training/index.html"):
        assert nav(out / page)[-2:] == ["Races", "Search"], page
    soup = BeautifulSoup((out / "category/races/index.html").read_text(encoding="utf-8"), "html.parser")
    here = soup.select_one("nav.site-nav a[aria-current=page]")
    assert (here.get_text(), here["href"]) == ("Races", "../../category/races/")


def test_diary_menu_false_leaves_the_diary_pages_out_of_the_menu_but_writes_them(tmp_path):
    conf = read_settings(str(REPO / "pelicanconf.py"))
    out = build(tmp_path, DIARY={**conf["DIARY"], "menu": False})
    assert nav(out / "index.html") == ["Diary", "Archives", "Tags", "Search"]
    assert nav(out / "2024/04/a-run/index.html") == ["Diary", "Archives", "Tags", "Search"]
    for name in ("training", "routes", "stretching", "recovery"):
        page = BeautifulSoup((out / name / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.find("h1").get_text(strip=True) == name.capitalize()
        assert "Training" not in nav(out / name / "index.html")
