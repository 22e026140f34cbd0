"""`make serve` and `make devserver`: the site on this machine as GitHub Pages serves it.

Pelican's own server (`pelican -l`) looks for `X.html` before `X/index.html`, so
`/tags/` got the redirect page `tags.html` that plugins/old_addresses writes for
the former address, which sent the browser on to `/tags/tags/`. GitHub Pages
serves a folder's `index.html` for an address that ends in a slash, redirects a
folder named without its slash to it, serves `X.html` for `X` when there is no
folder, and the site's `404.html` for anything else. `PagesHandler` does the same,
so the preview answers what the published site answers (the tests serve with it too).

Pelican's `pelican -lr` also starts a new watcher after every build, so a post
saved while a build runs was not seen until the next save. `devserver` keeps one
watcher for the whole session: what changes during a build is rebuilt right after.

    python -m pelican.plugins.running_diary.plugin.preview OUTPUT [--port 8000] [--bind 127.0.0.1]
    python -m pelican.plugins.running_diary.plugin.preview --rebuild [--port ...] -- PELICAN_ARGS...
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import logging
import shutil
import signal
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from itertools import chain
from urllib.parse import unquote, urlsplit

import watchfiles
from pelican import get_instance, parse_arguments
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.utils import FileChangeFilter
from pelican.writers import Writer

from . import publish

logger = logging.getLogger(__name__)


class PagesHandler(SimpleHTTPRequestHandler):
    """Serve a folder as GitHub Pages serves a site at `prefix` (`/`, or `/diary/` for a
    project page): folders by their index.html, `X` as `X.html`, else 404.html with 404."""

    prefix = "/"

    def log_message(self, format, *args):  # noqa: A002 (the stdlib's name)
        """Quiet: a preview's reader wants its pages, not a line per request."""

    def _site_path(self) -> str | None:
        """The request's path below the prefix ('' for the root), or None outside it."""
        path = unquote(urlsplit(self.path).path)
        if path == self.prefix.rstrip("/"):
            return ""
        return path[len(self.prefix):] if path.startswith(self.prefix) else None

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        rest = path[len(self.prefix.rstrip("/")):].lstrip("/")
        return super().translate_path("/" + rest)

    def send_head(self):
        rest = self._site_path()
        if rest is None:
            return self._not_found()
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not (target / "index.html").is_file():
                return self._not_found()  # GitHub Pages lists no folder
            return super().send_head()  # redirects to the slash, then serves index.html
        if not target.exists() and not rest.endswith("/"):
            page = target.with_name(target.name + ".html")
            if page.is_file():  # `/about` is about.html, as on GitHub Pages
                self.path = self.path.split("?", 1)[0] + ".html"
                return super().send_head()
        if not target.is_file():
            return self._not_found()
        return super().send_head()

    def _not_found(self):
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path):
        return self._not_found()


def make_server(output: Path, bind: str = "127.0.0.1", port: int = 8000,
                prefix: str = "/", handler: type[PagesHandler] = PagesHandler) -> ThreadingHTTPServer:
    """An HTTP server of `output` at `prefix` (not started: call serve_forever)."""
    handler = type("Handler", (handler,), {"prefix": prefix})
    ThreadingHTTPServer.allow_reuse_address = True
    return ThreadingHTTPServer((bind, port), functools.partial(handler, directory=str(output)))


def _pelican(pelican_args: list[str], cache: str | None = None):
    """A Pelican instance for these command-line arguments, and its settings; with `cache`,
    Pelican's reader cache in that folder: a rebuild reads again only the files that changed
    (the diary keeps each post's problems in its metadata, so the cache keeps them too)."""
    pelican, settings = get_instance(parse_arguments(pelican_args))
    if cache:
        for key, value in (("CACHE_CONTENT", True), ("LOAD_CONTENT_CACHE", True),
                           ("CONTENT_CACHING_LAYER", "reader"), ("CACHE_PATH", cache)):
            pelican.settings[key] = settings[key] = value
    return pelican, settings


def _watched(settings_file: str, settings) -> list[str]:
    """The settings, the theme and the content, as Pelican's own watcher has them,
    without a warning for an optional folder that is not there (content/images)."""
    paths = [settings_file, settings.get("THEME", ""), settings.get("PATH", "")]
    paths += [str(Path(settings.get("PATH", ""), p)) for p in settings.get("STATIC_PATHS", [])]
    found = {str(Path(p).resolve()) for p in paths if p and Path(p).exists()}
    return sorted(found)


def _build(pelican, output: Path) -> None:
    """One build into a fresh folder, put in place when it succeeded (plugin/publish.py, as
    `make html` does): the site served is always a whole one, and a post deleted is gone
    from it. A failed build is said in a line, and the preview goes on with the last site."""
    def run(arguments: list[str]) -> None:
        pelican.output_path = pelican.settings["OUTPUT_PATH"] = arguments[arguments.index("-o") + 1]
        pelican.run()

    started = time.monotonic()
    status = publish.build(str(output), [], run, stop_on_errors=False)
    if status >= 128:  # Ctrl-C or SIGTERM during the build
        raise Stopped(status - 128)
    if status:
        print("The build stopped: fix what is said above and save again.", file=sys.stderr, flush=True)
        return
    print(f"Built in {time.monotonic() - started:.1f} s.", flush=True)


