"""Write synthetic diaries for the bench: the same posts twice.

    python bench/generate.py [--sizes 1000 3000] [--out bench/corpora]

For each size N it writes `OUT/posts-N/yaml/` (YAML front matter with all four
logs, following the diary format contract, every entry valid) and
`OUT/posts-N/plain/` (the same posts in Pelican's plain `Key: value`
metadata, without logs, for builds without the diary plugin). The generator is
seeded: the same N gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20240418
FIRST_DAY = dt.date(2012, 1, 2)

CATEGORIES = ["Training", "Stretching", "Recovery", "Races", "Cross-training"]
TAGS = ["calves", "hamstrings", "quads", "hips", "long run", "easy runs", "intervals",
        "tempo", "parkrun", "hills", "sports massage", "foam rolling", "physio",
        "stretching", "rest days", "shoes", "cycling", "yoga", "strength", "10k"]
SHOES = ["Pegasus 40", "Ghost 15", "Clifton 9", "Novablast 4", "trail pair"]
STRETCHES = [("calf stretch against a wall", "calves"), ("bent-knee calf stretch", "calves"),
             ("standing hamstring stretch", "hamstrings"), ("couch stretch", "quads"),
             ("pigeon pose", "hips"), ("kneeling hip flexor stretch", "hips"),
             ("standing quad stretch", "quads"), ("seated forward fold", "hamstrings")]
TREATMENTS = [("sports massage", "West End Physios"), ("physio", "Riverside Clinic"),
              ("foam rolling", None), ("massage gun", None)]
AREAS = ["calves", "hamstrings", "quads", "hips", "achilles", "shins", "lower back"]
RUN_TYPES = ["easy", "easy", "easy", "long", "tempo", "intervals", "recovery", "race"]
WORDS = ("the run felt easy until the last hill where my calves started to complain "
         "again so I slowed down and kept the effort honest stretching afterwards "
         "helped more than I expected and the massage on Thursday loosened everything "
         "up legs heavy this morning but better by lunch new shoes are still stiff "
         "weather was cold and windy along the river path with a headwind home "
         "tempo pace came back faster than last month which is encouraging rest day "
         "tomorrow then intervals on the track if the hamstrings behave").split()


@dataclass(frozen=True)
class Post:
    """One synthetic post: metadata, body and logs (lists of dicts, as YAML reads them)."""

    slug: str
    title: str
    date: dt.datetime
    category: str
    tags: tuple[str, ...]
    summary: str
    body: str
    logs: dict[str, list[dict]]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    return " ".join(words).capitalize() + "."


def _duration(seconds: int, rng: random.Random) -> str:
    """A time written one of the ways the contract accepts."""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    style = rng.randrange(5)
    if style == 0 and h == 0:
        return f"{m}:{s:02d}"
    if style == 1:
        return f"{h}:{m:02d}:{s:02d}"
    if style == 2:
        return f"{h}h{m:02d}m" if h else f"{m}min"
    if style == 3:
        return f"PT{h}H{m}M{s}S" if h else f"PT{m}M{s}S"
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# Distances and paces a runner would believe (none faster than the contract's
# "Plausible figures": a walk at most 12 km/h, a swim no faster than 46 s per 100 m).
KM = {"run": (3, 22), "cycle": (10, 80), "swim": (1, 4), "walk": (2, 15)}
PACE_S_PER_KM = {"run": (270, 400), "cycle": (100, 240), "swim": (1200, 2400), "walk": (540, 780)}


def _training(day: dt.date, rng: random.Random) -> dict:
    activity = rng.choices(["run", "cycle", "swim", "strength", "yoga", "rest", "walk"],
                           weights=[70, 8, 4, 6, 4, 5, 3])[0]
    entry: dict = {"date": day.isoformat()}
    if activity != "run" or rng.random() < 0.3:
        entry["activity"] = activity
    if activity == "rest":
        return entry
    if activity in ("strength", "yoga"):
        entry["time"] = rng.choice([20, 30, 45])
        return entry
    km = round(rng.uniform(*KM[activity]), 1)
    pace = rng.randint(*PACE_S_PER_KM[activity])
    unit = rng.randrange(4)
    entry["distance"] = (f"{km} km", f"{round(km / 1.609344, 2)} mi", f"{int(km * 1000)} m",
                         km)[unit] if activity == "run" else f"{km} km"
    if activity == "run":
        entry["type"] = rng.choice(RUN_TYPES)
    if activity == "run" and rng.random() < 0.2:
        entry["pace"] = f"{pace // 60}:{pace % 60:02d}/km"
    else:
        entry["time"] = _duration(int(km * pace), rng)
    if rng.random() < 0.4:
        entry["elevation"] = rng.choice([f"{rng.randint(10, 400)} m", f"{rng.randint(30, 900)} ft",
                                         rng.randint(10, 400)])
    if rng.random() < 0.7:
        entry["hr"] = rng.randint(120, 175)
    if rng.random() < 0.6:
        entry["effort"] = rng.randint(2, 9)
    if activity == "run":
        entry["shoes"] = rng.choice(SHOES)
    if rng.random() < 0.3:
        entry["notes"] = _sentence(rng)
    return entry


def _stretch(day: dt.date, rng: random.Random) -> dict:
    name, muscle = rng.choice(STRETCHES)
    entry = {"date": day.isoformat(), "name": name, "muscle": muscle,
             "hold": rng.choice(["20s", "30s", "45s", "1min", 30, 60]),
             "sets": rng.randint(1, 4)}
    if rng.random() < 0.7:
        entry["side"] = rng.choice(["left", "right", "both", "both"])
    if rng.random() < 0.1:
        entry["notes"] = _sentence(rng)
    return entry


def _treatment(day: dt.date, rng: random.Random) -> dict:
    kind, provider = rng.choice(TREATMENTS)
    entry: dict = {"date": day.isoformat(), "kind": kind}
    if provider:
        entry["provider"] = provider
        entry["duration"] = rng.choice(["1h", "45min", 30, "PT1H"])
        entry["cost"] = rng.choice(["£45", "£60", "45 GBP", "$60", "€50", 40])
    else:
        entry["duration"] = rng.choice(["10min", 15, "20min"])
    entry["areas"] = rng.sample(AREAS, k=rng.randint(1, 3))
    return entry


def _soreness(day: dt.date, rng: random.Random) -> dict:
    entry = {"date": day.isoformat(), "area": rng.choice(AREAS), "score": rng.randint(0, 7)}
    if rng.random() < 0.3:
        entry["notes"] = _sentence(rng)
    return entry


def make_posts(count: int, seed: int = SEED) -> list[Post]:
    """count posts, a day or three apart from FIRST_DAY, the same for the same seed."""
    rng = random.Random(f"{seed}-{count}")
    posts, day = [], FIRST_DAY
    for number in range(1, count + 1):
        day += dt.timedelta(days=rng.randint(1, 3))
        week = [day - dt.timedelta(days=back) for back in range(6, -1, -1)]
        logs = {
            "training": [_training(d, rng) for d in sorted(rng.sample(week, rng.randint(1, 4)))],
            "stretches": [_stretch(rng.choice(week), rng) for _ in range(rng.randint(0, 5))],
            "treatments": [_treatment(rng.choice(week), rng) for _ in range(rng.randint(0, 1))],
            "soreness": [_soreness(rng.choice(week), rng) for _ in range(rng.randint(0, 3))],
        }
        paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(3, 7)))
                      for _ in range(rng.randint(2, 6))]
        if rng.random() < 0.3:
            paragraphs.insert(1, "\n".join(f"- {_sentence(rng)}" for _ in range(3)))
        title = f"Day {number}: {' '.join(rng.sample(WORDS, 4))}"
        posts.append(Post(
            slug=f"day-{number:05d}", title=title,
            date=dt.datetime.combine(day, dt.time(rng.randint(6, 21), rng.choice([0, 15, 30, 45]))),
            category=rng.choice(CATEGORIES), tags=tuple(sorted(rng.sample(TAGS, rng.randint(1, 4)))),
            summary=_sentence(rng), body="\n\n".join(paragraphs) + "\n",
            logs={name: entries for name, entries in logs.items() if entries},
        ))
    return posts


def _yaml_scalar(value) -> str:
    """A YAML scalar: numbers bare, everything else double-quoted (JSON strings are YAML)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _yaml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_scalar(v) for v in value) + "]"
    return _yaml_scalar(value)


