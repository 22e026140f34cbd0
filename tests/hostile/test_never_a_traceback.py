"""Whatever a post's front matter holds, the normal build finishes: Hypothesis writes
one-post sites from generated front matter and builds each through Pelican."""

from __future__ import annotations

import json
import os
import logging
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from pelican.plugins.running_diary.core import specs

from tests.helpers import build_site

pytestmark = pytest.mark.slow  # 40 whole builds a run: `make test`, not test-fast

REPO = Path(__file__).resolve().parents[2]

extreme_numbers = st.one_of(st.integers(min_value=-10**30, max_value=10**30), st.floats(allow_nan=True),
                            st.just(10**400), st.just(1e-320), st.just(-0.0))
dates = st.one_of(st.dates().map(str), st.just("2024-02-30"), st.just("9999-12-31"), st.just("0001-01-01"),
                  st.just("10000-01-01"), st.text(max_size=12))
scalars = st.one_of(extreme_numbers, dates, st.booleans(), st.none(), st.text(max_size=30),
                    st.sampled_from(["45:72", "1:05:30", "5 km", "£45", "-45", "1e308", "PT45M", "8:51/mi"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)
field_names = st.one_of(st.sampled_from(sorted({f for s in specs.all_specs() for f in s.inputs})),
                        st.text(max_size=8))
entries = st.one_of(st.dictionaries(field_names, values, max_size=6), values)
front = st.fixed_dictionaries({"title": st.one_of(st.text(max_size=20), values), "date": dates},
                              optional={log: st.lists(entries, max_size=3) for log in specs.names()})


@settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(front)
def test_a_one_post_site_always_builds(caplog, front_matter):
    caplog.clear()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        text = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False)
        with caplog.at_level(logging.WARNING):  # an exception fails the test: the build must finish
            build_site(root / "content", root / "out", files={"post.md": f"---\n{text}---\n\nThe words.\n"},
                       in_process=True, settings={"DIRECT_TEMPLATES": ["index"]})
        data = json.loads((root / "out" / "diary.json").read_text(),
                          parse_constant=lambda name: (_ for _ in ()).throw(AssertionError(name)))
        assert data["version"] == 1
        assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
