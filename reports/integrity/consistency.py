"""Do a report's numbers agree with each other? Findings from what its text states
(``statements``) and its typed figures, each quoting the words it rests on.

Every comparison is between intervals (``numbers``): what the written figures allow given
how precisely they are written, never values rounded first. Only statements about the same
subject are compared: a region's growth rate is never judged against the whole market's
sizes.

Kinds (level): ``malformed_number``, ``missing_number``, ``made_up_content``,
``value_conflict`` (errors); ``cagr_mismatch``, ``period_conflict``, ``scale_conflict``,
``share_value_mismatch``, ``growth_shrinks``, ``assumed_value`` (warnings);
``number_not_understood`` (notes).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from .numbers import INFINITY
from .statements import (
    DECLINE_WORDS,
    GROWTH_WORDS,
    MARKET,
    StatedPeriod,
    Statement,
    Subject,
    TextStatements,
    read_statements,
)
from .subjects import report_geography

SCALE_SUSPECT = (300, 3000)
"""Two values of one subject this many times apart: a million written for a billion."""

TOP_LEVEL_REGIONS = frozenset(
    {
        "north america", "south america", "latin america", "europe", "asia pacific",
        "middle east and africa", "middle east", "africa", "asia", "oceania", "lamea",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Size:
    """A size of one subject for one year: stated in a text or typed as a figure."""

    subject: Subject
    year: int
    low: Decimal
    high: Decimal
    mid: Decimal
    currency: str | None
    where: str
    quote: str
    sentence: str = ""
    sentence_index: int = -1
    typed: bool = False
    scale: int = 0
    exact: bool = True
    """One value as written (not a range, not "over"/"nearly")."""


def _size_from(statement: Statement) -> Size:
    q = statement.quantity
    mid = q.value if q.value is not None else (q.low + q.high) / 2
    return Size(
        statement.subject, statement.year, q.low, q.high, mid, q.currency, statement.where,
        statement.quote, statement.sentence, statement.sentence_index, scale=q.scale,
        exact=q.is_exact_value,
    )  # fmt: skip


def _overlap(a_low, a_high, b_low, b_high) -> bool:
    return a_low <= b_high and b_low <= a_high


def _fmt(value: Decimal) -> str:
    if not value.is_finite():
        return "any"
    return f"{value.quantize(Decimal('0.01'))}"


def rate_range(start: Size, end: Size, years: int) -> tuple[Decimal, Decimal] | None:
    """The CAGRs (percent) that ``start`` and ``end``, as written, allow over ``years``."""
    if years <= 0 or start.high <= 0 or end.high <= 0:
        return None
    if start.high == INFINITY or end.low <= 0:
        low = -INFINITY
    else:
        low = Decimal(repr((math.pow(float(end.low) / float(start.high), 1 / years) - 1) * 100))
    if end.high == INFINITY or start.low <= 0:
        high = INFINITY
    else:
        high = Decimal(repr((math.pow(float(end.high) / float(start.low), 1 / years) - 1) * 100))
    return low, high


class Checker:
    """Collects findings; ``finding`` is ``reports.integrity.Finding``'s constructor."""

    def __init__(self, finding, levels):
        self.finding = finding
        self.error, self.warning, self.note = levels
        self.found: list = []
        self.seen: set = set()

    def add(self, level, code: str, message: str, *, where: str, quote: str, at=None) -> None:
        """``at`` tells apart two findings quoting the same words in one text (the
        sentence they are in); without it, the same words in one text count once."""
        key = (code, where, quote, at)
        if key in self.seen:
            return
        self.seen.add(key)
        self.found.append(self.finding(level, code, message, where=where, quote=quote))


