"""A plugin only for the tests: writes each article's `article.diary` (the
plain data the theme's log tables are made from) to `diary-tables.json`."""

import json
from pathlib import Path

from pelican import signals


def dump_tables(generator, writer):
    """Save every article's table data, keyed by its URL, for the snapshots.
    After the posts are written: the diary may attach the tables only then."""
    tables = {a.url: a.diary for a in sorted(generator.articles, key=lambda a: a.url)}
    out = Path(generator.output_path)
    out.mkdir(parents=True, exist_ok=True)
    (out / "diary-tables.json").write_text(json.dumps(tables, indent=1, ensure_ascii=False) + "\n",
                                           encoding="utf-8")


def register():
    signals.article_writer_finalized.connect(dump_tables)
