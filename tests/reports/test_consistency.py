"""Findings on what a report's text states about its own numbers (reports.integrity's
consistency checks), each quoting the words it rests on."""

from decimal import Decimal

import pytest

from reports.integrity import FigureItem, Periods, ReportContent, TextItem, find_issues

PERIODS = Periods(
    historic_start_year=2019, base_year=2023, forecast_start_year=2024, forecast_end_year=2031
)


def findings_for(*texts: str, figures=(), periods=PERIODS, language="en"):
    content = ReportContent(
        periods=periods,
        texts=tuple(TextItem(f'Section "{i}"', text) for i, text in enumerate(texts, 1)),
        figures=figures,
        language=language,
    )
    return [f for f in find_issues(content) if f.code not in ("no_figures",)]


def found(findings, code):
    return [(f.level, f.quote) for f in findings if f.code == code]


def test_two_values_for_one_year_beyond_rounding_block_publishing():
    findings = findings_for(
        "The market was valued at USD 2.5 billion in 2024.",
        "In 2024 the market was worth USD 2.7 billion.",
    )
    assert found(findings, "value_conflict") == [("error", "USD 2.7 billion")]


def test_two_values_within_rounding_agree():
    findings = findings_for(
        "The market was valued at USD 2.5 billion in 2024.",
        "The market stood at USD 2,540 million in 2024.",
    )
    assert found(findings, "value_conflict") == []


def test_a_typed_figure_disagreeing_with_the_text_is_a_conflict():
    findings = findings_for(
        "The market was valued at USD 2.5 billion in 2024.",
        figures=(FigureItem(2024, Decimal("3.1")), FigureItem(2031, Decimal("4.6"))),
    )
    assert found(findings, "value_conflict") == [("error", "USD 2.5 billion")]


def test_values_a_thousand_apart_are_a_scale_conflict():
    findings = findings_for(
        "The market was valued at USD 2.5 billion in 2024.",
        "Table: the market was USD 2.5 million in 2024.",
    )
    assert found(findings, "scale_conflict") == [("warning", "USD 2.5 million")]
    assert found(findings, "value_conflict") == []


@pytest.mark.parametrize(
    "rate, agrees",
    [
        ("8.6%", True),  # 8.55–8.65 meets 8.62–9.58 at its low edge
        ("8.5%", False),  # 8.45–8.55 stops short of 8.62
        ("9.7%", False),  # 9.65–9.75 starts above 9.59
        ("9.5%", True),
        ("around 8%", True),  # 7–9
        ("over 11%", False),  # 10.5% and up
    ],
)
def test_a_stated_cagr_is_judged_against_the_range_the_sizes_allow(rate, agrees):
    findings = findings_for(
        f"The market was valued at USD 2.5 billion in 2020 and is projected to reach USD 4.6 "
        f"billion by 2027, growing at a CAGR of {rate}."
    )
    assert (found(findings, "cagr_mismatch") == []) is agrees


def test_the_cagr_range_is_printed_as_the_sizes_allow_it():
    [finding] = [
        f
        for f in findings_for(
            "valued at USD 2.5 billion in 2020 and USD 4.6 billion in 2027, a CAGR of 10.1%"
        )
        if f.code == "cagr_mismatch"
    ]
    assert finding.quote == "CAGR of 10.1%"
    assert "allow 8.62–9.59% a year as written" in finding.message


def test_a_segment_growth_rate_is_not_judged_against_the_whole_market():
    findings = findings_for(
        "The global market was valued at USD 2.5 billion in 2020 and is projected to reach "
        "USD 4.6 billion by 2027, a CAGR of 9.1%.",
        "The hospital segment is expected to grow at a CAGR of 12.4%.",
        "North America is expected to register a CAGR of 6.2%.",
        "Cigarettes are projected to record a 3.1 percent CAGR and reach USD 1.9 billion by 2027.",
    )
    assert found(findings, "cagr_mismatch") == []


def test_a_regional_cagr_is_judged_against_that_region_s_sizes():
    findings = findings_for(
        "The North America market was valued at USD 1.0 billion in 2020 and will reach USD "
        "2.0 billion by 2027, a CAGR of 6.2%."
    )
    assert found(findings, "cagr_mismatch") == [("warning", "CAGR of 6.2%")]


def test_forecast_periods_that_disagree_are_a_warning():
    findings = findings_for("The report covers the forecast period 2025–2032.", periods=PERIODS)
    assert found(findings, "period_conflict") == [("warning", "2025–2032")]


def test_a_cagr_for_another_period_than_the_forecast_is_a_warning():
    findings = findings_for("The market will grow at a CAGR of 5.2% from 2023 to 2030.")
    assert found(findings, "period_conflict") == [("warning", "CAGR of 5.2%")]


def test_a_share_that_disagrees_with_the_values_is_a_warning():
    findings = findings_for(
        "The global market was valued at USD 10 billion in 2024. North America accounted for "
        "a 40% share in 2024. The North America market was worth USD 2 billion in 2024."
    )
    assert found(findings, "share_value_mismatch") == [("warning", "40%")]