def text_statements(texts: Iterable, *, language: str) -> TextStatements:
    """Statements of every text of a report, the headline and title read as headlines.

    A report whose title names a geography's market ("North America Pet Treats Market",
    "北米ペット用おやつ市場") is about that geography: statements about it are about the
    whole market."""
    texts = [item for item in texts if not getattr(item, "is_name", False)]
    out = TextStatements()
    for item in texts:
        out.extend(
            read_statements(
                item.text,
                where=item.where,
                language=language,
                is_headline=item.where in ("Title", "Headline"),
            )
        )
    own = report_geography(item.text for item in texts if item.where in ("Title", "Headline"))
    if own is not None:
        out.statements = [
            replace(s, subject=MARKET) if s.subject == own else s for s in out.statements
        ]
        out.growth_claims = [
            (MARKET if subject == own else subject, where, sentence)
            for subject, where, sentence in out.growth_claims
        ]
    return out.settle()


def consistency_findings(content, stated: TextStatements, checker: Checker) -> None:
    """Add every consistency finding of ``content`` (a ``ReportContent``) to ``checker``."""
    sizes = [_size_from(s) for s in stated.statements if s.kind == "size"]
    sizes = _without_unitless(sizes, checker)
    sizes += _typed_sizes(content)
    rates = [s for s in stated.statements if s.kind == "rate"]
    shares = [s for s in stated.statements if s.kind == "share"]

    for problem in stated.problems:
        message = {
            "malformed_number": f'"{problem.quote}" cannot be read as a number'
            + (f" ({problem.why})" if problem.why else "")
            + ": write it in full, e.g. USD 412 billion.",
            "missing_number": f'"{problem.quote}" has no number: fill it in or remove the '
            "sentence.",
            "made_up_content": f'"{problem.quote}": the text says its data is not real. '
            "Replace it with sourced figures.",
        }[problem.kind]
        checker.add(
            checker.error, problem.kind, f"{problem.where}: {message}",
            where=problem.where, quote=problem.quote,
        )  # fmt: skip

    _value_findings(sizes, checker)
    _cagr_findings(rates, sizes, stated.forecast_period, stated.unread, checker)
    _period_findings(
        stated.periods,
        rates,
        [s for s in stated.statements if s.kind == "size"],
        content,
        checker,
    )
    _share_findings(shares, sizes, checker)
    _growth_findings(sizes, rates, stated, checker)
    for statement in stated.statements:
        if statement.kind == "size" and statement.assumption_named:
            quote = statement.assumption_quote or statement.quote
            checker.add(
                checker.warning, "assumed_value",
                f'{statement.where}: "{statement.quote}" for {statement.year} is presented as '
                "an assumption; it is kept as an estimate. Replace it with a sourced figure.",
                where=statement.where, quote=quote,
            )  # fmt: skip
    for unread in stated.unread:
        checker.add(
            checker.note, "number_not_understood",
            f'{unread.where}: "{unread.quote}" was not read ({unread.why}): "{unread.sentence}"',
            where=unread.where, quote=unread.quote,
        )  # fmt: skip


def _without_unitless(sizes: list[Size], checker: Checker) -> list[Size]:
    """Sizes minus those written without a scale ("US$54.17 in 2021") beside sizes of the
    same subject ten thousand times larger: the "billion" was dropped. Each is a
    ``malformed_number`` finding, and no check reads it."""
    kept = []
    for size in sizes:
        dropped = size.scale == 0 and any(
            other.subject == size.subject
            and other.currency == size.currency
            and other.scale >= 6
            and other.mid >= size.mid * 10_000
            for other in sizes
        )
        if not dropped:
            kept.append(size)
            continue
        checker.add(
            checker.error, "malformed_number",
            f'{size.where}: "{size.quote}" for {size.year} has no unit while the other sizes '
            "are in millions or billions: write the unit.",
            where=size.where, quote=size.quote,
        )  # fmt: skip
    return kept


def _typed_sizes(content) -> list[Size]:
    scale = Decimal(1).scaleb(content.unit_exponent)
    sizes = []
    for figure in content.figures:
        subject = (
            MARKET if figure.segment is None else Subject("segment", figure.segment_name.lower())
        )
        step = (figure.precision or Decimal(0)) * scale
        value = figure.value * scale
        sizes.append(
            Size(
                subject, figure.year, value - step / 2, value + step / 2, value,
                content.currency, "Figures", f"figure {figure.value.normalize():f}",
                typed=True,
            )
        )  # fmt: skip
    return sizes


