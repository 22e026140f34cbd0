"""A Jekyll site and a Hugo site brought in by `diary migrate`, published with the strict
settings under a sub-path: every post there, no template syntax shown as text, no dead
link, every old address redirecting, code highlighted, maths as MathML."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.running_diary.cli import main as cli
from pelican.plugins.running_diary.core import frontmatter, template_syntax
from tests.site.crawl import crawl, fetch
from tests.site.server import SiteServer
from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "migrate"

SITES = {
    # site: (its published posts' new addresses, the post and line of the one leftover)
    "jekyll_site": ({"2019/03/first-race/", "2019/04/long-run/", "2019/06/shoes/"},
                    ("2019/2019-06-01-shoes.md", 11)),
    "hugo_site": ({"2020/06/easy-run/", "2020/06/hills/", "2020/08/gear/"}, ("2020/2020-08-01-gear.md", 11)),
}
# Old addresses: Jekyll's 3 posts by _config.yml's permalink, a redirect_from and the about page's
# permalink; Hugo's 3 posts by [permalinks], an alias, and the about page's /about/.
REDIRECTS = {"jekyll_site": 3 + 1 + 1, "hugo_site": 3 + 1 + 1}


def publish(content: Path, out: Path, siteurl: str) -> subprocess.CompletedProcess:
    return build_site(content, out, conf="publishconf.py", env={"SITEURL": siteurl}).result


def shown_outside_code(html: str) -> list[str]:
    """Template syntax in a page's post text, outside <pre> and <code>."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.find(class_="entry-body")
    if body is None:
        return []
    for code in body.find_all(["pre", "code"]):
        code.decompose()
    return [found.text for found in template_syntax.find(body.get_text())]


@pytest.mark.parametrize("name", SITES)
def test_a_migrated_site_publishes_whole_under_a_sub_path(tmp_path, name, capsys):
    addresses, (leftover_file, leftover_line) = SITES[name]
    content = tmp_path / "content"
    assert cli.main(["migrate", str(FIXTURES / name), "--content", str(content)]) == 0
    capsys.readouterr()
    out = tmp_path / "out"
    with SiteServer(out, prefix="/diary/") as server:
        # The one piece left stops the publish build, named by file and line
        result = publish(content, out, server.siteurl)
        log = " ".join((result.stdout + result.stderr).split())
        assert result.returncode != 0
        assert f"content/{leftover_file}:{leftover_line}: Liquid tag" in log or \
            f"content/{leftover_file}:{leftover_line}: Hugo shortcode" in log
        # ... until the author rewrites it
        post = content / leftover_file
        lines = post.read_text(encoding="utf-8").splitlines(keepends=True)
        post.write_text("".join(lines[:leftover_line - 1] + lines[leftover_line:]), encoding="utf-8")
        result = publish(content, out, server.siteurl)
        assert result.returncode == 0, result.stdout + result.stderr
        pages, broken = crawl([f"{server.siteurl}/", f"{server.siteurl}/404.html"], f"{server.siteurl}/")
        assert broken == []
        # every published post, at its new address; no draft
        written = {str(p.parent.relative_to(out)) + "/" for p in out.glob("20*/*/*/index.html")
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")}  # not an old address's
        assert written == addresses
        assert addresses <= {url.removeprefix(f"{server.siteurl}/") for url in pages}
        # every old address answers with a redirect to the post's new one
        moved = set()
        for source in content.rglob("*.md"):
            meta = frontmatter.load(frontmatter.split(source.read_text(encoding="utf-8")).front_matter)
            for alias in meta.get("aliases") or []:
                page = fetch(f"{server.siteurl}{alias}")
                assert page.status == 200, alias
                soup = BeautifulSoup(page.body, "html.parser")
                refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
                if refresh is None:  # the old address is the new one (about/, 2020/06/hills/): the post itself
                    assert soup.find(class_="entry-body") is not None, alias
                    moved.add(alias)
                    continue
                assert refresh["content"].startswith(f"0; url={server.siteurl}/"), alias
                target = refresh["content"].removeprefix("0; url=")
                assert fetch(target).status == 200 and target.removeprefix(f"{server.siteurl}/") in addresses | {
                    "about/"}, alias
                moved.add(alias)
        assert len(moved) == REDIRECTS[name]
    html = {p.parent.relative_to(out).as_posix() + "/": p.read_text(encoding="utf-8")
            for p in out.rglob("index.html")}
    meant = {"2020/06/easy-run/": ['{{< figure src="x.png" >}}']}  # `template_syntax: shown`, from {{</* */>}}
    for address, page in html.items():
        assert shown_outside_code(page) == meant.get(address, []), address
    post = html["2019/03/first-race/" if name == "jekyll_site" else "2020/06/easy-run/"]
    assert '<div class="highlight"' in post and re.search(r'<span class="(c1|n|k)">', post)  # Pygments ran
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in post
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in post
    assert "$" not in BeautifulSoup(post, "html.parser").find(class_="entry-body").get_text().replace("$ ", "")
