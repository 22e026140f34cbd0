"""The fastest stretch inside a run, against tracks worked out by hand and a brute force."""

from __future__ import annotations

import random

import pytest

from pelican.plugins.running_diary.ingest.best_efforts import best_efforts, fastest


def test_an_even_run_has_its_own_pace_everywhere():
    """12 km at exactly 5:00 /km, a fix every 100 m: 5 km in 1,500 s, 10 km in 3,000 s."""
    track = [(100.0 * n, 30.0 * n) for n in range(121)]
    assert best_efforts(track) == {"1 km": 300.0, "5 km": 1500.0, "10 km": 3000.0}


def test_the_fastest_stretch_may_start_and_end_between_fixes():
    """Fixes every 1 km: the third km in 200 s, the others in 300 s. The fastest 1,500 m takes
    that km and 500 m more at 300 s/km: 200 + 150 = 350 s, starting or ending mid-km."""
    track = [(0, 0), (1000, 300), (2000, 600), (3000, 800), (4000, 1100), (5000, 1400)]
    assert fastest(track, 1500) == pytest.approx(350)
    assert fastest(track, 5000) == 1400
    assert fastest(track, 5001) is None


def brute_force(track, length, steps=4000):
    """Every start on a fine grid along the track, each end interpolated: slow and independent."""
    def time_at(d):
        for (d0, t0), (d1, t1) in zip(track, track[1:]):
            if d0 <= d <= d1:
                return t0 if d1 == d0 else t0 + (t1 - t0) * (d - d0) / (d1 - d0)
        raise AssertionError(d)

    total = track[-1][0]
    starts = sorted({*(d for d, _ in track if d + length <= total),
                     *(d - length for d, _ in track if d - length >= 0),
                     *(i * (total - length) / steps for i in range(steps + 1))})
    return min(time_at(s + length) - time_at(s) for s in starts)


@pytest.mark.slow
def test_the_two_pointers_agree_with_a_brute_force_on_random_tracks():
    rng = random.Random(7)
    for _ in range(20):
        track, d, t = [(0.0, 0.0)], 0.0, 0.0
        for _ in range(rng.randint(20, 200)):
            step = rng.uniform(0, 60)  # a fix may not move (a pause)
            d, t = d + step, t + rng.uniform(1, 30) + (0 if step else rng.uniform(0, 120))
            track.append((d, t))
        for length in (500, 1000, 2000):
            if length <= d:
                assert fastest(track, length) == pytest.approx(brute_force(track, length), abs=1e-6)
