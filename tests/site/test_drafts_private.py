"""Drafts and privacy, as the contract says: a publish build writes no draft anywhere
(pages, feeds, sitemap, search index, data files), a hidden page is reachable but
listed nowhere, and the three ways of saying "draft" all work. The whole output is
searched for words that appear only in drafts, Pagefind's compressed fragments too."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]

SECRETS = ["zanzibarstatus", "quokkadrafttrue", "ocelotunpublished", "pangolinhiddenpage", "axolotldraftpage"]

POSTS = {
    "2024/public.md": "---\ntitle: A public run\ndate: 2024-04-18\ntags: [running]\ntraining:\n"
                      "  - {distance: 6 km, time: \"34:30\"}\n---\nEveryone may read this.\n",
    "2024/status.md": "---\ntitle: Status draft\ndate: 2024-04-19\nstatus: draft\ntags: [zanzibarstatus]\n"
                      "training:\n  - {distance: 7 km, time: \"40:00\", notes: zanzibarstatus}\n---\nzanzibarstatus\n",
    "2024/jekyll.md": "---\ntitle: Jekyll draft quokkadrafttrue\ndate: 2024-04-20\ndraft: true\n"
                      "training:\n  - {distance: 8 km, time: \"45:00\"}\n---\nquokkadrafttrue body\n",
    "2024/hugo.md": "---\ntitle: Unpublished\ndate: 2024-04-21\npublished: false\n"
                    "soreness:\n  - {area: ocelotunpublished, score: 3}\n---\nocelotunpublished body\n",
    "pages/hidden.md": "---\ntitle: Hidden\nstatus: hidden\n---\npangolinhiddenpage words\n",
    "pages/draftpage.md": "---\ntitle: Draft page\nstatus: draft\n---\naxolotldraftpage words\n",
}
# Jekyll's and YAML 1.1's spellings of true and false, any case, quoted or not: each a
# draft with a word of its own (these were published in 9 files each before).
SPELLINGS = ["draft: yes", "draft: On", 'draft: "1"', "draft: Y", "draft: TRUE", "published: no",
             "published: OFF", "published: 0", "published: 'n'", "published: False"]
for n, spelling in enumerate(SPELLINGS):
    word = f"wombatspelling{chr(ord('a') + n)}"
    SECRETS.append(word)
    POSTS[f"2024/spelling-{n}.md"] = (f"---\ntitle: Spelt {word}\ndate: 2024-05-{n + 1:02d}\n{spelling}\n"
                                      f"tags: [{word}]\ntraining:\n  - {{distance: 9 km, time: \"50:00\"}}\n"
                                      f"---\n{word} body\n")
SECRETS.append("mongooseplain")  # Pelican's own `Key: value` metadata: it knows no `draft`
POSTS["2024/plain.md"] = "Title: Plain mongooseplain\nDate: 2024-05-20\nDraft: yes\n\nmongooseplain body\n"


def build(tmp_path: Path, conf: str) -> Path:
    """POSTS built with CONF, which must succeed (a thin wrapper of build_site)."""
    result, out = build_site(tmp_path / "content", tmp_path / "out", files=POSTS, conf=conf,
                             env={"SITEURL": "http://127.0.0.1:9/diary"})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def everything(out: Path) -> dict[str, str]:
    """Every file's text; Pagefind's gzip-compressed fragments and indexes decompressed."""
    texts = {}
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        elif path.suffix in (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"):
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        texts[str(path.relative_to(out))] = data.decode("utf-8", "replace")
    return texts


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build(tmp_path_factory.mktemp("private-publish"), "publishconf.py")


def test_a_publish_build_writes_no_draft_anywhere(published):
    assert not (published / "drafts").exists()
    leaks = [(name, word) for name, text in everything(published).items() for word in SECRETS[:3] + SECRETS[4:]
             if word in text]
    assert leaks == []


def test_the_search_index_holds_the_public_post_only(published):
    fragments = [t for n, t in everything(published).items() if n.startswith("pagefind/fragment/")]
    assert any("Everyone may read this" in t for t in fragments)
    assert not any(word in t for t in fragments for word in SECRETS)


def test_a_hidden_page_is_reachable_but_listed_nowhere(published):
    assert "pangolinhiddenpage" in (published / "hidden" / "index.html").read_text()
    listed = [name for name, text in everything(published).items()
              if "pangolinhiddenpage" in text or "/hidden/" in text]
    assert listed == ["hidden/index.html"]


def test_drafts_count_for_nothing_in_the_data(published):
    import json

    data = json.loads((published / "diary.json").read_text())
    assert [t["distance_m"] for t in data["training"]] == [6000]
    assert data["soreness"] == []


def test_a_normal_build_shows_drafts_under_drafts_never_in_search(tmp_path):
    out = build(tmp_path, "pelicanconf.py")
    assert (out / "drafts").is_dir()
    fragments = [t for n, t in everything(out).items() if n.startswith("pagefind/fragment/")]
    assert fragments and not any(word in t for t in fragments for word in SECRETS)
