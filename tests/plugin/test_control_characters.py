"""Control characters in a post, and Markdown's leaked placeholders, in a real build."""

from __future__ import annotations

import subprocess
from pathlib import Path
import pytest

from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]
CONTROL = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), *range(0x7f, 0xa0))]

TYPED = ("---\ntitle: \"A bell\\a in the title\"\ndate: 2024-03-03\ntags: [calves\\x85]\n"
         "summary: \"Easy\\x1b run\"\n---\nA bell \x07 and a next line \x85 in the text.\n")
# Python-Markdown 3.x leaks its placeholders for a link with an escape inside an image's text.
LEAKY = "---\ntitle: Linked chart\ndate: 2024-03-04\n---\n![see [$a\\_b$](https://example.org)](chart.png)\n"


def build(tmp_path: Path, conf: str, posts: dict[str, str]) -> tuple[subprocess.CompletedProcess, Path]:
    """POSTS under content/2024, built with CONF in an environment of its own (a thin wrapper)."""
    return build_site(tmp_path / "content", tmp_path / "out", conf=conf, inherit_env=False,
                      files={f"2024/{name}": text for name, text in posts.items()},
                      env={"SITEURL": "https://example.org"})


def written_text(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in out.rglob("*")
            if p.is_file() and p.suffix in (".html", ".xml", ".json", ".csv")}


@pytest.mark.slow
def test_typed_control_characters_never_reach_a_page_or_feed(tmp_path):
    result, out = build(tmp_path, "publishconf.py", {"bell.md": TYPED})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "2024/bell.md: control characters taken out of the post" in result.stderr
    assert "U+0007, U+001B, U+0085" in result.stderr
    texts = written_text(out)
    assert "feeds/all.atom.xml" in texts and "2024/03/a-bell-in-the-title/index.html" in texts
    for name, text in texts.items():
        assert not any(c in text for c in CONTROL), name
    assert "A bell in the title" in texts["feeds/all.atom.xml"]


@pytest.mark.slow
def test_a_leaked_placeholder_fails_the_publish_and_is_taken_out_of_the_dev_build(tmp_path):
    result, _ = build(tmp_path / "publish", "publishconf.py", {"chart.md": LEAKY})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "2024/chart.md: Python-Markdown left 1 placeholder of its own" in result.stderr

    result, out = build(tmp_path / "dev", "pelicanconf.py", {"chart.md": LEAKY})
    assert result.returncode == 0
    page = (out / "2024" / "03" / "linked-chart" / "index.html").read_text(encoding="utf-8")
    assert 'alt="see ' in page and "klzzwxh" not in page  # what the placeholder stood for is gone, and said


def test_a_feed_is_cleaned_as_it_is_written_whatever_put_the_character_there():
    """The last guard: text that reached a feed by another road (a setting, another plugin)."""
    import io

    import pytest
    from feedgenerator import Atom1Feed
    from feedgenerator.django.utils.xmlutils import UnserializableContentError

    from pelican.plugins.running_diary.plugin.controls import clean_feed

    def feed():
        made = Atom1Feed(title="Tight\x07 calves", link="https://example.org/", description="d")
        made.add_item(title="Run\x1b", link="https://example.org/a/", description="<p>x\x85</p>",
                      categories=("calves\x02",))
        return made

    with pytest.raises(UnserializableContentError):  # what crashed the publish build
        feed().write(io.StringIO(), "utf-8")
    cleaned = feed()
    clean_feed(cleaned)
    written = io.StringIO()
    cleaned.write(written, "utf-8")
    assert "<title>Tight calves</title>" in written.getvalue()
    assert "<title>Run</title>" in written.getvalue() and 'term="calves"' in written.getvalue()


def test_diary_check_names_a_leaked_placeholder_as_the_publish_build_does(tmp_path, monkeypatch, capsys):
    """The same error line as the publish build above, so check's verdict is publish's
    (it reads the body with Python-Markdown, which leaks the same way without the site's
    extensions); typed control characters are the same warning."""
    from pelican.plugins.running_diary.cli import main as cli

    (tmp_path / "content" / "2024").mkdir(parents=True)
    (tmp_path / "pelicanconf.py").write_text((REPO / "pelicanconf.py").read_text(encoding="utf-8"))
    (tmp_path / "content" / "2024" / "chart.md").write_text(LEAKY, encoding="utf-8")
    (tmp_path / "content" / "2024" / "bell.md").write_text(
        "---\ntitle: A bell\ndate: 2024-03-03\n---\nA bell \x07 in the text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check"]) == 1
    out = capsys.readouterr()
    said = out.out + out.err
    assert "content/2024/chart.md: Python-Markdown left 1 placeholder of its own in the page" in said
    assert "content/2024/bell.md: control characters taken out of the post" in said and "U+0007" in said
    assert "1 error" in said
