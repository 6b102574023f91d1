"""Server-side chart SVG rendering time per report, uncached.

Usage: ``.venv/bin/python bench/chart_svg.py [--repeat N]``. Prints, for each demo report,
the charts it has, the time of its first drawing in the process (labels not measured yet
for this report, but years, ticks and names measured for earlier reports are known), then
the median and worst wall-clock time and the median CPU time of the process to draw all of
them again (specs included, SVG cache bypassed) over N runs, and the SVG size. CPU time is
printed because the wall clock on a shared 2-core machine mostly measures the neighbours.
Goal: under 50 ms a report.
"""

import argparse
import statistics
import time

import _demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    _demo.setup()

    from reports.charts.spec import chart_specs
    from reports.charts.svg import render_svg
    from reports.selectors import report_for_page

    for demo in _demo.demo_reports():
        report = report_for_page(code=demo.code)
        started = time.perf_counter()
        specs = chart_specs(report)
        for spec in specs:
            render_svg(spec)
        first = time.perf_counter() - started
        runs, cpu, per_chart = [], [], {spec.id: [] for spec in specs}
        for _ in range(args.repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            for spec in chart_specs(report):
                chart_started = time.perf_counter()
                render_svg(spec)
                per_chart[spec.id].append(time.perf_counter() - chart_started)
            runs.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        sizes = {spec.id: len(render_svg(spec).encode()) for spec in specs}
        print(f"report {report.code} ({report.title}): {len(specs)} charts")
        print(f"  first drawing in this process: {first * 1000:.1f} ms")
        for chart_id, times in per_chart.items():
            print(
                f"  {chart_id:<22} median {statistics.median(times) * 1000:6.1f} ms"
                f"  svg {sizes[chart_id] / 1024:5.1f} KB"
            )
        print(
            f"  all charts, uncached: median {statistics.median(runs) * 1000:.1f} ms, "
            f"worst {max(runs) * 1000:.1f} ms over {args.repeat} runs, "
            f"CPU median {statistics.median(cpu) * 1000:.1f} ms "
            f"({'within' if statistics.median(runs) < 0.05 else 'OVER'} the 50 ms goal)"
        )


if __name__ == "__main__":
    main()