def _same_currency(a: Size, b: Size) -> bool:
    """An amount written without a currency is compared only with others without one."""
    return a.currency == b.currency


def _value_findings(sizes: list[Size], checker: Checker) -> None:
    by_key: dict[tuple, list[Size]] = defaultdict(list)
    for size in sizes:
        by_key[(size.subject, size.year)].append(size)
    for (_subject, year), group in by_key.items():
        for index, later in enumerate(group):
            twin = next(
                (
                    e
                    for e in group[:index]
                    if e.currency
                    and later.currency
                    and e.currency != later.currency
                    and e.mid == later.mid
                    and not e.typed
                    and not later.typed
                    and not any(
                        o.currency in (e.currency, later.currency) and o.mid != e.mid for o in group
                    )
                ),
                None,
            )
            if twin is not None:
                checker.add(
                    checker.error, "value_conflict",
                    f'{later.where}: "{later.quote}" for {year} is "{twin.quote}" ({twin.where}) '
                    f"in another currency: {twin.currency} or {later.currency}?",
                    where=later.where, quote=later.quote,
                )  # fmt: skip
    for (subject, year), group in by_key.items():
        group = sorted(group, key=lambda size: size.typed)
        for index, later in enumerate(group):
            earlier_sizes = [e for e in group[:index] if _same_currency(e, later)]
            if any(_overlap(e.low, e.high, later.low, later.high) for e in earlier_sizes):
                continue
            for earlier in earlier_sizes[:1]:
                if later.typed:
                    earlier, later = later, earlier
                ratio = max(earlier.mid, later.mid) / max(min(earlier.mid, later.mid), Decimal(1))
                if SCALE_SUSPECT[0] <= ratio <= SCALE_SUSPECT[1]:
                    checker.add(
                        checker.warning, "scale_conflict",
                        f'{later.where}: "{later.quote}" for {year} is about {ratio:.0f} times '
                        f'"{earlier.quote}" ({earlier.where}) for {subject.label}: a million '
                        "written for a billion, or a table in another unit?",
                        where=later.where, quote=later.quote,
                    )  # fmt: skip
                else:
                    checker.add(
                        checker.error, "value_conflict",
                        f'{later.where}: "{later.quote}" for {year} disagrees with '
                        f'"{earlier.quote}" ({earlier.where}) for {subject.label}, beyond '
                        "rounding.",
                        where=later.where, quote=later.quote,
                    )  # fmt: skip
    by_subject: dict[Subject, dict[int, Size]] = defaultdict(dict)
    for size in sizes:
        by_subject[size.subject].setdefault(size.year, size)
    for subject, by_year in by_subject.items():
        years = sorted(by_year)
        for first, second in zip(years, years[1:], strict=False):
            a, b = by_year[first], by_year[second]
            if not _same_currency(a, b) or second - first > 15 or min(a.mid, b.mid) <= 0:
                continue
            ratio = max(a.mid, b.mid) / min(a.mid, b.mid)
            if ratio >= SCALE_SUSPECT[0]:
                odd, other = (a, b) if a.scale < b.scale else (b, a)
                checker.add(
                    checker.warning, "scale_conflict",
                    f'{odd.where}: "{odd.quote}" ({odd.year}) and "{other.quote}" '
                    f"({other.year}) for {subject.label} are {ratio:.0f} times apart: a "
                    "million written for a billion?",
                    where=odd.where, quote=odd.quote,
                )  # fmt: skip


