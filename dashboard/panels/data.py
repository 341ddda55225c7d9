"""数据 Data: the load history the page lists (the upload itself asks the warehouse nothing)."""

from __future__ import annotations

from dashboard import queries
from dashboard.panels import Page

PAGE = Page(panels=(), questions=(queries.load_runs, queries.load_files))
