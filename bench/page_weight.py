"""First-load weight of each demo report page, as transferred compressed.

Usage: ``.venv/bin/python bench/page_weight.py``. Fetches every demo report page through
Django's test client with ``Accept-Encoding: gzip`` (the GZip middleware compresses the
HTML), then adds every stylesheet and script the page links, compressed as WhiteNoise
serves them after ``collectstatic`` (Brotli when the browser accepts it, else gzip), and
then the charting library, which ``charts.js`` loads only once a visitor reaches a chart
(``data-plotly-src`` and ``data-plotly-css``).
Budgets: HTML under 60 KB, everything under 600 KB, the charting library included.
"""

import gzip
import re

import _demo

HTML_BUDGET = 60 * 1024
TOTAL_BUDGET = 600 * 1024
ASSET = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="(/static/[^"]+)"')
LAZY_ASSET = re.compile(r'\bdata-plotly-(?:src|css)="(/static/[^"]+)"')


def _kb(size: int) -> str:
    return f"{size / 1024:7.1f} KB"


def main() -> None:
    _demo.setup()
    import brotli
    from django.contrib.staticfiles import finders
    from django.test import Client

    reports = _demo.demo_reports()
    client = Client(HTTP_ACCEPT_ENCODING="gzip, br")
    sizes: dict[str, tuple[int, int, int]] = {}
    for report in reports:
        response = client.get(report.get_absolute_url())
        assert response.status_code == 200, (report.code, response.status_code)
        body = response.content
        html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
        text = html.decode()
        html_size = len(body)
        total_gzip = total_brotli = html_size
        print(
            f"report {report.code} {report.title}: HTML {_kb(len(html))} raw, "
            f"{_kb(html_size)} gzip ({'within' if html_size < HTML_BUDGET else 'OVER'} 60 KB)"
        )
        lazy = LAZY_ASSET.findall(text)
        for url in dict.fromkeys(ASSET.findall(text) + lazy):
            if lazy and url == lazy[0]:
                print(f"  page load: {_kb(total_brotli)} brotli; then, with a chart in view:")
            if url not in sizes:
                path = finders.find(url.removeprefix("/static/"))
                data = open(path, "rb").read()
                sizes[url] = (
                    len(data),
                    len(gzip.compress(data, compresslevel=9)),
                    len(brotli.compress(data)),
                )
            raw, gz, br = sizes[url]
            total_gzip += gz
            total_brotli += br
            print(f"  {url:<48} {_kb(raw)} raw {_kb(gz)} gzip {_kb(br)} brotli")
        print(
            f"  everything, charting library included: {_kb(total_brotli)} brotli, "
            f"{_kb(total_gzip)} gzip ({'within' if total_gzip < TOTAL_BUDGET else 'OVER'} 600 KB)"
        )


if __name__ == "__main__":
    main()
