"""The few layout touches Streamlit's theme cannot express, as one stylesheet.

Kept small and keyed on Streamlit's stable `data-testid`s: a tighter top margin under the
navigation bar, headline tiles' labels wrapping rather than cut short, and the file uploader's built-in English text replaced by our own wording
(Streamlit offers no way to translate it). If Streamlit renames these, the page still works;
it only looks as Streamlit's default.
"""

from __future__ import annotations

from dashboard.i18n import t


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


TWO_LINE_TILE_LABELS = """
[class*="st-key-tile-"] [data-testid="stMetricLabel"] { min-height: 3em; align-items: flex-start; }
[class*="st-key-tile-"] [data-testid="stMetricLabel"] p { white-space: normal; }
"""


def upload_limit_mb() -> int:
    import streamlit as st

    return int(st.get_option("server.maxUploadSize"))


def stylesheet(language: str) -> str:
    button = _css_string(t("data.uploader.button", language))
    hint = _css_string(t("data.uploader.hint", language, mb=upload_limit_mb()))
    # English tile labels may take two lines ("Memberships in force in the year"): every tile
    # keeps room for two, so the tiles stay the same height.
    tiles = TWO_LINE_TILE_LABELS if language == "en" else ""
    return f"""
<style>
[data-testid="stMainBlockContainer"] {{ padding-top: 4.5rem; }}
{tiles}[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{
  font-size: 0;
}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: {button}; font-size: 0.875rem;
}}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: {hint}; font-size: 0.8rem;
}}
</style>
"""