def _pairs_for(
    rate: Statement,
    sizes: list[Size],
    forecast: tuple[int, int] | None,
    unread_in: Counter,
):
    """The pairs of sizes a stated CAGR is judged against, and the period it claims (the
    integrity corpus README's rule): the sizes at both ends of its period, else any two in
    its sentence, else the first and last of its subject. Every size written for a year
    is tried, so a rate that agrees with any reading of the text is not flagged."""
    if rate.historic and not rate.period:
        return [], None
    own = [s for s in sizes if s.subject == rate.subject]
    by_year: dict[int, list[Size]] = defaultdict(list)
    for size in own:
        by_year[size.year].append(size)
    if len(by_year) < 2:
        return [], None
    period = rate.period or (forecast if rate.in_forecast_period else None)

    def written(year: int) -> list[Size]:
        """A year's sizes; a bound or range only where no single value is written."""
        exact = [s for s in by_year[year] if s.exact]
        return exact or by_year[year]

    def across(first: int, last: int) -> list[tuple[Size, Size]]:
        return [(a, b) for a in written(first) for b in written(last) if _same_currency(a, b)]

    if rate.period and period[0] in by_year and period[1] in by_year:
        return across(*period), period
    in_sentence = sorted(
        {s.year for s in own if s.where == rate.where and s.sentence_index == rate.sentence_index}
    )
    if rate.volume_basis and len(in_sentence) < 2:
        return [], None
    if len(in_sentence) >= 2:
        return [
            pair
            for i, first in enumerate(in_sentence)
            for last in in_sentence[i + 1 :]
            for pair in across(first, last)
        ], period
    if period and period[0] in by_year and period[1] in by_year:
        return across(*period), period
    years = sorted(by_year)
    explicit = rate.period
    if explicit and unread_in.get((rate.where, rate.subject)):
        return [], None
    if explicit:
        first = min(years, key=lambda year: (abs(year - explicit[0]), year))
        last = min(years, key=lambda year: (abs(year - explicit[1]), -year))
        if abs(first - explicit[0]) > 2 or abs(last - explicit[1]) > 2 or first >= last:
            return [], None
        return across(first, last), period
    return across(years[0], years[-1]), period


def _cagr_findings(
    rates: list[Statement],
    sizes: list[Size],
    forecast: tuple[int, int] | None,
    unread: list,
    checker: Checker,
) -> None:
    """Each stated CAGR against the rates its sizes allow. Where the CAGR's period starts
    or ends on a year with no size, the nearest sizes stand in, unless the same text holds
    amounts the reader could not date: one of them may be the missing year ("지난해",
    "last year"), so nothing is judged."""
    unread_in = Counter((item.where, item.subject) for item in unread if item.is_amount)
    for rate in rates:
        pairs, period = _pairs_for(rate, sizes, forecast, unread_in)
        ranges = []
        for start, end in pairs:
            spans = {end.year - start.year}
            if period:
                spans.add(period[1] - period[0])
            ranges += [(start, end, r) for n in sorted(spans) if (r := rate_range(start, end, n))]
        if not ranges:
            continue
        q = rate.quantity
        if any(_overlap(q.low, q.high, low, high) for _s, _e, (low, high) in ranges):
            continue
        start, end, (low, high) = ranges[0]
        checker.add(
            checker.warning, "cagr_mismatch",
            f'{rate.where}: "{rate.quote}" for {rate.subject.label}, but "{start.quote}" '
            f'({start.year}) to "{end.quote}" ({end.year}) allow {_fmt(low)}–{_fmt(high)}% '
            "a year as written.",
            where=rate.where, quote=rate.quote, at=rate.sentence_index,
        )  # fmt: skip


