"""`diary privacy init | suggest | check OUTPUT`: the private settings and the proof.

- `init` writes private.toml (beside pelicanconf.py) with a random salt and an
  example zone in comments; it never overwrites a file. Unless git already ignores
  it, the file's name is added to the .gitignore beside it: a site made by another
  quickstart than this repository's has no such line, and a committed salt undoes
  every offset.
- `suggest` prints, as private.toml's TOML, a zone for each place that three or
  more published routes begin or end near and no zone covers (core/privacy.py).
- `check OUTPUT` reads every published file and fails on a route point inside a
  zone or a trim, an image with location metadata, or a draft's words or address
  (ingest/published.py); its last line is the summary `make publish` prints.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .common import EXIT_OK, EXIT_REFUSED, CliError, post_files, say, site_of


def cmd_privacy(args) -> int:
    return {"init": _init, "suggest": _suggest, "check": _check}[args.action](args)


def _init(args) -> int:
    from ..core import privacy

    site = site_of(args)
    path = site.private_file
    if path.exists():
        raise CliError(f"{path}: already there; it is never overwritten (its salt keeps every "
                       "zone and trim as published)", EXIT_REFUSED)
    try:
        with open(path, "x", encoding="utf-8") as out:  # "x": never over a file made meanwhile
            out.write(privacy.new_private_text())
        os.chmod(path, 0o600)
    except OSError as error:
        raise CliError(f"{path}: cannot be written: {error.strerror or error}") from None
    print(path)
    ignored = _keep_out_of_git(path)
    say(f"Wrote {path} with a random salt ({ignored}: never commit it). To hide a place, add "
        "to it:\n\n[[zones]]\nlat = 51.5012\nlon = -0.1234\nradius_m = 500\n\n"
        "`diary privacy suggest` prints the zones your routes need. For GitHub Actions, paste the "
        "whole file into the repository secret DIARY_PRIVATE (the diary's docs, \"Privacy\").")
    return EXIT_OK


def _keep_out_of_git(path: Path) -> str:
    """Make sure git never commits `path`, and say how. Git's own answer first (a .gitignore
    anywhere up the tree, or .git/info/exclude); else a line in the .gitignore beside it,
    outside a repository too, for the day the site becomes one."""
    try:
        answer = subprocess.run(["git", "check-ignore", "-q", path.name], cwd=path.parent,
                                capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
        if answer.returncode == 0:
            return "git ignores it"
    except (OSError, subprocess.SubprocessError):  # no git here: the line below still counts
        pass
    gitignore = path.parent / ".gitignore"
    try:
        before = gitignore.read_text(encoding="utf-8") if gitignore.exists() else ""
        with open(gitignore, "a", encoding="utf-8") as out:
            out.write(("\n" if before and not before.endswith("\n") else "")
                      + f"# the diary's private zones and salt (diary privacy init)\n/{path.name}\n")
    except OSError as error:
        return f"NOT git-ignored: {gitignore} cannot be written ({error.strerror or error}); add {path.name} to it"
    return f"added to {gitignore.name}"


def _suggest(args) -> int:
    from ..core import posts, privacy

    site = site_of(args)
    published = posts.read_posts(post_files([site.content], posts), site.settings, published_only=True,
                                 default_lang=site.default_lang)
    places = privacy.unzoned_places(published, site.settings.privacy)
    for place in places:
        print(f"# {place.routes} routes begin or end near here: {', '.join(place.posts)}")
        print(place.zone_toml())
    if not places:
        say("No place that three or more routes start from is left without a zone.")
    return EXIT_OK


def _check(args) -> int:
    from ..core import posts
    from ..ingest import published

    site = site_of(args)
    output = Path(args.output)
    if not output.is_dir():
        raise CliError(f"{output}: no such folder (build the site first: make publish)")
    report = published.check(output, post_files([site.content], posts), site.settings,
                             default_lang=site.default_lang)
    for failure in report.failures:
        print(failure)
    print(report.line())
    if report.failures:
        say(f"diary privacy check: {len(report.failures)} thing(s) published that locate you "
            "or show a draft, listed above")
        return EXIT_REFUSED
    return EXIT_OK


def add_parser(sub, common) -> None:
    p = sub.add_parser("privacy", help="private zones and salt; check a built site for leaks",
                       description="init: write private.toml with a random salt. suggest: the "
                                   "zones your routes need. check OUTPUT: read every published "
                                   "file; exit 1 on a route point inside a zone or a trim, an "
                                   "image with location metadata, or a draft's words or address.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("init", parents=[common], help="write private.toml with a random salt")
    actions.add_parser("suggest", parents=[common], help="print the zones your routes need")
    check = actions.add_parser("check", parents=[common], help="check a built site (make publish runs it)")
    check.add_argument("output", metavar="OUTPUT", help="the built site's folder")
    p.set_defaults(func=cmd_privacy)
