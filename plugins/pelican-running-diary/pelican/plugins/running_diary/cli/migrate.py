"""``diary migrate SOURCE``: bring a Jekyll site, a Hugo site or a Pelican content
folder into the content folder (the work is in ingest/migrate; here, the report).

Prints what it wrote (or, with ``--dry-run``, would write), each piece of
template syntax it left as ``FILE:LINE: what is left and why``, then the
counts: posts in and out, each conversion, each kind left. Exit 0 when done,
even with leftovers (the build names them again); 2 when SOURCE is not a site.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .common import EXIT_OK, CliError, say
from ..core.model import count


def cmd_migrate(args) -> int:
    from ..ingest import migrate
    from .importing import _Progress

    source = Path(args.source)
    content = Path(args.content)
    try:
        site = migrate.detect(source)
    except ValueError as e:
        raise CliError(str(e)) from None
    plan = migrate.make_plan(site)
    verb = "would write" if args.dry_run else "wrote"
    written = None
    if not args.dry_run:
        with _Progress(len(plan.posts) + len(site.files), "migrating") as progress:
            written = migrate.write(plan, content, progress.advance)
    there = set(written.posts_there) if written else {p.target for p in plan.posts if (content / p.target).exists()}
    for post in plan.posts:
        state = "already there, skipped" if post.target in there else verb
        print(f"{post.found.name} -> {content / post.target} ({state})")
    for post in plan.posts:
        for left in post.left:
            print(f"{content / left.file}:{left.line}: {left.kind} {left.text} is left: {left.why}")
    for path, why in site.skipped:
        print(f"{site.root / path}: not brought: {why}")
    _summary(plan, site, content, there, written, args.dry_run)
    return EXIT_OK


def _summary(plan, site, content: Path, there: set, written, dry_run: bool) -> None:
    from ..ingest.migrate import kind_of

    posts = [p for p in plan.posts if not p.found.page]
    drafts = sum(p.found.metadata.get("status") == "draft" for p in posts)
    new = [p for p in plan.posts if p.target not in there]
    say(f"{site.kind} site {site.root}: {count(len(posts), 'post')} ({drafts} draft{'s' if drafts != 1 else ''}), "
        f"{count(len(plan.posts) - len(posts), 'page')}, {count(len(site.files), 'file')}")
    say(f"{'would write' if dry_run else 'wrote'} {count(len(new), 'post')} and pages to {content}"
        + (f"; {len(there)} already there, skipped" if there else "")
        + (f"; {count(written.files, 'file')} copied, {written.files_there} already there" if written else ""))
    done = Counter()
    for post in plan.posts:
        done.update(post.done)
    for kind, n in sorted(done.items(), key=lambda pair: -pair[1]):
        say(f"  converted: {n:6,}  {kind}")
    left = Counter(kind_of(item) for post in plan.posts for item in post.left)
    for kind, n in sorted(left.items(), key=lambda pair: -pair[1]):
        say(f"  left:      {n:6,}  {kind}")
    if site.skipped:
        say(f"  not brought: {count(len(site.skipped), 'file')} (listed above, with why)")
    if left:
        say(f"{count(sum(left.values()), 'piece')} of template syntax left in "
            f"{count(sum(1 for p in plan.posts if p.left), 'post')}: the build warns of each, and "
            "the publish build stops until each is rewritten (or the post says `template_syntax: shown`)")