def _period_findings(
    periods: list[StatedPeriod],
    rates: list[Statement],
    sizes: list[Statement],
    content,
    checker: Checker,
) -> None:
    sentence_sizes: dict[tuple, list[Statement]] = defaultdict(list)
    for size in sizes:
        if size.subject == MARKET:
            sentence_sizes[(size.where, size.sentence_index)].append(size)
    stated = [p for p in periods if p.source in ("headline", "forecast")]
    reference = reference_period(stated, content.periods)
    from_rate = None
    if reference is None:
        from_rate = max(
            (r for r in rates if r.period and not r.historic and r.subject == MARKET),
            key=lambda r: r.period[1],
            default=None,
        )
        if from_rate is not None:
            reference = (*from_rate.period, f'"{from_rate.quote}" ({from_rate.where})')

    def disagrees(start: int, end: int, *, exact: bool = False) -> bool:
        if reference is None:
            return False
        return (
            end != reference[1] or bool(start) and abs(start - reference[0]) > (0 if exact else 1)
        )

    for period in stated:
        if disagrees(period.start, period.end, exact=True):
            checker.add(
                checker.warning, "period_conflict",
                f'{period.where}: forecast period "{period.quote}" disagrees with '
                f"{reference[0]}–{reference[1]} ({reference[2]}).",
                where=period.where, quote=period.quote,
            )  # fmt: skip
    span = _market_span(reference, rates, sentence_sizes)
    for rate in rates:
        if rate.next_years and span and rate.next_years != span[1] - span[0]:
            checker.add(
                checker.warning, "period_conflict",
                f'{rate.where}: "{rate.quote}" is stated for the next {rate.next_years} years, '
                f"but the market's figures run {span[1] - span[0]} years, {span[0]}–{span[1]}.",
                where=rate.where, quote=rate.quote,
            )  # fmt: skip
    if reference is not None:
        for size in sizes:
            if size.subject != MARKET or size.year is None or size.year <= reference[1]:
                continue
            if any(p.where == size.where and not p.start and p.end == size.year for p in stated):
                continue
            checker.add(
                checker.warning, "period_conflict",
                f'{size.where}: "{size.quote}" is for {size.year}, after the forecast period '
                f"{reference[0]}–{reference[1]} ({reference[2]}) ends.",
                where=size.where, quote=size.quote,
            )  # fmt: skip
    for rate in rates:
        if rate.historic or reference is None:
            continue
        if rate.period is None and rate.in_forecast_period:
            years = sorted(
                {s.year for s in sentence_sizes.get((rate.where, rate.sentence_index), [])}
            )
            if len(years) >= 2 and disagrees(years[0], years[-1]):
                checker.add(
                    checker.warning, "period_conflict",
                    f'{rate.where}: "{rate.quote}" is stated for the forecast period, but its '
                    f"sentence runs from {years[0]} to {years[-1]}, not "
                    f"{reference[0]}–{reference[1]} ({reference[2]}).",
                    where=rate.where, quote=rate.quote,
                )  # fmt: skip
            continue
        if rate.period is None:
            continue
        if rate.period[1] <= reference[0] or rate is from_rate:
            continue
        if disagrees(*rate.period, exact=from_rate is not None and rate.subject == MARKET):
            checker.add(
                checker.warning, "period_conflict",
                f'{rate.where}: "{rate.quote}" is for {rate.period[0]}–{rate.period[1]}, '
                f"not the forecast period {reference[0]}–{reference[1]} ({reference[2]}).",
                where=rate.where, quote=rate.quote,
            )  # fmt: skip


def _market_span(reference, rates, sentence_sizes) -> tuple[int, int] | None:
    """The years the whole market's forecast runs: the forecast period, else the sizes in
    the sentence of the whole market's growth rate."""
    if reference is not None:
        return reference[0], reference[1]
    for rate in rates:
        if rate.subject == MARKET and not rate.historic:
            years = sorted(
                {s.year for s in sentence_sizes.get((rate.where, rate.sentence_index), [])}
            )
            if len(years) >= 2:
                return years[0], years[-1]
    return None


