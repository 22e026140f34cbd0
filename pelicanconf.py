"""Settings for the running diary. `publishconf.py` imports these and changes
only what publishing needs."""

AUTHOR = "Jo Runner"
SITENAME = "Tight Calves, Long Holds"
SITESUBTITLE = "A running diary that publishes itself"
SITEURL = ""

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["pages"]
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["diary"]

# URLs without .html, the way GitHub Pages serves folders.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"

# Feeds are off while developing; publishconf.py turns them on with absolute URLs.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = 10
RELATIVE_URLS = True

# One settings dict for the diary plugin; see README.md for every key.
DIARY = {
    "units": "km",
    "currency": "GBP",
    "week_start": "monday",
    "stretch_target_hold": 30,
    "weekly_stretch_goal": 5,
    "strict": False,
}
