"""Settings for the publish build: pelicanconf.py plus what publishing changes."""

import os
import sys

# pelicanconf.py beside this file, wherever pelican or make is run from.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F401,F403

# The site's public address; override with SITEURL=... for a fork or a custom domain.
SITEURL = os.environ.get("SITEURL", "https://jorunner.github.io/diary")
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"

# No DELETE_OUTPUT_DIRECTORY: `make publish` builds into a fresh, empty folder and puts
# it in place of the old site only when the build succeeded (running_diary/plugin/publish.py);
# emptying OUTPUT_PATH first would leave no site at all after a failed build.

# A publish build writes no draft anywhere (status: draft, draft: true or published: false):
# no drafts/ folder. Feeds, the sitemap, the search index and the data files never hold one.
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""

# A publish build fails on any invalid log entry, after listing them all.
DIARY = {**DIARY, "strict": True}  # noqa: F405

# A publish build fails when the search index could not be written (the pelican-pagefind plugin, plugins/pelican-pagefind).
PAGEFIND_REQUIRED = True