class FirstPages:
    """The pages of the posts and pages just saved, written into the site being served as
    soon as Pelican has read everything, before the whole build (into a fresh folder, put in
    place at its end): the writer sees the page it is working on within the time it takes to
    read the site, not to write it. Pelican's own writer, the same arguments as Pelican's
    generators give it, so the page is the one the build writes again a moment later."""

    def __init__(self):
        self.saved: set[str] = set()  # absolute paths of the sources saved since the last build
        self.served: Path | None = None

    def __call__(self, generators) -> None:
        if not self.saved or self.served is None or not self.served.is_dir():
            return
        for generator in generators:
            relative = generator.settings.get("RELATIVE_URLS", False)
            if isinstance(generator, ArticlesGenerator):
                found = [(a, {"article": a, "category": getattr(a, "category", None), "blog": True})
                         for a in chain(generator.translations, generator.articles)]
            elif isinstance(generator, PagesGenerator):
                found = [(p, {"page": p}) for p in chain(generator.translations, generator.pages)]
            else:
                continue
            for content, extra in found:
                if os.path.abspath(content.source_path) in self.saved:
                    Writer(str(self.served), settings=generator.settings).write_file(
                        content.save_as, generator.get_template(content.template), generator.context,
                        relative_urls=relative, url=content.url, **extra)
        self.saved = set()


class Stopped(BaseException):
    """SIGTERM: the preview ends (not an Exception: a build's handlers let it through)."""


def _stop(signum, frame):
    raise Stopped(signum)


def devserver(pelican_args: list[str], bind: str, port: int) -> None:
    """Build, serve, and rebuild on every change, with one watcher for the whole session."""
    cache = tempfile.mkdtemp(prefix="diary-devserver-")  # this session's: never a stale one
    signal.signal(signal.SIGTERM, _stop)  # raises Stopped, through any build, to the finally
    try:
        _watch_and_build(pelican_args, bind, port, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def _watch_and_build(pelican_args: list[str], bind: str, port: int, cache: str) -> None:
    pelican, settings = _pelican(pelican_args, cache)
    settings_file = str(Path(pelican_args[pelican_args.index("-s") + 1]).resolve()) \
        if "-s" in pelican_args else ""
    output = Path(settings["OUTPUT_PATH"])
    httpd = make_server(output, bind, port)  # the port is taken: said now
    # The watcher starts before the first build: a save made during any build is seen.
    # (watch() is a generator: its watcher is made at the first next(), which returns after
    # at most a second; it then records changes whatever the loop below is doing.)
    changes = watchfiles.watch(*_watched(settings_file, settings), rust_timeout=1000,
                               yield_on_timeout=True, raise_interrupt=False,
                               watch_filter=FileChangeFilter(set(settings.get("IGNORE_FILES", []))))
    next(changes)  # what changed in this second is in the first build
    first_pages = FirstPages()
    signals.all_generators_finalized.connect(first_pages)
    _build(pelican, output)  # then serve: never half a site
    first_pages.served = output
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(f"Serving http://{bind}:{port}/ and rebuilding on every change (Ctrl-C to stop).", flush=True)
    for changed in changes:
        if not changed:
            continue
        names = {path for _, path in changed}
        if settings_file in names:
            shutil.rmtree(cache, ignore_errors=True)
            pelican, settings = _pelican(pelican_args, cache)
        print(f"Changed: {', '.join(sorted(names))}", flush=True)
        first_pages.saved = {os.path.abspath(name) for name in names}
        _build(pelican, output)
    httpd.shutdown()


def serve(output: Path, bind: str, port: int) -> None:
    httpd = make_server(output, bind, port)
    print(f"Serving {output} at http://{bind}:{port}/ (Ctrl-C to stop).", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    pelican_args = argv[argv.index("--") + 1:] if "--" in argv else []
    ours = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(prog="python -m pelican.plugins.running_diary.plugin.preview", description=__doc__.split("\n")[0])
    parser.add_argument("output", nargs="?", type=Path, help="the folder to serve (without --rebuild)")
    parser.add_argument("--rebuild", action="store_true", help="build with the Pelican arguments after --, "
                        "serve the output and rebuild on every change")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(ours)
    try:
        if args.rebuild:
            devserver(pelican_args, args.bind, args.port)
        elif args.output is None:
            parser.error("give the folder to serve, or --rebuild -- PELICAN_ARGS")
        else:
            serve(args.output, args.bind, args.port)
    except KeyboardInterrupt:
        return 130
    except Stopped:
        return 143
    except OSError as error:  # the port is taken, most often
        print(f"Could not serve on {args.bind}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
