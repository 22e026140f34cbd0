"""A build works out each of the site's figures once (summarize.site_figures), for the
four pages, diary.json and the CSV files alike: records, totals, spend, load, streaks."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path


from pelican.plugins.running_diary.core import load, streaks, summarize
from pelican.plugins.running_diary.render import export

from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]

POST = """---
title: A week
date: 2024-04-21
training:
  - {date: 2024-04-15, distance: 5 km, time: "25:00", effort: 4}
  - {date: 2024-04-17, distance: 10 km, time: "55:00", effort: 6}
stretches:
  - {date: 2024-04-17, name: calf stretch, hold: 45s, sets: 3}
treatments:
  - {date: 2024-04-18, kind: sports massage, cost: 45 GBP, areas: [calves]}
soreness:
  - {date: 2024-04-18, area: calves, score: 4}
---
A week.
"""

# (module, function, calls in a build): each summary once; a streak each for running and
# stretching; the records of every log once, for diary.json and the CSV files both.
ONCE = [(summarize, "site_figures", 1), (summarize, "summarize_training", 1),
        (summarize, "summarize_stretches", 1), (summarize, "summarize_recovery", 1),
        (summarize, "site_totals", 1), (summarize, "goals", 1), (summarize, "run_records", 0),
        (load, "training_load", 1), (streaks, "streak", 2), (export, "records", 1)]


def test_a_build_works_out_each_figure_once(tmp_path, monkeypatch):
    calls = Counter()
    for module, name, _ in ONCE:
        def counted(*args, _original=getattr(module, name), _key=f"{module.__name__}.{name}", **kwargs):
            calls[_key] += 1
            return _original(*args, **kwargs)
        monkeypatch.setattr(module, name, counted)
    build_site(tmp_path / "content", tmp_path / "out", files={"week.md": POST}, in_process=True,
               settings={"DIARY_TODAY": "2024-04-21"})
    assert {f"{m.__name__}.{n}": calls[f"{m.__name__}.{n}"] for m, n, _ in ONCE} == {
        f"{m.__name__}.{n}": times for m, n, times in ONCE}
    # And what they made reached the files: 5 + 10 km, £45, a run on the 17th, the day before
    # the diary's newest (the 18th): a streak of 1.
    data = json.loads((tmp_path / "out" / "diary.json").read_text(encoding="utf-8"))
    assert data["totals"]["training"]["distance_m"] == 15_000
    assert data["totals"]["treatments"]["cost"] == {"GBP": 45}
    assert data["streaks"]["running"] == {"current": 1, "longest": 1}
    assert "15.00 km" in (tmp_path / "out" / "training" / "index.html").read_text(encoding="utf-8")
