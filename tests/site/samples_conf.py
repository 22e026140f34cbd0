"""Settings that build Pelican's sample site (tests/site/pelican_samples.py) with this
site's theme and plugins, the way `make publish` builds ours.

Everything is publishconf.py's (the theme, the plugins, the folder-style addresses,
absolute URLs, feeds, SITEURL from the environment), except what the samples need
of their own samples/pelican.conf.py: their author and name, DEFAULT_DATE (some of
their posts have none), STATIC_PATHS, EXTRA_PATH_METADATA and TEMPLATE_PAGES
(their robots.txt and jinja2_template.html, instead of ours), READERS, Pygments'
line numbers, pagination by 4, LINKS and SOCIAL. The samples folder is
$PELICAN_SAMPLES, set by the test that builds them.
"""

import os
import sys

_repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, _repo)
from publishconf import *  # noqa: E402,F401,F403

# Pelican reads a relative PLUGIN_PATHS or THEME from this file's folder (tests/site/):
# the site's own, absolute (else sitemap_dates and old_addresses are not found, two errors).
PLUGIN_PATHS = [os.path.join(_repo, "plugins")]
THEME = os.path.join(_repo, "theme")

_samples = os.environ["PELICAN_SAMPLES"]
_theirs: dict = {}
with open(os.path.join(_samples, "pelican.conf.py"), encoding="utf-8") as _conf:
    exec(compile(_conf.read(), _conf.name, "exec"), _theirs)  # noqa: S102 (Pelican's own file)

KEPT = ["AUTHOR", "SITENAME", "SITESUBTITLE", "TIMEZONE", "DEFAULT_DATE", "DEFAULT_PAGINATION",
        "REVERSE_CATEGORY_ORDER", "LOCALE", "LINKS", "SOCIAL", "DEFAULT_METADATA",
        "EXTRA_PATH_METADATA", "STATIC_PATHS", "TEMPLATE_PAGES", "READERS", "PYGMENTS_RST_OPTIONS"]
globals().update({key: _theirs[key] for key in KEPT if key in _theirs})
PATH = os.path.join(_samples, "content")
# Their feeds in RSS as well, by category.
FEED_ALL_RSS = _theirs.get("FEED_ALL_RSS", FEED_ALL_RSS)  # noqa: F405
CATEGORY_FEED_RSS = _theirs.get("CATEGORY_FEED_RSS")
