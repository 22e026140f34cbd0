"""A plugin only for the tests: writes each article's `article.diary` (the
plain data the theme's log tables are made from) to `diary-tables.json`."""

import json
from pathlib import Path

from pelican import signals


def dump_tables(generators):
    """Save every article's table data, keyed by its URL, for the snapshots."""
    articles = next((g.articles for g in generators if hasattr(g, "articles")), [])
    tables = {a.url: a.diary for a in sorted(articles, key=lambda a: a.url)}
    out = Path(generators[0].output_path)
    out.mkdir(parents=True, exist_ok=True)
    (out / "diary-tables.json").write_text(json.dumps(tables, indent=1, ensure_ascii=False) + "\n",
                                           encoding="utf-8")


def register():
    signals.all_generators_finalized.connect(dump_tables)