def reference_period(stated: list[StatedPeriod], typed) -> tuple[int, int, str] | None:
    """The forecast period others are compared with: the one stated most often (the
    report's typed ``Periods`` count as one statement, the headline wins a tie), so the odd
    one out is flagged, wherever it is written. The press-release import takes its forecast
    period from here too."""
    votes: Counter = Counter()
    label: dict[tuple[int, int], str] = {}
    if typed is not None and None not in (typed.forecast_start_year, typed.forecast_end_year):
        key = (typed.forecast_start_year, typed.forecast_end_year)
        votes[key] += 1
        label.setdefault(key, "the report's periods")
    for period in {(p.start, p.end, p.quote): p for p in stated}.values():
        if period.start:
            key = (period.start, period.end)
            votes[key] += 1 + (period.source == "headline") * 0.5
            label.setdefault(key, f'"{period.quote}" ({period.where})')
    if not votes:
        return None
    (start, end), _count = votes.most_common(1)[0]
    return start, end, label[(start, end)]


def _share_findings(shares: list[Statement], sizes: list[Size], checker: Checker) -> None:
    market = {(s.year): s for s in reversed(sizes) if s.subject == MARKET}
    own = {(s.subject, s.year): s for s in reversed(sizes) if s.subject != MARKET}
    for share in shares:
        if share.year is None or share.subject == MARKET:
            continue
        whole, part = market.get(share.year), own.get((share.subject, share.year))
        if whole is None or part is None or not _same_currency(whole, part):
            continue
        q = share.quantity
        low, high = q.low / 100 * whole.low, q.high / 100 * whole.high
        if not _overlap(low, high, part.low, part.high):
            checker.add(
                checker.warning, "share_value_mismatch",
                f'{share.where}: {share.subject.label} holds "{share.quote}" of '
                f'"{whole.quote}" in {share.year}, which is not "{part.quote}".',
                where=share.where, quote=share.quote,
            )  # fmt: skip
    groups: dict[tuple, list[Statement]] = defaultdict(list)
    for share in shares:
        if share.subject.kind == "geography" and share.subject.name in TOP_LEVEL_REGIONS:
            groups[(share.where, share.year)].append(share)
    for (where, _year), group in groups.items():
        by_region = {s.subject: s for s in group}
        total = sum((s.quantity.low for s in by_region.values()), Decimal(0))
        if len(by_region) >= 2 and total > 100:
            last = group[-1]
            checker.add(
                checker.error, "shares_over_100",
                f"{where}: regional shares add up to at least {total.normalize():f}%, over "
                "100% ("
                + ", ".join(f"{s.subject.name} {s.quote}" for s in by_region.values())
                + ").",
                where=where, quote=last.quote,
            )  # fmt: skip


def _growth_findings(
    sizes: list[Size], rates: list[Statement], stated: TextStatements, checker: Checker
) -> None:
    claimed = {subject for subject, _where, _sentence in stated.growth_claims}
    by_subject: dict[Subject, dict[int, Size]] = defaultdict(dict)
    for size in sizes:
        if size.low != -INFINITY and size.high != INFINITY:
            by_subject[size.subject].setdefault(size.year, size)
    for subject, by_year in by_subject.items():
        if subject not in claimed or len(by_year) < 2:
            continue
        years = sorted(by_year)
        first, last = by_year[years[0]], by_year[years[-1]]
        if not _same_currency(first, last) or last.high >= first.low:
            continue
        ratio = first.mid / max(last.mid, Decimal(1))
        if ratio >= SCALE_SUSPECT[0]:
            continue
        checker.add(
            checker.warning, "growth_shrinks",
            f'{last.where}: {subject.label} is said to grow, but "{last.quote}" '
            f'({last.year}) is less than "{first.quote}" ({first.year}).',
            where=last.where, quote=last.quote,
        )  # fmt: skip
    for rate in rates:
        if rate.quantity.high < 0 and _called_growth(rate.sentence):
            checker.add(
                checker.warning, "growth_shrinks",
                f'{rate.where}: "{rate.quote}" is a decline, but the sentence calls it growth.',
                where=rate.where, quote=rate.quote,
            )  # fmt: skip


def _called_growth(sentence: str) -> bool:
    return bool(GROWTH_WORDS.search(sentence)) and not DECLINE_WORDS.search(sentence)


__all__ = ["Checker", "consistency_findings", "reference_period", "text_statements"]
