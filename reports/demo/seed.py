"""The seed press release (report 1541508) as data, with its facts as the release states them.

The country lists are kept as printed in the release, errors included ("Saudi" and "Arabia"
as two countries, "Argentina Korea", "China Taiwan", "Korea" under Middle East & Africa):
``COUNTRY_FIXES`` and ``COUNTRIES_LEFT_OUT`` say how each becomes an ISO country, and the
loader prints every correction it applies.

Periods chosen: base year 2023, historic 2019–2023, forecast 2024–2031 (the release's
"2024 to 2031"), so that both typed figures (2020 and 2027) fall inside the periods.
"""

COUNTRY_FIXES = {
    "United States": ("US", "short name"),
    "USA": ("US", "abbreviation"),
    "U.K.": ("GB", "abbreviation"),
    "UAE": ("AE", "abbreviation"),
    "China Taiwan": ("TW", "Taiwan is listed on its own in ISO 3166"),
    "Argentina Korea": (
        "AR",
        "two names run together; Korea is already listed under Asia-Pacific as South Korea",
    ),
}
"""Raw label → (ISO code, why). Labels not here are looked up by name in django_countries;
adjacent labels that only name a country together ("Saudi", "Arabia") are joined."""

COUNTRIES_LEFT_OUT = {
    ("Middle East & Africa", "Korea"): "ambiguous, and neither Korea is in that region",
}

