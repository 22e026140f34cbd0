"""Settings for the running diary. `publishconf.py` imports these and changes
only what publishing needs."""

import os

_here = os.path.dirname(os.path.abspath(__file__))

AUTHOR = "Jo Runner"
SITENAME = "Tight Calves, Long Holds"
SITESUBTITLE = "A running diary that publishes itself"
SITEURL = ""

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["pages"]
# Nothing whose name starts with a dot, or under a folder whose name does, is
# published or read as a post (.env, .git/, .well-known/, .draft.md, an editor's
# or an import's .post.md.*.tmp). Pelican matches these against each file's and
# folder's own name; its default "**/.*" never matches a bare name, so it keeps
# nothing out. "**/.*" stays for the dev server's watcher, which matches full paths.
IGNORE_FILES = [".*", "**/.*"]
# Every file under the content folder that is not a post or a page is copied as it
# is (a picture, a PDF, a GPX, an .html attachment in a folder without posts: see
# the diary plugin), so a blog brought from elsewhere keeps its files.
# extra/ holds the template of robots.txt (TEMPLATE_PAGES below), not a file to copy.
STATIC_PATHS = [""]
STATIC_EXCLUDES = ["extra"]
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

THEME = "theme"
# The categories are in every page's footer (Categories) and on each post: not in the
# menu too. The theme honours Pelican's setting, whose default is True (theme/README.md).
DISPLAY_CATEGORIES_ON_MENU = False
# The site's own two small plugins (plugins/sitemap_dates, plugins/old_addresses); the
# diary and the search index are installed distributions, which Pelican finds by name.
# Absolute: a settings file elsewhere that imports these (tests/site/samples_conf.py) keeps them.
PLUGIN_PATHS = [os.path.join(_here, "plugins")]
# sitemap_dates dates the sitemap by the posts, so two builds are byte-identical.
# pagefind builds the search index (output/pagefind/) as Pelican writes the pages.
# old_addresses (last) writes a small redirect page at each tag's, category's and
# author's former address (tag/calves.html -> tag/calves/), outside the sitemap and search.
PLUGINS = ["running_diary", "sitemap", "sitemap_dates", "pagefind", "old_addresses"]

# URLs without .html, the way GitHub Pages serves folders.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# A translation sits in a folder of its language under the post's own (same slug).
ARTICLE_LANG_URL = "{date:%Y}/{date:%m}/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/{lang}/index.html"
PAGE_LANG_URL = "{slug}/{lang}/"
PAGE_LANG_SAVE_AS = "{slug}/{lang}/index.html"
# Tags, categories and authors in folders too (and their lists, below). Their
# former addresses (Pelican's tag/{slug}.html, tags.html, ...) still answer:
# see PLUGINS, old_addresses.
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"

# Feeds are off while developing; publishconf.py turns them on with absolute URLs.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = 10
# Later pages in folders as well: page/2/, tag/calves/page/2/ (old_addresses
# redirects index2.html and tag/calves2.html). INDEX_URL "" makes page 1 the root.
INDEX_URL = ""
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]
RELATIVE_URLS = True

# Folders for the archives too: /2024/ and /2024/03/ list what the article
# addresses below them suggest.
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"

# search/: the theme's search page, over the Pagefind index that `make html`
# and `make publish` build after Pelican. 404.html at the output root:
# GitHub Pages serves it for unknown addresses.
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search", "404"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"

# reStructuredText tables without <col width="..."> (obsolete in HTML; the Nu checker refuses it).
DOCUTILS_SETTINGS = {"table_style": "colwidths-auto"}

# Markdown as Pelican has it (highlighted code, extra, meta), and ids on headings
# (toc), so that an #anchor in a post or from another reaches its heading; each
# heading carries a "#" link to itself, shown on hover or focus (theme/css/components/article.css).
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": "#", "permalink_title": "Link to this section"},
    },
    "output_format": "html5",
}

# Templates escape whatever they print (a log's notes may hold "<script>"); the theme marks content |safe.
# auto_reload off: Pelican makes its template environments anew for every build (the
# devserver's rebuilds too), so Jinja's check of each template file's time on every
# include and import, some 12,000 a build of 1,000 posts, finds nothing to reload.
JINJA_ENVIRONMENT = {"autoescape": True, "auto_reload": False}

# robots.txt is a small template (it names the sitemap by its full address).
# It is the site's, whatever content folder is built, hence the absolute path.
TEMPLATE_PAGES = {os.path.join(_here, "content", "extra", "robots.txt"): "robots.txt"}

# sitemap.xml (pelican-sitemap), without the pages no one should land on.
SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$", r"^robots\.txt$", r"^search/$"],
}

# One settings dict for the diary plugin; see README.md for every key.
DIARY = {
    "units": "km",
    "currency": "GBP",
    "week_start": "monday",
    "stretch_target_hold": 30,
    "weekly_stretch_goal": 5,
    "strict": False,
    "yearly_goal_km": None,  # a yearly running goal in km, shown as progress on training/
    "weekly_goal_km": 20,  # running goals for a week and a calendar month, shown as progress
    "monthly_goal_km": 80,
    "shoe_limit_km": 700,  # running km at which a pair is marked "retire" ("near limit" from 90%)
    # What the build removes from every route it shows (and `diary import` before writing
    # one): at least trim_m metres (up to twice it) at each end. Private zones (home,
    # work...) and the secret salt never go here: see DIARY_PRIVATE_FILE.
    "privacy": {"trim_m": 200},
}
# The zones and the salt: private.toml beside this file (git-ignored; `diary privacy init`
# writes it), or the DIARY_PRIVATE environment variable holding the same TOML (README, "Privacy").
DIARY_PRIVATE_FILE = os.path.join(_here, "private.toml")
