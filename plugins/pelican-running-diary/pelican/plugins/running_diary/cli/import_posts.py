"""The posts an import creates: one per period (``--per``: activity, day, week or
month), titled and dated from their activities, with the activities' names and
descriptions in the body for the author to edit."""

from __future__ import annotations

from .common import EXIT_OK, EXIT_REFUSED, CliError, Site, say
from .entries import as_entry, start_key
from ..core import activities
from ..core.model import count as _plural
from ..core.spelling import without_bidi

PER = ("activity", "day", "week", "month")


def _period_key(act, per: str, site: Site) -> str:
    """The post an activity goes into: by its local day, week (from week_start) or month."""
    from ..core import summarize

    if act.start is None:
        return "undated"
    day = site.local(act.start).date()
    if per == "activity":
        return start_key(site.local(act.start))
    if per == "day":
        return day.isoformat()
    if per == "month":
        return f"{day:%Y-%m}"
    return summarize.week_start(day, site.settings).isoformat()


def write_new_posts(args, site: Site, fresh, *, numbered: bool) -> int:
    """One new post per period (``--per``, default a week), titled and dated from its
    activities; their names and descriptions in the body. Never over an existing file:
    named files refuse a clash (nothing is written); an export's posts are numbered."""
    from ..core import specs
    from ..ingest import post_edit, post_template

    per = args.per or "week"
    groups: dict[str, list] = {}
    for act in fresh:
        groups.setdefault(_period_key(act, per, site), []).append(act)
    others = tuple(name for name in specs.names() if name != "training")
    planned, taken = [], set()
    given = without_bidi(args.title) if args.title else None  # a title is never reordered
    for acts in groups.values():
        dated = [a for a in acts if a.start is not None]
        when = (max(site.local(a.start) for a in dated).replace(second=0) if dated else site.now())
        title = given or _title_for(acts, site)
        if len(groups) > 1 and given:
            title = f"{given}, {_range_words(acts, site)}"
        path = post_template.post_path(site.content, title, when)
        if numbered:
            base, n = title, 2
            while path.exists() or path in taken:
                title = f"{base} ({n})"
                path = post_template.post_path(site.content, title, when)
                n += 1
        elif path.exists() or path in taken:
            raise CliError(f"{path} already exists; not overwriting it "
                           "(give --title, or import with --post)", EXIT_REFUSED)
        taken.add(path)
        entries = [as_entry(act, site, post_edit) for act in acts]
        planned.append((title, when, path, acts, entries))
    if args.dry_run:
        for title, when, path, acts, entries in planned:
            print(f"# {path}: {title}")
            print(post_edit.render_entries(entries), end="")
        say(f"dry run: would write {_plural(len(planned), 'post')} with "
             f"{_plural(len(fresh), 'training entry')}; nothing written")
        return EXIT_OK
    written = 0
    for title, when, path, acts, entries in planned:
        try:
            # A new post has no training list yet: its entries are written straight in
            # (post_edit.add_training is for posts an author wrote, whose layout it keeps).
            text = post_template.render(title, when, category=args.category, tags=args.tags or [],
                                  examples=others, body=_body(acts, site),
                                  logs="training:\n" + post_edit.render_entries(entries))
            post_template.create(site.content, title, when, text=text)
        except FileExistsError:
            raise CliError(f"{path} already exists; not overwriting it "
                           "(give --title, or import with --post)", EXIT_REFUSED) from None
        except (ValueError, post_edit.PostEditError) as e:
            raise CliError(str(e)) from None
        except OSError as e:
            raise CliError(f"{path}: cannot be written: {e.strerror or e}") from None
        written += 1
        if len(planned) == 1:
            say(f"wrote {path} with {_plural(len(entries), 'training entry')}")
        print(path)
    if len(planned) > 1:
        say(f"wrote {_plural(written, 'post')} with {_plural(len(fresh), 'training entry')}")
    return EXIT_OK


def _body(acts, site: Site) -> str:
    """The new post's words: each activity's name and description, for the author to edit."""
    from ..render import display

    lines = []
    for act in acts:
        if not (act.name or act.description):
            continue
        when = (display.long_date(site.local(act.start).date()) if act.start else "no date")
        head = f"**{_markdown_text(act.name)}**" if act.name else activities.get(act.activity).title
        line = f"- {head} ({act.activity}, {when})"
        if act.description:
            line += f": {_markdown_text(act.description)}"
        lines.append(line)
    if not lines:
        return "Write about it here, in Markdown.\n"
    return ("Imported from the watch: the activities' own names and descriptions, "
            "for you to edit.\n\n" + "\n".join(lines) + "\n")


def _markdown_text(text: str) -> str:
    """Text from a file or an export as plain words in Markdown: never HTML, a link or emphasis."""
    import html
    import re

    words = html.escape(" ".join(str(text).split()), quote=False)
    return re.sub(r"([\\`*_\[\]{}|!#])", r"\\\1", words)


def _range_words(acts, site: Site) -> str:
    from ..render import display

    days = sorted(site.local(a.start).date() for a in acts if a.start is not None)
    if not days:
        return "undated"
    if days[0] == days[-1]:
        return display.long_date(days[0])
    return f"{display.long_date(days[0])} to {display.long_date(days[-1])}"


def _title_for(acts, site: Site) -> str:
    """``Morning Run`` from the file, else ``Run on 15 April 2024``; several: a range."""
    from ..render import display

    dated = [a for a in acts if a.start is not None]
    if len(acts) == 1:
        act = acts[0]
        if act.name:
            return act.name
        if act.start is None:
            return f"{activities.get(act.activity).title} with no date"
        return f"{activities.get(act.activity).title} on {display.long_date(site.local(act.start).date())}"
    kinds = {a.activity for a in acts}
    noun = activities.get(kinds.pop()).title + "s" if len(kinds) == 1 else "Sessions"
    if not dated:
        return f"{len(acts)} {noun.lower()} with no date"
    first, last = (site.local(dated[0].start).date(), site.local(dated[-1].start).date())
    if first == last:
        return f"{len(acts)} {noun.lower()} on {display.long_date(first)}"
    return f"{len(acts)} {noun.lower()}, {display.long_date(first)} to {display.long_date(last)}"