REPORT = {
    "code": 1541508,
    "slug": "medical-second-opinion",
    "title": "Medical Second Opinion Market",
    "headline": "Medical Second Opinion Market Analysis Examines its Scope on Growth "
    "Opportunities, and Forecasted Trends Spanning from 2024 to 2031.",
    "summary": "The medical second opinion market by type (hospitals, second opinion "
    "companies, health insurers), by application from cancer to ocular disorders and by "
    "region, with nine key players and the outlook to 2031.",
    "category": "healthcare-services",
    "featured": True,
    "historic_start_year": 2019,
    "base_year": 2023,
    "forecast_start_year": 2024,
    "forecast_end_year": 2031,
    "page_count": 118,
    "currency": "USD",
    "unit": "billion",
    "sections": [
        {
            "kind": "overview",
            "heading": "Medical Second Opinion Market Analysis and Latest Trends",
            "body": (
                "<p>A medical second opinion is a consultation with another healthcare provider "
                "to confirm or provide an alternative diagnosis or treatment plan. This can help "
                "patients make more informed decisions about their health and treatment options. "
                "The medical second opinion market is witnessing significant growth due to "
                "factors such as increasing healthcare costs, growing awareness among patients, "
                "and advancements in telemedicine technology.</p>"
                "<p>The medical second opinion market is expected to grow at a CAGR of 10.1% "
                "during the forecast period. This growth is attributed to the rising prevalence "
                "of chronic diseases, the need for better treatment outcomes, and the "
                "availability of online platforms for seeking second opinions. The market is "
                "also being driven by the increasing demand for specialized medical expertise "
                "and the growing trend of medical tourism.</p>"
                "<p>Some of the latest trends in the medical second opinion market include the "
                "integration of artificial intelligence and machine learning algorithms to "
                "improve diagnostic accuracy, the expansion of telehealth services to reach more "
                "patients, and the development of personalized treatment plans based on genetic "
                "testing and personalized medicine. Overall, the medical second opinion market "
                "is poised for continued growth as patients seek more comprehensive and "
                "personalized healthcare solutions.</p>"
            ),
        },
        {
            "kind": "competition",
            "heading": "Medical Second Opinion Major Market Players",
            "body": (
                "<p>The Medical Second Opinion Market is highly competitive with a number of key "
                "players dominating the industry. Some of the major companies in the market "
                "include HCA Hospitals, AXA PPP Healthcare, Royal London Group, Helsana Group, "
                "Cleveland Clinic, Best Doctors Inc, Johns Hopkins Medicine, Penn Medicine, and "
                "Oncology International Pvt. Ltd.</p>"
                "<p>In terms of market size, the global medical second opinion market was valued "
                "at $2.5 billion in 2020 and is projected to reach $4.6 billion by 2027, growing "
                "at a CAGR of 8.6% during the forecast period.</p>"
                "<p>While specific sales revenue figures for the listed companies are not "
                "publicly available, it is evident that these industry giants are driving growth "
                "and innovation in the medical second opinion market, and are expected to "
                "continue expanding their market reach in the coming years.</p>"
            ),
        },
        {
            "kind": "opportunities",
            "heading": "What Are The Key Opportunities For Medical Second Opinion Manufacturers?",
            "body": (
                "<p>The global Medical Second Opinion market is projected to witness substantial "
                "growth, driven by increasing demand for specialist opinions, rising awareness "
                "among patients, and advancements in telemedicine technologies. The market is "
                "expected to experience a CAGR of around 7% during the forecast period. Factors "
                "such as the rising prevalence of chronic diseases, growing healthcare "
                "expenditure, and the need for personalized treatment options are likely to "
                "further boost market growth. With the increasing adoption of digital health "
                "platforms and remote consultations, the Medical Second Opinion market is "
                "anticipated to continue expanding in the future.</p>"
            ),
        },
        {
            "kind": "segmentation",
            "heading": "Market Segmentation",
            "body": (
                "<h3>By type</h3>"
                "<p>Hospitals offer medical second opinion services to patients seeking further "
                "clarification or validation on their diagnosis or treatment plan. Medical second "
                "opinion providing companies specialize in offering expert medical opinions from "
                "top healthcare professionals outside the patient's local network. Health "
                "insurance companies may also offer medical second opinion services as part of "
                "their benefits package to ensure proper diagnosis and treatment for their "
                "policyholders. Each of these market types aims to provide patients with an "
                "added layer of confidence and information in their healthcare decisions.</p>"
                "<h3>By application</h3>"
                "<p>Medical second opinion market applications include services for various "
                "health conditions such as cancer, diabetes, cardiac disorders, neurological "
                "disorders, ocular disorders, and others. These services offer patients the "
                "opportunity to consult with a second healthcare provider to validate their "
                "initial diagnosis, explore alternative treatment options, or gain more clarity "
                "on their condition. This market aims to provide patients with a more "
                "comprehensive understanding of their health status and empower them to make "
                "informed decisions about their care.</p>"
            ),
        },
        {
            "kind": "regional",
            "heading": "Medical Second Opinion Market by Region",
            "body": (
                "<p>The global medical second opinion market is exhibiting strong growth in "
                "regions such as North America, Europe, Asia Pacific, USA, and China. The North "
                "American region is expected to dominate the market with a market share of "
                "approximately 40%, followed by Europe at 30%, USA at 15%, Asia Pacific at 10%, "
                "and China at 5%. These regions are experiencing a surge in demand for medical "
                "second opinions due to increasing awareness about the benefits of seeking "
                "multiple perspectives on healthcare decisions.</p>"
            ),
        },
    ],
    "figures": [(2020, "2.5"), (2027, "4.6")],
    "players": [
        {
            "name": "HCA Hospitals",
            "blurb": "HCA Hospitals is one of the largest hospital operators in the United States "
            "and offers a wide range of medical services including second opinion "
            "consultations. The company has been experiencing steady growth over the years due "
            "to its strong reputation and high-quality healthcare services.",
        },
        {
            "name": "AXA PPP Healthcare",
            "blurb": "AXA PPP Healthcare is a leading health insurance provider in the UK and "
            "offers medical second opinion services to its members. The company has been "
            "expanding its market presence through strategic partnerships and acquisitions, "
            "leading to an increase in its market share.",
        },
        {"name": "Royal London Group"},
        {"name": "Helsana Group"},
        {
            "name": "Cleveland Clinic",
            "blurb": "Cleveland Clinic is a renowned medical institution known for its expertise "
            "in providing second opinion consultations across various medical specialties. The "
            "company has a strong global presence and continues to invest in research and "
            "technology to drive future growth.",
        },
        {"name": "Best Doctors Inc"},
        {"name": "Johns Hopkins Medicine"},
        {"name": "Penn Medicine"},
        {"name": "Oncology International Pvt. Ltd."},
    ],
    "segments": {
        "type": [
            {"name": "Hospitals"},
            {"name": "Medical Second Opinion Providing Companies"},
            {"name": "Health Insurance Companies"},
        ],
        "application": [
            {"name": "Cancer"},
            {"name": "Diabetes"},
            {"name": "Cardiac Disorders"},
            {"name": "Neurological Disorders"},
            {"name": "Ocular Disorders"},
            {"name": "Others"},
        ],
    },
    "regions": {
        "North America": ["United States", "Canada"],
        "Europe": ["Germany", "France", "U.K.", "Italy", "Russia"],
        "Asia-Pacific": [
            "China",
            "Japan",
            "South Korea",
            "India",
            "Australia",
            "China Taiwan",
            "Indonesia",
            "Thailand",
            "Malaysia",
        ],
        "Latin America": ["Mexico", "Brazil", "Argentina Korea", "Colombia"],
        "Middle East & Africa": ["Turkey", "Saudi", "Arabia", "UAE", "Korea"],
    },
    "region_shares": [
        ("North America", "40"),
        ("Europe", "30"),
        ("USA", "15"),
        ("Asia Pacific", "10"),
        ("China", "5"),
    ],
    "toc": [
        (1, "Introduction"),
        (2, "Report scope and market definition"),
        (2, "Research methodology and sources"),
        (1, "Executive summary"),
        (1, "Market overview and latest trends"),
        (2, "Drivers: healthcare costs, chronic disease and patient awareness"),
        (2, "Telemedicine, AI-assisted diagnosis and personalised medicine"),
        (1, "Market by type"),
        (1, "Market by application"),
        (1, "Market by region"),
        (2, "North America and Europe"),
        (2, "Asia-Pacific, Latin America, Middle East & Africa"),
        (1, "Competitive landscape and company profiles"),
        (1, "Opportunities and outlook, 2024–2031"),
    ],
    "faqs": [
        (
            "How big is the medical second opinion market?",
            "<p>The market was valued at USD 2.5 billion in 2020 and is projected to reach "
            "USD 4.6 billion by 2027.</p>",
        ),
        (
            "Which region holds the largest share?",
            "<p>North America, with about 40% of the market, followed by Europe at 30%. The "
            "United States alone accounts for about 15%.</p>",
        ),
        (
            "Who are the key players?",
            "<p>HCA Hospitals, AXA PPP Healthcare, Royal London Group, Helsana Group, Cleveland "
            "Clinic, Best Doctors Inc, Johns Hopkins Medicine, Penn Medicine and Oncology "
            "International Pvt. Ltd.</p>",
        ),
        (
            "Which conditions does the report cover?",
            "<p>Cancer, diabetes, cardiac disorders, neurological disorders, ocular disorders "
            "and others.</p>",
        ),
        (
            "What period does the forecast cover?",
            "<p>2024 to 2031, with 2023 as the base year and historic data from 2019.</p>",
        ),
    ],
    "licences": None,
}
"""``licences`` None: the defaults from ``settings.REPORT_DEFAULT_LICENCES``."""
