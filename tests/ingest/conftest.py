"""Fixtures for the readers' and the post editor's tests: the watch files, and a throwaway site."""

from tests.cli.conftest import ACTIVITIES, fixture_file, scenarios  # noqa: F401 (fixtures)