def as_yaml_post(post: Post) -> str:
    lines = ["---", f"title: {_yaml_scalar(post.title)}", f"date: {post.date:%Y-%m-%d %H:%M}",
             f"slug: {post.slug}", f"category: {post.category}",
             f"tags: {_yaml_value(list(post.tags))}", f"summary: {_yaml_scalar(post.summary)}"]
    for log, entries in post.logs.items():
        lines.append(f"{log}:")
        for entry in entries:
            for i, (key, value) in enumerate(entry.items()):
                lines.append(f"{'  - ' if i == 0 else '    '}{key}: {_yaml_value(value)}")
    return "\n".join(lines) + "\n---\n\n" + post.body


def as_plain_post(post: Post) -> str:
    return (f"Title: {post.title}\nDate: {post.date:%Y-%m-%d %H:%M}\nSlug: {post.slug}\n"
            f"Category: {post.category}\nTags: {', '.join(post.tags)}\n"
            f"Summary: {post.summary}\n\n{post.body}")


def write_corpus(count: int, out: Path) -> Path:
    """Write posts-COUNT/{yaml,plain}/YEAR/SLUG.md under out, replacing what was there."""
    root = out / f"posts-{count}"
    if root.exists():
        shutil.rmtree(root)
    for post in make_posts(count):
        for flavour, render in (("yaml", as_yaml_post), ("plain", as_plain_post)):
            path = root / flavour / f"{post.date:%Y}" / f"{post.slug}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(post), encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--out", type=Path, default=HERE / "corpora")
    args = parser.parse_args(argv)
    for size in args.sizes:
        print(f"wrote {write_corpus(size, args.out)}")


if __name__ == "__main__":
    main()
