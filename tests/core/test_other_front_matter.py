"""Hugo's TOML (`+++`) and JSON front matter, read by the build and `diary check` as YAML is;
template syntax left in a post, named by line outside code."""

from pelican.plugins.running_diary.core import frontmatter, template_syntax
from pelican.plugins.running_diary.core.posts import check_paths, open_post, read_posts
from pelican.plugins.running_diary.core.settings import from_dict

TOML = """+++
title = "Easy run: 8 km"
date = 2019-05-01T07:00:00+02:00
tags = ["easy", "calves"]
draft = true

[[training]]
distance = "8 km"
time = "43:57"
+++

Legs fine.
"""
JSON = """{
  "title": "Long run",
  "date": "2020-01-02",
  "categories": ["Races"]
}

Body.
"""


def test_toml_front_matter_is_read_with_its_lines():
    opened = open_post(TOML.encode(), "run.md")
    assert opened.problems == ()
    assert opened.metadata["title"] == "Easy run: 8 km"
    assert opened.metadata["date"] == "2019-05-01T07:00:00+02:00"  # TOML's datetime as ISO text, offset kept
    assert opened.metadata["tags"] == ["easy", "calves"]
    assert opened.metadata["training"] == [{"distance": "8 km", "time": "43:57"}]
    assert opened.lines.key_lines["date"] == 3 and opened.lines.key_lines["training"] == 7
    assert opened.parts.body == "\nLegs fine.\n" and opened.parts.body_line == 11


def test_json_front_matter_is_read():
    opened = open_post(JSON.encode(), "long.md")
    assert opened.problems == ()
    assert opened.metadata == {"title": "Long run", "date": "2020-01-02", "categories": ["Races"]}
    assert opened.parts.body == "\nBody.\n" and opened.parts.body_line == 6


def test_a_toml_post_is_a_draft_with_its_logs_checked(tmp_path):
    (tmp_path / "run.md").write_text(TOML.replace('"43:57"', '"soon"'), encoding="utf-8")
    (logs,) = read_posts([tmp_path], from_dict({}))
    assert logs.post.title == "Easy run: 8 km"
    assert [str(p) for p in logs.problems] == [f"{tmp_path}/run.md: training[0].time: not a duration such as "
                                               "45:12, 1:05:00, 40 min or 1h20m (got 'soon')"]
    assert read_posts([tmp_path], from_dict({}), published_only=True) == []  # draft = true


def test_bad_toml_and_json_name_their_line():
    (problem,) = open_post(b'+++\ntitle = "x"\ndate = = 3\n+++\n', "t.md").problems
    assert str(problem).startswith("t.md:3: front matter between `+++` is not valid TOML")
    (problem,) = open_post(b'{\n  "title": "x",\n  "date": \n}\n', "j.md").problems
    assert str(problem).startswith("j.md:4: front matter in `{ }` is not valid JSON")
    (problem,) = open_post(b'+++\ntitle = "x"\n', "open.md").problems
    assert "`+++` is never closed" in str(problem)


def test_a_body_that_starts_with_liquid_is_not_json():
    assert frontmatter.split_other("{% include nav.html %}\nText\n") is None


def test_template_syntax_outside_code_is_found_by_line():
    body = ("Intro {{< figure src=\"a.png\" >}}\n"       # line 10
            "\n"
            "```\n{% highlight ruby %}\n```\n"           # 12-14: a fenced example
            "A `{{ site.title }}` span, and {{ page.title | upcase }}.\n"  # 15
            "\n"
            "    {% raw %} indented code\n"              # 17
            "\n"
            "{{% card-run \"Easy\" \"8km\" %}}\n"         # 19
            "<pre>{% capture x %}</pre>\n")              # 20
    found = template_syntax.find(body, body_line=10)
    assert [(f.line, f.kind) for f in found] == [(10, "Hugo shortcode"), (15, "Liquid output"),
                                                 (19, "Hugo shortcode")]


def test_check_names_leftovers_as_errors_unless_the_post_means_them(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\n\n{% post_url 2019-01-01-x %}\n")
    (tmp_path / "b.md").write_text("---\ntitle: B\ndate: 2024-01-01\ntemplate_syntax: shown\n---\n\n{% raw %}\n")
    (problem,) = check_paths([tmp_path], from_dict({}))
    assert problem.severity == "error"
    assert str(problem).startswith(f"{tmp_path}/a.md:6: Liquid tag {{% post_url 2019-01-01-x %}} would be shown as text")


def test_a_body_of_braces_and_backticks_is_read_in_linear_time():
    """90 KB of openings that never close: each try ends at the next brace (was 14 to 78 s)."""
    import time

    for body in ("{{ " * 30000, "{% " * 30000, "{{< " * 30000, "`` ` " * 20000, "<pre " * 20000):
        start = time.perf_counter()
        assert template_syntax.find(body) == []
        assert time.perf_counter() - start < 1.5, body[:6]


def test_code_spans_close_at_a_run_of_the_same_length():
    assert template_syntax.find("``a ` {{ x }} ``, then {{ y }} and ` {{ z }}") == [
        template_syntax.Leftover(line=1, kind="Liquid output", text="{{ y }}"),
        template_syntax.Leftover(line=1, kind="Liquid output", text="{{ z }}")]  # a lone ` opens nothing
