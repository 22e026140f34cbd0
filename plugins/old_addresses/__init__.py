"""Former addresses that still answer: a small redirect page at each one.

This site keeps tags, categories and authors in folders (`tag/calves/`,
pelicanconf.py's TAG_URL and friends) and later pages of a list in folders too
(`page/2/`, `tag/calves/page/2/`). Pelican's defaults, which the site used
before, put them at `tag/calves.html`, `index2.html`, `tag/calves2.html`. For
every tag, category and author, and every later page of them and of the index,
and for the lists of tags, categories and authors and the archives
(`tags.html` -> `tags/`), and for each post's `aliases` and `permalink`
(its addresses on the site it came from: see `diary migrate`), this writes at the old address a page with `<meta http-equiv="refresh">`, a
canonical link and a plain link to the new one.

A redirect page is

- never written over anything else: it is written after the posts and pages,
  and an address that a post, a page, a translation, a draft, a static file, a
  direct or a template page already takes is left to it (Pelican's sample site
  saves a post at `tag/baz.html`);
- left out of the sitemap (its exact addresses join SITEMAP["exclude"]), marked
  `noindex` for search engines, and without `data-pagefind-body`, so that the
  site's search never lists it.

Settings (both optional):

    OLD_ADDRESSES = {"tag": "tag/{slug}.html", "category": "category/{slug}.html",
                     "author": "author/{slug}.html", "index": "index.html",
                     "tags": "tags.html", "categories": "categories.html",
                     "authors": "authors.html", "archives": "archives.html"}
        the former SAVE_AS of each kind of list (`{slug}` and `{name}` as in
        Pelican's settings) and of each direct template; leave one out to
        write no redirect for it. An address that has not moved gets none.
    OLD_PAGINATION_PATTERNS = Pelican's default PAGINATION_PATTERNS
        how the later pages of those lists were named.
"""

from __future__ import annotations

import logging
import os
import re
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator
from pelican.paginator import PaginationRule, Paginator

log = logging.getLogger(__name__)

DEFAULT_OLD_ADDRESSES = {
    "tag": "tag/{slug}.html",
    "category": "category/{slug}.html",
    "author": "author/{slug}.html",
    # DIRECT_TEMPLATES: Pelican saves each as NAME.html.
    "index": "index.html",
    "tags": "tags.html",
    "categories": "categories.html",
    "authors": "authors.html",
    "archives": "archives.html",
}
PER_ITEM = {"tag": ("tags", "The tag “{}”"), "category": ("categories", "The category “{}”"),
            "author": ("authors", "The posts by {}")}
DIRECT = {"index": "The list of posts", "tags": "The list of tags", "categories": "The list of categories",
          "authors": "The list of authors", "archives": "The archive of every post"}
DEFAULT_OLD_PAGINATION = [
    (1, "{name}{extension}", "{name}{extension}"),
    (2, "{name}{number}{extension}", "{name}{number}{extension}"),
]
# A regex comment marks this plugin's pattern in SITEMAP["exclude"], so a rebuild replaces it.
SITEMAP_MARK = "(?#old_addresses)"

PAGE = """{% set target = SITEURL ~ '/' ~ target_url %}<!DOCTYPE html>
<html lang="{{ DEFAULT_LANG }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>{{ moved }} has moved | {{ SITENAME|striptags }}</title>
<link rel="canonical" href="{{ target }}">
<meta http-equiv="refresh" content="0; url={{ target }}">
</head>
<body>
<main>
<h1>{{ moved }} has moved</h1>
<p>It is now at <a href="{{ target }}">{{ target }}</a>.</p>
</main>
</body>
</html>
"""


