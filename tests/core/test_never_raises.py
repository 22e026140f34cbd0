"""Property: whatever the front matter holds, the parser yields entries or
problems and never raises, so no traceback can reach an author."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from pelican.plugins.running_diary.core import frontmatter
from pelican.plugins.running_diary.core import specs
from pelican.plugins.running_diary.core.model import Post
from pelican.plugins.running_diary.core.parse import parse_post
from pelican.plugins.running_diary.core.settings import from_dict

LOGS = specs.names()

SETTINGS = from_dict({})
POST = Post(file="content/x.md", url="x/", title="X", date=dt.date(2024, 4, 18))

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.dates(), st.datetimes(),
    st.sampled_from(["45:12", "1:05:30", "1h05m", "PT45M12S", "8 km", "5 mi", "£45", "5:30/km", "both", "run",
                     "45:72", "0", "-1", "nan", "inf", "1e309", "99999999999999999999 km"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)), max_leaves=8)
field_names = st.one_of(st.sampled_from(sorted({f for spec in specs.all_specs() for f in spec.inputs})), st.text(max_size=8))
entries = st.one_of(st.dictionaries(field_names, values, max_size=8), values)
front_matter = st.dictionaries(st.sampled_from([*LOGS, "title", "date"]),
                               st.one_of(st.lists(entries, max_size=4), values), max_size=5)


@pytest.mark.slow
@hsettings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter)
def test_any_front_matter_yields_entries_or_problems(raw):
    logs = parse_post(raw, post=POST, settings=SETTINGS)
    for log in LOGS:
        for entry in logs.entries(log):
            assert entry.date is not None
    for problem in logs.problems:
        assert str(problem).startswith("content/x.md: ")


@hsettings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_yaml_or_a_front_matter_error(text):
    try:
        data = frontmatter.load(text)
    except frontmatter.FrontMatterError as error:
        assert error.line >= 2
    else:
        assert isinstance(data, dict)
        parse_post(data, post=POST, settings=SETTINGS)
