"""Only content is published: nothing whose name starts with a dot, or that sits under a
folder whose name does, reaches the output, wherever it sits (the contract, "Drafts and
privacy"). A real `pelican` build of a content folder salted with such files.

Pelican 4.12's default IGNORE_FILES, "**/.*", is matched against a file's or a
folder's bare name, which has no "/": it matches nothing, and images/.env was
copied. pelicanconf.py sets ".*"; the diary plugin also drops a dot-file that a
post links with {static}, which Pelican copies whatever IGNORE_FILES says.
`.well-known/` is no exception: the contract says nothing, so it is not published.
Everything else under content/images is published: a plain file put there is content.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pelican.plugins.running_diary.cli import main as cli

from tests.helpers import build_site, conf_file

REPO = Path(__file__).resolve().parents[2]

POST = "---\ntitle: {title}\ndate: 2024-05-0{day}\n---\n\n{words}\n"

SALT = {
    "images/.env": "SECRET_TOKEN=hunter2\n",
    "images/.git/config": "[remote]\n\turl = secret\n",
    "images/secrets/.hidden/key": "-----BEGIN KEY-----\n",
    "images/.DS_Store": "junk\n",
    ".well-known/security.txt": "Contact: mailto:x@example.org\n",
    ".draft-notes.md": POST.format(title="Dot draft", day=1, words="dotdraftwords"),
    "2024/.drafts/hidden.md": POST.format(title="Under a dot folder", day=2, words="dotfolderwords"),
    # What a kill -9 during `diary import` leaves beside a post.
    "2024/.2024-05-03-open.md.k3x9q2ab.tmp": POST.format(title="Half", day=3, words="tmpwords"),
}
PUBLISHED = {
    "images/secrets.txt": "a plain file in images/ is content\n",
    # An image other than a photo is published as it is (a photo is published as resized
    # copies: tests/plugin/test_photos_build.py).
    "images/map.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n',
    "2024/2024-05-03-open.md": POST.format(
        title="Open", day=3, words="[env]({static}/images/.env) and ![ok]({static}/images/map.svg)"),
}


def salted_content(root: Path, extra_static: list[str] | None = None) -> Path:
    content = root / "content"
    for name, text in {**SALT, **PUBLISHED}.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (content / "extra").mkdir()
    (content / "extra" / "robots.txt").write_text((REPO / "content/extra/robots.txt").read_text())
    return content


def build(tmp_path: Path, conf: str, extra: str = "") -> tuple[Path, subprocess.CompletedProcess]:
    """The salted content built with CONF (its module name) and EXTRA settings, which must
    succeed (a thin wrapper of build_site: EXTRA is Python, as STATIC_PATHS is added to)."""
    done, out = build_site(salted_content(tmp_path), tmp_path / "output", cwd=REPO, timeout=120,
                           conf=conf_file(tmp_path / "conf.py", base=conf, extra=extra),
                           env={"SITEURL": "https://example.org/diary"})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out, done


def everything(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*"))


@pytest.mark.slow
@pytest.mark.parametrize("conf", ["pelicanconf", "publishconf"])
def test_no_dot_file_or_folder_is_published(tmp_path, conf):
    out, done = build(tmp_path, conf)
    files = everything(out)
    dotted = [f for f in files if any(part.startswith(".") for part in Path(f).parts)]
    assert dotted == []
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            text = path.read_text(errors="replace")
            for secret in ("hunter2", "dotdraftwords", "dotfolderwords", "tmpwords", "BEGIN KEY"):
                assert secret not in text, (path, secret)
    # Content is published: a plain file in images/, and the post that links it.
    assert (out / "images/secrets.txt").read_text() == PUBLISHED["images/secrets.txt"]
    assert (out / "images/map.svg").exists()
    assert (out / "2024/05/open/index.html").exists()
    assert not (out / "2024/05/dot-draft").exists()
    # The post's link to the dot-file leads nowhere, and the build said why.
    page = (out / "2024/05/open/index.html").read_text()
    assert "images/.env" not in page.replace("{static}/images/.env", "")
    assert "not publishing images/.env" in " ".join((done.stdout + done.stderr).split())


@pytest.mark.slow
def test_well_known_is_not_published_even_when_listed_as_static(tmp_path):
    out, _ = build(tmp_path, "pelicanconf",
                   extra='STATIC_PATHS = ["images", ".well-known", "images/.git"]')
    files = everything(out)
    assert not [f for f in files if ".well-known" in f or "security.txt" in f or ".git" in f]
    assert "images/secrets.txt" in files


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_diary_check_and_stats_read_what_the_build_reads(tmp_path, monkeypatch, capsys):
    salted_content(tmp_path)
    (tmp_path / "pelicanconf.py").write_text((REPO / "pelicanconf.py").read_text())
    bad = POST.format(title="Bad", day=4, words="x").replace(
        "---\n\n", "training:\n  - {distance: 5 km, time: '45:72'}\n---\n\n")
    (tmp_path / "content/.draft-notes.md").write_text(bad)
    (tmp_path / "content/2024/.drafts/hidden.md").write_text(bad)
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "check")
    assert status == 0, out
    assert "1 post checked: 0 errors, 0 warnings" in err  # 2024-05-03-open.md alone
    # Named on the command line, a dot-file is checked: the author asked for it.
    status, out, err = run(capsys, "check", "content/.draft-notes.md")
    assert status == 1 and "content/.draft-notes.md" in out
    status, out, err = run(capsys, "stats", "--month", "--date", "2024-05-04")
    assert status == 0 and "invalid" not in err
