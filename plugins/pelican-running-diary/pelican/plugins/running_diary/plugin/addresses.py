"""The build's addresses from Pelican's generators, for core/addresses.py to check.

Read once every generator has its context and before any writes
(all_generators_finalized), the way each generator will write them (pelican
4.12's generators.py): the lists of posts, pages, translations, drafts and
static files with their `save_as`; the direct templates, tags, categories,
authors and period archives, each with its later pages (Pelican's own
Paginator, so PAGINATION_PATTERNS mean what they mean to Pelican); the feeds;
the template pages; the theme's static files; the sitemap and the search
index of the plugins this site uses; the redirect pages of old_addresses,
which step aside for anything else at their address.
"""

from __future__ import annotations

import os
from itertools import chain

from pelican.generators import ArticlesGenerator, StaticGenerator
from pelican.paginator import Paginator

from ..core import addresses
from ..core.addresses import Address
from ..core.model import Problem
from .reader import source_name

CONTENT = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
           "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations",
           "staticfiles")


def clashes(generators, settings, own: list[Address]) -> list[Problem]:
    """Every clash a source file causes, with the plugin's `own` addresses among the site's."""
    return addresses.clashes([*own, *site(generators, settings), *content(generators)])


def content(generators) -> list[Address]:
    """Each post, page, translation, draft and static file that is written (a save_as)."""
    found, seen = [], set()
    for generator in generators:
        for item in chain.from_iterable(getattr(generator, name, None) or () for name in CONTENT):
            if id(item) not in seen:
                seen.add(id(item))
                save_as = getattr(item, "save_as", "")
                source = getattr(item, "source_path", None)  # another plugin's page may have none
                if save_as:
                    found.append(Address(save_as, "", source_name(source) if source else
                                         f"a page made by a plugin ({type(item).__name__})"))
    return found


def site(generators, settings) -> list[Address]:
    """The site's own pages, feeds and files."""
    found = addresses.template_pages(settings)
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            found += _lists(generator, settings)
        elif isinstance(generator, StaticGenerator):
            found += _theme_files(generator, settings)
    plugins = {getattr(p, "__name__", str(p)).rpartition(".")[2] for p in settings.get("PLUGINS") or ()}
    if "sitemap" in plugins:
        fmt = (settings.get("SITEMAP") or {}).get("format", "xml")
        found.append(Address(f"sitemap.{fmt}", "the sitemap (pelican-sitemap)"))
    if "pagefind" in plugins:
        found.append(Address("pagefind", "the search index (pelican-pagefind)", folder=True))
    return found + _redirects(generators)


def _redirects(generators) -> list[Address]:
    """old_addresses' redirect pages (its generator's `redirects()`): each steps aside."""
    found = []
    for generator in generators:
        redirects = getattr(generator, "redirects", None)
        if callable(redirects):
            for old, _url, moved in redirects():
                moved = moved.rstrip(",")
                found.append(Address(old, f"the former address of {moved[:1].lower()}{moved[1:]} "
                                          "(old_addresses)", yields=True))
    return found


def _lists(generator: ArticlesGenerator, settings) -> list[Address]:
    """Direct templates, tag, category, author and period archive pages, and the feeds."""
    paginated = settings.get("PAGINATED_TEMPLATES") or {}

    def pages(save_as: str, url: str, items: list, template: str, what: str) -> list[Address]:
        if not save_as:
            return []
        if template not in paginated:
            return [Address(save_as, what)]
        per_page = paginated[template] or settings.get("DEFAULT_PAGINATION")
        paginator = Paginator(save_as, url, items, settings, per_page)
        return [Address(paginator.page(n).save_as, what if n == 1 else f"page {n} of {what}")
                for n in paginator.page_range]

    found = []
    for template, save_as, url in addresses.direct_templates(settings):
        found += pages(save_as, url, generator.articles, template,
                       f"the site's {template} page (DIRECT_TEMPLATES)")
    for kind, items in (("tag", generator.tags.items()), ("category", generator.categories),
                        ("author", generator.authors)):
        for item, articles in items:
            found += pages(item.save_as, item.url, articles, kind, f"the page of {kind} {item}")
    for granularity, periods in generator.period_archives.items():
        for period in periods:
            when = "-".join(f"{n:02}" for n in period["period_num"])
            found += pages(period["save_as"], period["url"], period["articles"], "period_archives",
                           f"the {granularity} archive {when}")
    langs = sorted({a.lang for a in chain(generator.articles, generator.translations)})
    slugs = {"tag": [t.slug for t in generator.tags], "lang": langs,
             "category": [c.slug for c, _ in generator.categories],
             "author": [a.slug for a, _ in generator.authors]}
    return found + addresses.feeds(settings, slugs)


def _theme_files(generator: StaticGenerator, settings) -> list[Address]:
    """The theme's static files, copied to THEME_STATIC_DIR as StaticGenerator copies them."""
    found = []
    target = settings.get("THEME_STATIC_DIR", "theme")
    for path in settings.get("THEME_STATIC_PATHS") or ():
        source = os.path.join(generator.theme, path)
        if os.path.isfile(source):
            found.append(Address(f"{target}/{os.path.basename(path)}", f"the theme's {path}"))
        for folder, _, files in os.walk(source):
            for name in files:
                relative = os.path.relpath(os.path.join(folder, name), source)
                found.append(Address(f"{target}/{relative}", f"the theme's {path}/{relative}"))
    return found
