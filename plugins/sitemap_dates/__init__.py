"""Date the sitemap's undated pages by the content, not the build's clock.

pelican-sitemap stamps pages without a date (the index, tag pages, ...) with
the time of the build, so two builds of the same posts would differ. This
gives them the newest post's date instead, so that builds are reproducible.
"""

from pelican import signals


def date_by_content(generators):
    """Set the sitemap's "now" to the newest date among articles and pages."""
    from pelican.plugins.sitemap.sitemap import generator as sitemap

    dated = [
        getattr(item, "modified", None) or item.date
        for gen in generators
        for item in [*getattr(gen, "articles", ()), *getattr(gen, "pages", ())]
        if hasattr(item, "date")
    ]
    if dated:
        sitemap.now = max(dated)


def register():
    signals.all_generators_finalized.connect(date_by_content)
