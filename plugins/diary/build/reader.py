"""Pelican's Markdown reader, taught YAML front matter between `---` lines.

Posts with plain `Key: value` metadata go to Pelican's own reader. The logs
reach the plugin as Python data; problems of the front matter itself go to
`problems`, which the plugin reports with the rest.
"""

from __future__ import annotations

import os

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from ..core import frontmatter, specs
from ..core.model import Problem

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

    def read(self, source_path):
        with pelican_open(source_path) as text:
            parts = frontmatter.split(text)
        if parts.front_matter is None:
            return super().read(source_path)
        self._source_path = source_path

        def warn(line: int, message: str) -> None:
            problems.append(Problem(file=source_name(source_path), line=line,
                                    message=message, severity="warning"))

        try:
            raw = frontmatter.load(parts.front_matter, warn=warn)
        except frontmatter.FrontMatterError as error:
            problems.append(Problem(file=source_name(source_path), line=error.line,
                                    message=f"{error.message}; the logs are left out"))
            raw = frontmatter.salvage(parts.front_matter)
        content = self._markdown(parts.body)
        metadata = {}
        logs = specs.names()
        for key, value in raw.items():
            name = key.lower()
            if name in logs:
                metadata[name] = value  # the plugin reads these, once every post is in
            elif value is not None:
                metadata[name] = self.process_metadata(name, self._pelican_value(name, value))
        return content, metadata

    def _markdown(self, text: str) -> str:
        """Markdown to HTML with one converter, reset between texts, as Python-Markdown
        allows: building one per post, as Pelican's reader does, costs a quarter of a
        millisecond each. It has no `meta` preprocessor: the front matter is split off
        already, and it would swallow a body whose first line reads `Word: text`."""
        if self._converter is None:
            self._converter = Markdown(**self.settings["MARKDOWN"])
            self._converter.preprocessors.deregister("meta", strict=False)
        self._converter.reset()
        return self._converter.convert(text)

    def _pelican_value(self, name: str, value):
        """A YAML value as Pelican's Markdown reader would hand it on: text, with
        lists joined by commas and FORMATTED_FIELDS (the summary) as HTML."""
        if isinstance(value, (list, tuple)):
            text = ", ".join(str(item) for item in value)
        elif hasattr(value, "isoformat"):
            text = value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
        else:
            text = str(value)
        return self._markdown(text) if name in self.settings["FORMATTED_FIELDS"] else text


def add_reader(readers) -> None:
    """Read .md files with YAML front matter."""
    for extension in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterMarkdownReader
