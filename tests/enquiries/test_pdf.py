import io

from pypdf import PdfReader

from portal.pdf import StaticOnlyFetcher, html_to_pdf

HOSTILE = """<html><head>
<style>@import url("https://evil.example/steal.css");</style>
<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/">
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="/static/css/pdf-sample.css">
</head><body>
<h1>Quarterly outlook</h1>
<img src="file:///etc/passwd">
<img src="https://pdf.invalid/static/../../../etc/passwd">
<img src="ftp://example.com/x.png">
<a rel="attachment" href="/static/css/forms.css">attached</a>
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E">
</body></html>"""


def test_fetcher_refuses_files_other_hosts_and_traversal_and_drops_attachments():
    fetcher = StaticOnlyFetcher()

    pdf = html_to_pdf(HOSTILE, fetcher=fetcher)

    reader = PdfReader(io.BytesIO(pdf))
    assert "Quarterly outlook" in reader.pages[0].extract_text()
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in pdf and b"/FileAttachment" not in pdf
    assert "https://evil.example/steal.css" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://169.254.169.254/latest/meta-data/" in fetcher.refused
    assert "ftp://example.com/x.png" in fetcher.refused
    assert all(url.startswith(("data:", "https://pdf.invalid/static/")) for url in fetcher.served)
    assert not any("etc/passwd" in url for url in fetcher.served)


def test_fetcher_serves_our_static_files_and_data_urls():
    fetcher = StaticOnlyFetcher()

    html_to_pdf(
        '<link rel="stylesheet" href="/static/css/pdf-sample.css"><p>Styled</p>'
        "<img src=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E\">",
        fetcher=fetcher,
    )

    assert "https://pdf.invalid/static/css/pdf-sample.css" in fetcher.served
    assert any(url.startswith("data:image/svg+xml") for url in fetcher.served)
    assert fetcher.refused == []
