"""`diary migrate`'s conversion, on the small Jekyll and Hugo sites written for the tests
(tests/fixtures/migrate): what each construct becomes, and what is left, by line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pelican.plugins.running_diary.core import frontmatter, template_syntax
from pelican.plugins.running_diary.ingest import migrate
from pelican.plugins.running_diary.ingest.migrate import liquid, shortcodes, text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrate"


def planned(name: str) -> dict[str, migrate.Migrated]:
    plan = migrate.make_plan(migrate.detect(FIXTURES / name))
    return {post.found.name: post for post in plan.posts}


def front(post: migrate.Migrated) -> tuple[dict, str]:
    parts = frontmatter.split(post.text)
    return frontmatter.load(parts.front_matter), parts.body


@pytest.fixture(scope="module")
def jekyll():
    return planned("jekyll_site")


@pytest.fixture(scope="module")
def hugo():
    return planned("hugo_site")


def test_the_sites_are_recognised_and_every_post_planned(jekyll, hugo):
    assert migrate.detect(FIXTURES / "jekyll_site").kind == "Jekyll"
    assert migrate.detect(FIXTURES / "hugo_site").kind == "Hugo"
    assert {name: post.target for name, post in jekyll.items()} == {
        "_posts/2019/2019-03-10-first-race.md": "2019/2019-03-10-first-race.md",
        "_posts/2019/2019-04-02-long-run.md": "2019/2019-04-02-long-run.md",
        "_posts/2019/2019-05-01-quiet-week.md": "2019/2019-05-01-quiet-week.md",
        "_posts/2019/2019-06-01-shoes.md": "2019/2019-06-01-shoes.md",
        "_drafts/next-race.md": jekyll["_drafts/next-race.md"].target,  # dated by the file
        "about.md": "pages/about.md"}
    assert {name: post.target for name, post in hugo.items()} == {
        "content/about.md": "pages/about.md",
        "content/posts/draft-post.md": "2020/2020-07-01-draft-post.md",
        "content/posts/easy-run.md": "2020/2020-06-01-easy-run.md",
        "content/posts/gear.md": "2020/2020-08-01-gear.md",
        "content/posts/hill-repeats/index.md": "2020/2020-06-08-hills.md"}


def test_jekyll_front_matter_in_pelicans_keys(jekyll):
    meta, _ = front(jekyll["_posts/2019/2019-03-10-first-race.md"])
    assert meta["title"] == "First race: a 10K in the mud"  # the colon survives: the YAML is quoted
    assert meta["author"] == "Sam Mudlark"  # _config.yml's author
    assert meta["date"] == "2019-03-10 09:30:00+01:00"  # Jekyll's `+0100` offset kept
    assert meta["category"] == "Races" and meta["tags"] == ["mud", "10k", "race report"]
    assert meta["summary"] == "A wet start, a wetter finish."  # excerpt
    assert meta["aliases"] == ["/2019/03/10/first-race.html"]  # _config.yml's permalink pattern
    assert "layout" not in meta
    meta, _ = front(jekyll["_posts/2019/2019-04-02-long-run.md"])
    assert meta["date"] == "2019-04-02 07:15:00-04:00"
    assert meta["aliases"] == ["/2019/04/02/long-run.html", "/long-run/"]  # and redirect_from
    assert meta["summary"] == "Thirty kilometres."  # before <!--more-->
    assert front(jekyll["_posts/2019/2019-05-01-quiet-week.md"])[0]["status"] == "draft"  # published: false
    assert front(jekyll["_drafts/next-race.md"])[0]["status"] == "draft"


def test_jekyll_body_converted(jekyll):
    _, body = front(jekyll["_posts/2019/2019-03-10-first-race.md"])
    assert "[TOC]" in body and "{:toc}" not in body and "* TOC" not in body
    assert "![the route]({static}/assets/img/route.png)" in body  # relative_url
    assert "[a PDF]({static}/files/plan.pdf)" in body  # site.baseurl
    assert "{: class=\"splits\"}" not in body  # under a table: dropped, so the table renders
    assert "plan.pdf).\n{: .lead}" in body  # under a paragraph: attr_list reads it
    assert "```ruby\n# how I count my splits\nsplits.each { |s| puts s }\n```" in body
    # Liquid inside {% raw %} inside a highlight: the code, as the old site showed it
    assert "```liquid\n{% for split in page.splits %}{{ split }}{% endfor %}\n```" in body
    assert "[the long run]({filename}/2019/2019-04-02-long-run.md)" in body  # post_url
    assert "[home]({index})" in body
    _, body = front(jekyll["_posts/2019/2019-04-02-long-run.md"])
    assert body.count("({filename}/2019/2019-03-10-first-race.md)") == 2  # the old absolute address, {% link %}
    assert "Remember" not in body and "comment" not in body
    assert "wrote `{{ page.title }}` in code." in body  # {% raw %} around a code span


def test_what_jekyll_leaves_is_listed_by_line_with_why(jekyll):
    assert [str(left) for post in jekyll.values() for left in post.left] == [
        "2019/2019-06-01-shoes.md:11: Liquid tag {% include footer.html %} is left: an include of the old "
        "site's templates (_includes/): copy what it shows into the post"]
    post = jekyll["_posts/2019/2019-06-01-shoes.md"]
    assert post.text.splitlines()[10] == "{% include footer.html %}"  # line 11 of the written file


def test_hugo_front_matter_in_pelicans_keys(hugo):
    meta, _ = front(hugo["content/posts/easy-run.md"])  # TOML
    assert meta["title"] == "Easy run: 8 km by the river" and meta["date"] == "2020-06-01 07:00:00+02:00"
    assert meta["author"] == "Alex Ridge"  # [params] author
    assert meta["category"] == "Training" and meta["tags"] == ["easy", "river"]
    # [permalinks] posts = "/:year/:month/:slug/", :slug from the title; then the aliases
    assert meta["aliases"] == ["/2020/06/easy-run-8-km-by-the-river/", "/old/easy-run.html"]
    assert meta["summary"] == "The river path, slow. The summary ends here."
    meta, _ = front(hugo["content/posts/hill-repeats/index.md"])  # JSON, a page bundle
    assert meta["slug"] == "hills" and meta["aliases"] == ["/2020/06/hills/"]
    meta, _ = front(hugo["content/posts/draft-post.md"])
    assert meta["status"] == "draft" and "aliases" not in meta  # Hugo never published it


def test_hugo_body_converted(hugo):
    _, body = front(hugo["content/posts/easy-run.md"])
    assert '<div class="card-run">\n    <h3>Easy Run</h3>\n    <p>8.3km in 43:57</p>\n</div>' in body
    assert ('<figure><img src="{static}/images/route.png" alt="a map">'
            "<figcaption>The route by the river</figcaption></figure>") in body
    assert '``` { .python linenums="1" }\npace = time / distance  # minutes per km\n```' in body
    assert '```\n{{< card-run "Example" "5km" "25:00" >}}\n```' in body  # in code: as it is
    assert 'Hugo\'s own way: {{< figure src="x.png" >}} shows the text' in body
    assert "[hill repeats]({filename}/2020/2020-06-08-hills.md)" in body  # relref
    assert front(hugo["content/posts/easy-run.md"])[0]["template_syntax"] == "shown"  # {{</* */>}} meant it
    _, body = front(hugo["content/posts/hill-repeats/index.md"])
    assert "![the hill]({static}/posts/hill-repeats/hill.png)" in body  # the bundle's own picture
    assert "[the easy run]({filename}/2020/2020-06-01-easy-run.md)" in body  # by its old address
    _, body = front(hugo["content/about.md"])
    assert "[the first run]({filename}/2020/2020-06-01-easy-run.md)" in body  # ref


def test_what_hugo_leaves_is_listed_by_line_with_why(hugo):
    assert [str(left) for post in hugo.values() for left in post.left] == [
        "2020/2020-08-01-gear.md:11: Hugo shortcode {{< latest >}} is left: the old site's shortcode `latest` "
        "(layouts/shortcodes/latest.html) runs Hugo's template code, not only its arguments: write what it "
        "showed into the post"]


def test_no_converted_post_has_template_syntax_outside_code_but_what_is_listed(jekyll, hugo):
    for post in [*jekyll.values(), *hugo.values()]:
        meta, body = front(post)
        found = [] if template_syntax.means_it(meta) else template_syntax.find(body)
        assert len(found) == len(post.left), post.target


def test_a_shortcode_template_with_hugo_code_is_not_written_out():
    assert shortcodes.plain_template("<b>{{ .Get 0 }}</b>{{/* note */}}")
    assert not shortcodes.plain_template("{{ range .Site.Pages }}{{ .Title }}{{ end }}")
    assert shortcodes.expand("<b>{{ .Get 0 }}</b> <i>{{ .Get \"unit\" }}</i>\n\n<p>x</p>", ["<5k>"], {"unit": "km"}) \
        == "<b>&lt;5k&gt;</b> <i>km</i>\n<p>x</p>"


def test_edits_never_touch_code():
    body = "```\n{% highlight ruby %}\nx\n{% endhighlight %}\n```\n\n    {% post_url a %}\n"
    links = liquid.Links(post=lambda name: "{filename}/a.md", path=lambda url: None)
    converted, _, done = liquid.convert(body, links)
    assert converted == body and done == Counter()


def test_a_fence_is_longer_than_the_codes_own_backticks():
    assert text.fence("a ``` b", "md") == "\n````md\na ``` b\n````\n"


def test_damaged_posts_are_skipped_with_why(tmp_path):
    hugo = tmp_path / "hugo"
    (hugo / "content" / "posts").mkdir(parents=True)
    (hugo / "config.toml").write_text('baseURL = "https://x.example/"\n')
    (hugo / "content" / "posts" / "photo.md").write_bytes(bytes(range(256)) * 40)  # a picture saved as .md
    (hugo / "content" / "posts" / "bad.md").write_text('+++\ntitle = "x\n+++\nBody\n')
    (hugo / "content" / "posts" / "good.md").write_text('+++\ntitle = "Good"\ndate = 2020-01-01\n+++\nBody\n')
    site = migrate.detect(hugo)
    assert [found.name for found in site.found] == ["content/posts/good.md"]
    assert dict(site.skipped) == {
        "content/posts/bad.md": "its front matter cannot be read (line 2: front matter between `+++` is not "
                                "valid TOML: Illegal character '\\n')",
        "content/posts/photo.md": "is not a text file (it looks binary): not read"}
    jekyll = tmp_path / "jekyll"
    (jekyll / "_posts").mkdir(parents=True)
    (jekyll / "_posts" / "2020-01-01-broken.md").write_text("---\ntitle: [Broken\ndate: 2020-01-01\n---\nBody\n")
    (jekyll / "_posts" / "2020-01-02-photo.md").write_bytes(bytes(range(256)) * 40)
    site = migrate.detect(jekyll)
    # YAML that does not parse: what can be salvaged (the date) is kept, the title from the file's name
    (found,) = site.found
    assert found.metadata["date"] == "2020-01-01" and found.metadata["title"] == "[Broken"
    assert site.skipped == [("_posts/2020-01-02-photo.md",
                             "no front matter (or not text): Jekyll does not publish it either")]
