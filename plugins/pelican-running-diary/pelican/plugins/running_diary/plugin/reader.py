"""Pelican's Markdown reader, taught YAML front matter between `---` lines.

Posts with plain `Key: value` metadata go to Pelican's own reader. The logs
reach the plugin as Python data; problems of the front matter itself go to
`problems`, which the plugin reports with the rest.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import slugify

from ..core import foreign, posts, spelling, specs, template_syntax
from ..core.model import Problem
from ..render import links, maths

LISTS = ("tags", "authors", "aliases")  # metadata kept as a list (aliases: plugins/old_addresses)
NAMES = ("tags", "category")  # grouped by the site: text that looks the same is one
MAX_SLUG = 80  # characters of an address made from a title, as `diary new` makes them
problems: list[Problem] = []  # this build's front-matter problems; the plugin resets it per build


def source_name(path: str) -> str:
    """The file as the author knows it: relative to where the build runs, if inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


class FrontMatterMarkdownReader(MarkdownReader):
    """Markdown with YAML front matter between `---` lines; plain `Key: value`
    posts go to Pelican's own reader. Logs reach the plugin as Python data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._converter = None
        self._source_path = ""
        # Maths to MathML in every post, Pelican's `Key: value` ones too: in this reader's
        # copy of MARKDOWN, which both Pelican's read() and `_markdown` build from.
        markdown = dict(self.settings["MARKDOWN"])
        markdown["extensions"] = [*markdown.get("extensions", ()), maths.MathsExtension()]
        self.settings = {**self.settings, "MARKDOWN": markdown}

    def read(self, source_path):
        """The post's HTML and metadata; the problems found reading it are kept in its metadata
        too (`diary_problems`), so that Pelican's reader cache (the devserver's) keeps them for
        a post it does not read again, and every build names them."""
        start = len(problems)
        content, metadata = self._read(source_path)
        metadata["diary_problems"] = tuple(problems[start:])
        return content, metadata

    def _read(self, source_path):
        name = source_name(source_path)
        # Only a regular file inside the content folder is read (a FIFO would hang the build);
        # what is refused raises, Pelican skips it, and plugin/skipped.py names it with the reason.
        data = posts.read_source(Path(source_path), Path(self.settings["PATH"]))
        opened = posts.open_post(data, name)  # NotText (a binary file) is skipped the same way
        self._source_path = source_path
        problems.extend(opened.problems)
        strict = bool((self.settings.get("DIARY") or {}).get("strict"))
        if opened.parts.front_matter is None:
            problems.extend(template_syntax.problems(opened.parts.body, 1, posts.plain_metadata(opened.parts.body),
                                                     name, "error" if strict else "warning"))
            if opened.problems:  # mended text: Pelican's reader would refuse the bytes
                content, metadata = self._plain(opened.parts.body)
            else:
                content, metadata = super().read(source_path)
                self._report_maths(self._md)
                content = links.root_links(content, self._kind_of)
            problems.extend(posts.plain_draft(metadata, name))
            return content, metadata
        content = self._markdown(opened.parts.body)
        metadata = {"diary_lines": opened.lines}  # where each entry stands, for the problems
        logs = specs.names()
        found, notes = foreign.normalise(opened.metadata)
        key_lines = opened.lines.key_lines if opened.lines else {}
        problems.extend(Problem(file=name, line=key_lines.get(key), field=key, message=message,
                                severity=severity) for key, message, severity in notes)
        problems.extend(template_syntax.problems(opened.parts.body, opened.parts.body_line, found, name,
                                                 "error" if strict else "warning"))
        for name_, value in found.items():
            if name_ in logs:
                metadata[name_] = value  # the plugin reads these, once every post is in
            elif value is not None:
                if name_ in ("date", "modified") and (late := posts.date_problem(
                        value, name, opened.lines.key_lines.get(name_) if opened.lines else None)):
                    problems.append(late)
                    value = dt.datetime.fromtimestamp(os.path.getmtime(source_path)).isoformat(" ", "minutes")
                metadata[name_] = self.process_metadata(name_, self._pelican_value(name_, value))
        self._fill_empty_slug(metadata, source_path, name)
        return content, metadata

    def process_metadata(self, name, value):
        """Pelican's own, with tags and the category first as the site groups them: NFKC,
        no zero-width character, whitespace collapsed and trimmed. Pelican groups by slug,
        which keeps a zero-width space under SLUGIFY_USE_UNICODE; this way it never splits
        a tag. Every post goes through here, plain `Key: value` ones too."""
        if name in NAMES and value is not None:
            value = ([spelling.display_name(item) for item in value] if isinstance(value, list)
                     else spelling.display_name(value))
        return super().process_metadata(name, value)

    def _fill_empty_slug(self, metadata: dict, source_path: str, name: str) -> None:
        """A title of only emoji or punctuation makes an empty slug, and the post would be
        written over an archive page: take the address from the file's name instead."""
        if metadata.get("slug"):
            return
        substitutions = self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        slug = slugify(str(metadata.get("title", "")), regex_subs=substitutions)
        if len(slug) > MAX_SLUG:  # a file name has at most 255 bytes
            metadata["slug"] = slug[:MAX_SLUG].rstrip("-")
            return
        if slug:
            return
        stem = Path(source_path).stem
        metadata["slug"] = slugify(stem, regex_subs=substitutions) or "post"
        if "title" in metadata:  # no title at all: Pelican skips the post, and skipped.py says so
            problems.append(Problem(file=name, severity="warning", message=(
                f"the title makes no address of letters or digits: the post's address is "
                f"{metadata['slug']!r}, from its file name (give it a `slug:` to choose)")))

    def _plain(self, text: str):
        """Pelican's `Key: value` metadata from mended text (what its reader does from a file)."""
        header, _, body = text.partition("\n\n")
        metadata = {}
        for line in header.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip():
                metadata[key.strip().lower()] = self.process_metadata(key.strip().lower(), value.strip())
        return self._markdown(body), metadata

    def _markdown(self, text: str) -> str:
        """Markdown to HTML with one converter, reset between texts, as Python-Markdown
        allows: building one per post, as Pelican's reader does, costs a quarter of a
        millisecond each. It has no `meta` preprocessor: the front matter is split off
        already, and it would swallow a body whose first line reads `Word: text`."""
        toc = "[TOC]" in text  # `diary migrate` writes it for kramdown's {:toc}
        if self._converter is None:
            self._converter = {}
        if toc not in self._converter:
            config = dict(self.settings["MARKDOWN"])
            config["extensions"] = [*config.get("extensions", ()), *(["markdown.extensions.toc"] if toc else ())]
            self._converter[toc] = Markdown(**config)
            self._converter[toc].preprocessors.deregister("meta", strict=False)
        converter = self._converter[toc]
        converter.reset()
        html = converter.convert(text)
        self._report_maths(converter)
        return links.root_links(html, self._kind_of)

    def _kind_of(self, path: str) -> str | None:
        """What a root-absolute link's path is under the content folder (see render/links.py)."""
        from urllib.parse import unquote

        file = Path(self.settings.get("PATH") or ".", unquote(path))
        if not file.is_file():
            return None
        return "filename" if file.suffix in posts.MARKDOWN_SUFFIXES else "static"

    def _report_maths(self, converter) -> None:
        """LaTeX that could not be turned into MathML stays as written: say where."""
        for extension in converter.registeredExtensions:
            if isinstance(extension, maths.MathsExtension):
                for latex, why in extension.failed:
                    problems.append(Problem(file=source_name(self._source_path), severity="warning",
                                            message=f"maths {latex[:60]!r} is shown as written: "
                                                    f"it could not be read ({why})"))
                extension.failed.clear()

    def _pelican_value(self, name: str, value):
        """A YAML value as Pelican's Markdown reader would hand it on: text, and
        FORMATTED_FIELDS (the summary) as HTML. Lists of tags and authors stay lists,
        so a name with a comma in it stays whole; other lists are joined by commas."""
        if isinstance(value, (list, tuple)) and name in LISTS:
            return [str(item) for item in value if item is not None]
        if isinstance(value, (list, tuple)):
            text = ", ".join(str(item) for item in value)
        elif hasattr(value, "isoformat"):
            text = value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
        else:
            text = str(value)
        return self._markdown(text) if name in self.settings["FORMATTED_FIELDS"] else text


def name_by_first_spelling(generator) -> None:
    """Each tag and category in the earliest post's spelling, on every page: Pelican groups
    `Calves` and `calves` by their slug, but names the group after the newest post, and each
    post shows its own spelling (and with SLUGIFY_PRESERVE_CASE it splits them)."""
    every = [*generator.articles, *generator.translations, *generator.drafts,
             *generator.drafts_translations, *generator.hidden_articles, *generator.hidden_translations]
    every.sort(key=lambda article: (article.date.timestamp() if getattr(article, "date", None) else math.inf,
                                    article.source_path))
    tag, category = spelling.FirstSpellings(), spelling.FirstSpellings()
    for article in every:
        if getattr(article, "category", None) is not None:
            article.category.name = category(article.category.name)
        for each in getattr(article, "tags", None) or ():
            each.name = tag(each.name)


def add_reader(readers) -> None:
    """Read .md files with YAML front matter."""
    for extension in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterMarkdownReader
