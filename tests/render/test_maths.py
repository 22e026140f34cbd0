"""Maths to MathML at build time, and dollars that are money left alone."""

from markdown import Markdown

from pelican.plugins.running_diary.render.links import root_links
from pelican.plugins.running_diary.render.maths import MathsExtension


def html(text: str) -> tuple[str, list]:
    maths = MathsExtension()
    return Markdown(extensions=["extra", maths]).convert(text), maths.failed


def test_the_four_forms_become_mathml():
    out, failed = html("Speed $v = d/t$ and \\(x_1\\).\n\n$$\n\\frac{a}{b}\n$$\n\n\\[ E = mc^2 \\]\n")
    assert failed == []
    assert out.count('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">') == 2
    assert out.count('display="block"') == 2
    assert "<mfrac>" in out and "<msub><mi>x</mi><mn>1</mn></msub>" in out
    assert "$" not in out and "\\[" not in out


def test_kramdown_double_dollars_inside_a_sentence_are_inline():
    out, _ = html("The pace $$p = t/d$$ is slower.\n")
    assert out.count('display="inline"') == 1


def test_money_and_code_stay_text():
    out, _ = html("A gel for $5 and a map for $10. Escaped \\$x\\$.\n\n`$y$`\n\n    $z$\n")
    assert "<math" not in out
    assert "$5 and a map for $10" in out and "<code>$y$</code>" in out


def test_underscores_in_maths_are_not_emphasis():
    out, _ = html("$a_1 + b_2$\n")
    assert "<em>" not in out and "<msub>" in out


def test_root_links_to_own_files_become_pelican_links():
    kinds = {"media/map.png": "static", "2024/run.md": "filename"}
    out = root_links('<img src="/media/map.png"><a href="/2024/run.md">r</a><a href="/gone/">g</a>'
                     '<a href="//cdn.example/x.js">c</a>', kinds.get)
    assert out == ('<img src="{static}/media/map.png"><a href="{filename}/2024/run.md">r</a>'
                   '<a href="/gone/">g</a><a href="//cdn.example/x.js">c</a>')
