"""Shared fixtures. The guide's build, test server and browser (tests/site_build.py) are
registered here once, so the site is built a single time per test session."""
from site_build import browser, built, server  # noqa: F401 - fixtures