def _taken(context: dict, settings: dict) -> set[str]:
    """Every output address something else in the build writes or copies."""
    taken = set()
    for key in ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
        for item in context.get(key) or ():
            for one in (item, *getattr(item, "translations", ())):
                taken.add(getattr(one, "save_as", ""))
    for static in (context.get("static_content") or {}).values():
        taken.add(getattr(static, "save_as", ""))
    taken.update((settings.get("TEMPLATE_PAGES") or {}).values())
    for template in settings.get("DIRECT_TEMPLATES") or ():
        taken.add(settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html"))
    return {os.path.normpath(path) for path in taken if path}


class OldAddressesGenerator(Generator):
    """Runs after Pelican's own generators, so the lists and their addresses are known."""

    def generate_context(self):
        self.template = self.env.from_string(PAGE)

    def lists(self):
        """(what, its former SAVE_AS, its SAVE_AS, its URL, its posts, the template) of every list."""
        old = self.settings.get("OLD_ADDRESSES", DEFAULT_OLD_ADDRESSES) or {}
        for kind, (key, label) in PER_ITEM.items():
            if kind in old:
                for item, articles in self.context.get(key) or ():
                    yield (label.format(item), old[kind].format(**item.as_dict()), item.save_as, item.url,
                           articles, kind)
        for template in self.settings.get("DIRECT_TEMPLATES") or ():
            if template in old:
                save_as = self.settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
                url = self.settings.get(f"{template.upper()}_URL", f"{template}.html")
                yield (DIRECT.get(template, f"The page “{template}”"), old[template], save_as, url,
                       self.context.get("articles") or [], template)

    def redirects(self):
        """(from, to URL, what moved) for every former address, later pages included."""
        paginated = self.settings.get("PAGINATED_TEMPLATES") or {}
        old_settings = {**self.settings, "PAGINATION_PATTERNS": [
            PaginationRule(*rule) for rule in self.settings.get("OLD_PAGINATION_PATTERNS", DEFAULT_OLD_PAGINATION)]}
        for moved, old_save_as, save_as, url, articles, template in self.lists():
            if not save_as:
                continue
            per_page = None
            if self.settings.get("DEFAULT_PAGINATION") and template in paginated:
                per_page = paginated[template] or self.settings["DEFAULT_PAGINATION"]
            new = Paginator(save_as, url, articles, self.settings, per_page)
            former = Paginator(old_save_as, old_save_as, articles, old_settings, per_page)
            for number in new.page_range:
                page = new.page(number)
                yield (former.page(number).save_as, page.url,
                       moved if number == 1 else f"{moved}, page {number},")

    def post_redirects(self):
        """(from, to URL, what moved) for each post's or page's own former addresses: its
        `aliases` (Hugo's name, a list) and `permalink` (Jekyll's), as `diary migrate`
        writes them, each a path from the site's root (`/2019/05/01/easy-run.html`)."""
        for key in ("articles", "pages", "hidden_articles", "hidden_pages"):
            for item in self.context.get(key) or ():
                for one in (item, *getattr(item, "translations", ())):
                    for path in former_paths(one.metadata):
                        yield path, one.url, f"The post “{one.title}”"

    def generate_output(self, writer):
        taken = _taken(self.context, self.settings)
        written = {os.path.normpath(os.path.relpath(path, self.output_path))
                   for path in getattr(writer, "_written_files", ())}
        excluded = []
        for old, url, moved in (*self.redirects(), *self.post_redirects()):
            old = os.path.normpath(old)
            if old in taken or old in written:
                log.debug("old_addresses: %s is taken, no redirect to %s", old, url)
                continue
            taken.add(old)
            writer.write_file(old, self.template, self.context, relative_urls=self.settings["RELATIVE_URLS"],
                              moved=moved, target_url=url)
            excluded.append(re.escape(old.replace(os.sep, "/")))
        sitemap = dict(self.settings.get("SITEMAP") or {})
        patterns = [p for p in sitemap.get("exclude", ()) if not p.startswith(SITEMAP_MARK)]
        if excluded:
            patterns.append(f"{SITEMAP_MARK}^(?:{'|'.join(excluded)})$")
        sitemap["exclude"] = patterns
        self.settings["SITEMAP"] = sitemap


def former_paths(metadata: dict) -> list[str]:
    """The files a post's `aliases` and `permalink` were served from: `/a/b.html` is
    a/b.html, `/a/b/` and `/a/b` are a/b/index.html. Other sites' addresses and paths
    that climb out of the site are left out."""
    found = []
    for key in ("aliases", "permalink"):
        value = metadata.get(key) or []
        for path in value if isinstance(value, (list, tuple)) else str(value).split(","):
            path = urlsplit(str(path).strip()).path if "://" not in str(path) else ""
            parts = [part for part in path.split("/") if part]
            if not parts or ".." in parts or "{" in path or ":" in path:
                continue  # a pattern (`/:year/:title/`) or nothing
            last = parts[-1]
            file = "/".join(parts) if "." in last and not path.endswith("/") else "/".join([*parts, "index.html"])
            found.append(file)
    return found


def get_generators(pelican):
    return OldAddressesGenerator


def register():
    signals.get_generators.connect(get_generators)