def test_regional_shares_over_100_percent_block_publishing():
    findings = findings_for(
        "In 2024 North America held 45% of the market, Europe 35% and Asia Pacific 30%."
    )
    assert [level for level, _quote in found(findings, "shares_over_100")] == ["error"]


def test_a_growth_market_whose_sizes_shrink_is_a_warning():
    findings = findings_for(
        "The market is expected to grow strongly, from USD 5.2 billion in 2024 to USD 4.1 "
        "billion by 2031."
    )
    assert found(findings, "growth_shrinks") == [("warning", "USD 4.1 billion")]


def test_a_decline_called_a_decline_is_fine():
    findings = findings_for(
        "The market is expected to decline from USD 5.2 billion in 2024 to USD 4.1 billion by 2031."
    )
    assert found(findings, "growth_shrinks") == []


def test_a_missing_number_and_a_malformed_one_block_publishing():
    findings = findings_for(
        "The market is expected to reach USD million by 2032.",
        "Sales were $412. billion in 2023.",
    )
    assert found(findings, "missing_number") == [("error", "USD million")]
    assert found(findings, "malformed_number") == [("error", "$412. billion")]


def test_text_admitting_made_up_data_blocks_publishing():
    findings = findings_for(
        "Market segmentation, while not explicitly provided, can reasonably be assumed to "
        "include hospitals and clinics.",
        "The figures below are hypothetical figures for illustrative purposes only.",
    )
    assert [level for level, _ in found(findings, "made_up_content")] == ["error", "error"]


def test_an_assumed_value_is_flagged_as_such():
    findings = findings_for(
        "If we take the market to be roughly USD 2 billion in 2024, it could double by 2031."
    )
    assert found(findings, "assumed_value") == [("warning", "roughly USD 2 billion")]


def test_ordinary_estimated_at_wording_is_not_an_assumption():
    findings = findings_for("The market size was estimated at USD 2.5 billion in 2023.")
    assert found(findings, "assumed_value") == []


def test_an_amount_without_a_year_is_a_note_quoting_its_sentence():
    [finding] = [
        f
        for f in findings_for("The market is worth USD 2.5 billion today.")
        if f.code == "number_not_understood"
    ]
    assert finding.level == "note"
    assert finding.message.endswith('"The market is worth USD 2.5 billion today."')


def test_chinese_japanese_and_korean_text_is_checked_like_english():
    findings = findings_for(
        "2023年の市場規模は25億ドルで、2030年には50億ドルに達し、年平均成長率は15.0%と予測される。",
        language="ja",
    )
    assert found(findings, "cagr_mismatch") == [("warning", "年平均成長率は15.0%")]
    korean = findings_for(
        "2023년 시장 규모는 42억 달러, 2023년 기준 45억 달러로 추정된다.", language="ko"
    )
    assert found(korean, "value_conflict") == [("error", "45억 달러")]


def test_a_growth_rate_that_is_not_a_cagr_is_a_note_not_a_silence():
    [finding] = [
        f
        for f in findings_for("Sales grew 8.3% year on year in 2023.")
        if f.code == "number_not_understood"
    ]
    assert finding.level == "note" and finding.quote == "8.3%"
    assert "not a compound annual rate" in finding.message


def test_placeholders_in_typed_names_block_publishing():
    content = ReportContent(
        periods=PERIODS,
        texts=(
            TextItem("Segment name", "[Segment name]", is_name=True),
            TextItem("Key player name", "Company XX Inc.", is_name=True),
            TextItem('Licence "Enterprise"', "Up to XX users, TBD", is_name=True),
        ),
    )
    placeholders = [(f.where, f.quote) for f in find_issues(content) if f.code == "placeholder"]
    assert placeholders == [("Segment name", "[Segment name]"), ('Licence "Enterprise"', "TBD")]


def test_a_narrower_market_named_in_the_text_is_a_part_of_the_report_s_market():
    findings = findings_for(
        "The global AI market is projected to grow from USD 196.63 billion in 2023 to USD "
        "1,811.75 billion by 2030, a CAGR of 37.3%.",
        "The AI chip market will expand to USD 91.96 billion by 2028 at a CAGR of 38.2%.",
    )
    assert found(findings, "cagr_mismatch") == []
    assert found(findings, "growth_shrinks") == []


def test_a_size_the_text_says_it_worked_out_is_an_assumption_quoting_those_words():
    findings = findings_for(
        "In 2018, the market was estimated to be worth USD 754.056 million.",
        "We estimate the 2018 market size using the reverse CAGR calculator.",
    )
    assert found(findings, "assumed_value") == [
        ("warning", "estimate the 2018 market size using the reverse CAGR calculator")
    ]


def test_korean_average_growth_is_a_growth_rate():
    findings = findings_for(
        "글로벌 e스포츠 시장이 2030년까지 평균 21.9% 성장해 57억달러로 전망된다. 시장은 2021년 기준으로 "
        "11억7,800만달러이다.",
        language="ko",
    )
    assert [level for level, _ in found(findings, "cagr_mismatch")] == ["warning"]
