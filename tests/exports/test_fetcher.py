"""Rendering reaches nothing outside the package's assets: user text is escaped, and the
URL fetcher refuses the network and the file system."""

from __future__ import annotations

import io
import socket
from typing import Any

import pytest
from pypdf import PdfReader

from exports.fetcher import ASSETS, AssetFetcher, RefusedURL
from exports.pdf import html_to_pdf, render_html
from tests.exports.helpers import board

IMG = '<img src="http://example.com/x.png">'
CSS = '<span style="background: url(http://example.com/y.png)">css</span>'


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_participant_text_is_escaped_and_fetches_nothing(
    snapshot: dict[str, Any], no_network: list[Any]
) -> None:
    pilot = board(snapshot, "pilot")
    pilot["snapshot"]["feedback"][0]["text"] = f"看这里 {IMG} 和 {CSS}"
    pilot["snapshot"]["feedback"][0]["display_name"] = "<b>王芳</b> url(file:///etc/passwd)"
    snapshot["workshop"]["title"] = f"标题 {IMG}"
    html = render_html(snapshot)
    assert IMG not in html and "&lt;img src=&#34;http://example.com/x.png&#34;&gt;" in html
    assert "<b>王芳</b>" not in html
    fetcher = AssetFetcher()
    pdf = html_to_pdf(html, fetcher)
    assert fetcher.refused == [] and not no_network  # never even asked
    # report.css, and the report's own SVGs, which go to WeasyPrint as data: images
    svgs = [url for url in fetcher.served if url.startswith("data:image/svg+xml;base64,")]
    assert len(svgs) == html.count("<svg")
    assert fetcher.served and all("report.css" in url for url in fetcher.served if url not in svgs)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "http://example.com/x.png" in text  # shown as text


def test_fetcher_refuses_external_image_and_css_url(no_network: list[Any]) -> None:
    html = (
        f"<html><head><style>body {{ background: url(http://example.com/bg.png) }}</style>"
        f"<link rel=stylesheet href='https://example.com/evil.css'></head><body>"
        f"<p>x</p>{IMG}<img src='file:///etc/passwd'><img src='../fetcher.py'>{CSS}</body></html>"
    )
    fetcher = AssetFetcher()
    pdf = html_to_pdf(html, fetcher)  # fail-safe: refused resources are skipped
    assert pdf.startswith(b"%PDF")
    refused = " ".join(fetcher.refused)
    for url in (
        "http://example.com/x.png",
        "http://example.com/y.png",
        "http://example.com/bg.png",
        "https://example.com/evil.css",
        "file:///etc/passwd",
        "fetcher.py",
    ):
        assert url in refused, (url, fetcher.refused)
    assert not no_network and not fetcher.served


def test_fetcher_serves_only_assets() -> None:
    fetcher = AssetFetcher()
    css = fetcher.fetch((ASSETS / "report.css").as_uri())
    assert css.read().startswith(b"/*") and css.content_type == "text/css"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in (
        "http://127.0.0.1/",
        "ftp://example.com/a",
        (ASSETS / ".." / "pdf.py").as_uri(),
        (ASSETS / "missing.css").as_uri(),
        "file://example.com/etc/passwd",
        "javascript:alert(1)",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
