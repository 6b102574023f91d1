"""Generate a realistic synthetic catalogue of N published reports, for benchmarks.

Each report gets a category (ten industries, five subcategories each), six sections of
prose, six market figures, type / application / region / country segments, five key
players and three licences. Rows are written with COPY on PostgreSQL (executemany on
SQLite) in batches, bypassing the ORM.

On PostgreSQL the search document is built during the load, not after it: the generator
knows every word of each report, so it writes the four weighted texts of
``reports.search.index`` (title; headline, categories, players, segments; summary;
sections without tags) to a staging table, and one ``INSERT … SELECT`` per batch turns them
into the reports' ``rank_vector`` and their documents' ``search_vector`` and facet arrays
(``reports_searchdoc``) as the reports are inserted. The search indexes (GIN on the vector, trigram on titles) are
dropped for the load and built once at the end, then the tables are analysed (and the
link tables vacuumed, so their indexes serve index-only scans): 100,000 reports load in
a few minutes on two cores.

Word frequencies are controlled so benchmarks have known targets: each industry's name
is in about 10% of reports (a common term), each of ``RARE_WORDS`` in about 0.02%.
Generated reports are numbered from ``CODE_BASE``; ``--replace`` deletes them first.
"""

import io
import queue
import random
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.text import slugify

from reports.models import Category, Company
from reports.search.frequent import frequent_lexemes_refresh
from reports.search.index import (
    RANK_VECTOR_SQL,
    SECTIONS_VECTOR_SQL,
    WORDS_SQL,
    search_index_rebuild,
    search_indexes_ddl,
)
from reports.search.translated import translated_documents_write
from segments.models import Dimension, Segment

CODE_BASE = 10_000_000
INDUSTRIES = {
    "Healthcare": ["Oncology", "Cardiology", "Diagnostics", "Telehealth", "Medical Devices"],
    "Energy": ["Solar Power", "Wind Power", "Energy Storage", "Hydrogen", "Smart Grid"],
    "Technology": ["Semiconductors", "Cloud Computing", "Cybersecurity", "Robotics", "AI Software"],
    "Automotive": ["Electric Vehicles", "Autonomous Driving", "Tyres", "Telematics", "Batteries"],
    "Food & Beverages": ["Dairy Alternatives", "Snacks", "Functional Drinks", "Bakery", "Coffee"],
    "Chemicals & Materials": [
        "Bioplastics",
        "Coatings",
        "Adhesives",
        "Specialty Polymers",
        "Catalysts",
    ],
    "Consumer Goods": ["Smart Home", "Cosmetics", "Footwear", "Toys", "Home Appliances"],
    "Aerospace & Defence": ["Drones", "Satellites", "Avionics", "Defence Electronics", "MRO"],
    "Agriculture": ["Precision Farming", "Fertilisers", "Seeds", "Crop Protection", "Aquaculture"],
    "Construction": [
        "Green Buildings",
        "Cement",
        "Construction Machinery",
        "Insulation",
        "Modular Homes",
    ],
}
PRODUCT_WORDS = [
    "Systems",
    "Devices",
    "Platforms",
    "Services",
    "Solutions",
    "Equipment",
    "Components",
    "Sensors",
    "Software",
    "Materials",
    "Kits",
    "Instruments",
    "Modules",
    "Analytics",
]
JAPANESE_WORDS = [
    "医療",
    "診断",
    "半導体",
    "電池",
    "蓄電",
    "太陽光",
    "風力",
    "水素",
    "食品",
    "飲料",
    "化粧品",
    "物流",
    "倉庫",
    "自動車",
    "電動",
    "充電",
    "通信",
    "衛星",
    "農業",
    "肥料",
    "医薬品",
    "検査",
    "画像",
    "遠隔",
    "保険",
    "金融",
    "決済",
    "教育",
    "観光",
    "建設",
    "鉄鋼",
    "化学",
    "樹脂",
    "包装",
    "繊維",
    "家電",
    "ロボット",
    "センサー",
    "ドローン",
    "クラウド",
]
"""Words the Japanese text of ``--japanese`` is made of: each appears in about one in
twenty Japanese titles, as an English product word does."""
JAPANESE_SECTION_HEADINGS = [
    "市場概要",
    "成長要因",
    "機会",
    "競争環境",
    "セグメント分析",
    "地域分析",
]

QUALIFIERS = [
    "Global",
    "Advanced",
    "Portable",
    "Smart",
    "Industrial",
    "Commercial",
    "Digital",
    "Next-Generation",
    "Integrated",
    "Connected",
    "Sustainable",
    "High-Performance",
]
APPLICATIONS = [
    "Hospitals",
    "Clinics",
    "Residential",
    "Commercial",
    "Industrial",
    "Utilities",
    "Automotive OEMs",
    "Retail",
    "Government",
    "Research Institutes",
    "Logistics",
    "Farms",
]
RARE_WORDS = [
    "photoacoustic",
    "magnetocaloric",
    "piezoresistive",
    "thermochromic",
    "electrospun",
    "biocatalytic",
    "optogenetic",
    "triboelectric",
    "superhydrophobic",
    "metamaterial",
]
FILLER = (
    "market demand growth revenue adoption investment regulation pricing supply chain "
    "manufacturers distributors end users innovation competition capacity expansion "
    "partnerships acquisitions forecast period share volume costs margins consumers "
    "technology efficiency performance quality standards certification sustainability "
    "emerging economies urbanisation infrastructure awareness reimbursement exports imports"
).split()
JAPANESE_FILLER = (
    "需要 成長 収益 導入 投資 規制 価格 供給網 製造業者 流通業者 最終利用者 革新 競争 生産能力 "
    "拡大 提携 買収 予測期間 シェア 数量 費用 利益率 消費者 技術 効率 性能 品質 基準 認証 "
    "持続可能性 新興国 都市化 基盤 認知度 償還 輸出 輸入"
).split()
"""The Japanese sections' words, as ``FILLER`` is the English ones': found in nearly every
Japanese report, so that a product word is as rare in Japanese as in English."""
REGIONS = {
    "North America": ["US", "CA", "MX"],
    "Europe": ["DE", "GB", "FR", "IT", "ES", "NL", "SE", "PL"],
    "Asia-Pacific": ["CN", "JP", "IN", "KR", "AU", "ID", "SG"],
    "Latin America": ["BR", "AR", "CO", "CL"],
    "Middle East & Africa": ["SA", "AE", "ZA", "EG", "NG"],
}
COMPANY_PARTS = (
    "Acme Apex Nova Vertex Zenith Orion Helix Quantum Summit Pioneer Atlas Titan Vector "
    "Nimbus Stellar Cobalt Aurora Falcon Sierra Everest Polaris Meridian Horizon Cascade"
).split()
COMPANY_SUFFIXES = ["Technologies", "Industries", "Holdings", "Labs", "Group", "Systems", "Corp"]
SECTION_KINDS = ["overview", "drivers", "opportunities", "competition", "segmentation", "regional"]
FIGURE_YEARS = [2019, 2021, 2023, 2025, 2028, 2031]
TIERS = [
    ("single", 1, Decimal("0.0")),
    ("multi", 5, Decimal("0.5")),
    ("enterprise", 0, Decimal("1.0")),
]


_TAG = re.compile(r"<[^>]*>")
_REPORT_COLUMNS = [
    "id",
    "code",
    "slug",
    "title_en_gb",
    "headline_en_gb",
    "summary_en_gb",
    "category_id",
    "status",
    "featured",
    "published_at",
    "updated_at",
    "created_at",
    "revision",
    "base_year",
    "historic_start_year",
    "forecast_start_year",
    "forecast_end_year",
    "page_count",
    "currency",
    "unit",
    "price_from",
    "title_ja",
    "headline_ja",
    "summary_ja",
]
_VACUUMED = [
    "reports_report",
    "reports_searchdoc",
    "reports_searchtranslation",
    "segments_reportsegment",
    "reports_reportcompany",
]
"""Vacuumed after a load (outside a transaction) so their indexes serve index-only scans."""
_STAGING_DDL = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS generated_report_staging "
    "(LIKE reports_report INCLUDING DEFAULTS, facet_segments integer[], facet_tiers text[], "
    "doc_b text, doc_d text)"
)
_STAGING_INSERT = (
    "WITH staged AS (SELECT *, "
    + RANK_VECTOR_SQL.format(a="title_en_gb", b="doc_b", c="summary_en_gb")
    + " AS rank FROM generated_report_staging), documents AS ("
    "INSERT INTO reports_searchdoc (report_id, is_published, category_id, published_at, "
    "price_from, facet_segments, facet_tiers, search_vector) "
    "SELECT id, status = 'published', category_id, published_at, price_from, facet_segments, "
    "facet_tiers, rank || " + SECTIONS_VECTOR_SQL.format(d="doc_d") + " FROM staged) "
    f"INSERT INTO reports_report ({', '.join(_REPORT_COLUMNS)}, rank_vector) "
    f"SELECT {', '.join(_REPORT_COLUMNS)}, rank FROM staged"
)
"""Each staged batch into the reports and their search documents, the rank vector computed
once. The documents go in first, so the reports table's trigger finds them complete and
writes nothing (a second write would leave every document row's page half dead)."""


class Command(BaseCommand):
    help = "Generate N synthetic published reports (bulk inserts) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=6)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--companies", type=int, default=3000)
        parser.add_argument(
            "--jobs",
            type=int,
            default=2,
            help="Database connections writing batches at once (PostgreSQL).",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete generated reports first."
        )
        parser.add_argument(
            "--japanese",
            type=float,
            default=0.0,
            help="Share of the reports (0 to 1) also published in Japanese, with Japanese "
            "titles, summaries and sections (bench/languages.py).",
        )

    def handle(
        self,
        *args,
        reports: int,
        seed: int,
        batch: int,
        companies: int,
        replace: bool,
        jobs: int,
        japanese: float = 0.0,
        **kw,
    ):
        if reports < 1 or batch < 1 or jobs < 1:
            raise CommandError("--reports, --batch and --jobs must be positive.")
        if not 0 <= japanese <= 1:
            raise CommandError("--japanese is a share from 0 to 1.")
        rng = random.Random(seed)
        self.japanese = japanese
        self.japanese_rng = random.Random(seed + 1)
        started = time.perf_counter()
        if replace:
            self._delete_generated()
        taxonomy = self._taxonomy(rng, companies)
        first_id, first_code = self._next_ids()
        postgres = connection.vendor == "postgresql"
        # Inside a caller's transaction (tests) the indexes stay: pending foreign-key
        # checks forbid building them, and VACUUM cannot run there.
        bulk = postgres and not connection.in_atomic_block
        if bulk:
            self._execute(search_indexes_ddl(drop=True))
        try:
            self._load(rng, taxonomy, first_id, first_code, reports, batch, jobs, started)
        finally:
            loaded = time.perf_counter() - started
            if bulk:
                self._execute(
                    ["SET maintenance_work_mem = '256MB'", *search_indexes_ddl(drop=False)]
                )
        if postgres:
            self._execute([WORDS_SQL.format(reports="")])
        self._fix_sequences()
        if postgres:
            indexed_at = time.perf_counter() - started
            vacuum = "VACUUM ANALYZE" if bulk else "ANALYZE"
            self._execute(
                [
                    *(["RESET maintenance_work_mem"] if bulk else []),
                    *(f"{vacuum} {table}" for table in _VACUUMED),
                    *(["ANALYZE"] if bulk else []),
                ]
            )
            counted_at = time.perf_counter()
            added, dropped = frequent_lexemes_refresh()
            documents = (
                f"search documents built during the load, indexes in {indexed_at - loaded:.1f} s, "
                f"facet counts kept for {added} more and {dropped} fewer frequent words in "
                f"{time.perf_counter() - counted_at:.1f} s"
            )
        else:
            loaded = time.perf_counter() - started
            documents = f"{search_index_rebuild(batch_size=5000)} search documents rebuilt"
        total = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {reports} reports: rows written in {loaded:.1f} s, "
                f"{documents}, {total:.1f} s in all."
            )
        )

    def _load(self, rng, taxonomy, first_id, first_code, reports, batch, jobs, started) -> None:
        """Generate the batches in order (one random stream, so a seed always gives the
        same catalogue) and hand them to ``jobs`` writer threads, each with its own
        connection: PostgreSQL spends most of the load turning text into search vectors,
        and two connections keep two cores busy."""
        if connection.vendor != "postgresql" or jobs == 1:
            for start in range(0, reports, batch):
                count = min(batch, reports - start)
                rows = self._batch(rng, taxonomy, first_id + start, first_code + start, count)
                with transaction.atomic():
                    self._store(rows)
                self.stdout.write(
                    f"{start + count} reports written ({time.perf_counter() - started:.1f} s)"
                )
            return
        pending: queue.Queue = queue.Queue(maxsize=jobs)
        failures: list[BaseException] = []
        written = [0]
        lock = threading.Lock()

        def writer() -> None:
            try:
                while (rows := pending.get()) is not None:
                    if not failures:
                        try:
                            with transaction.atomic():
                                self._store(rows)
                        except BaseException as error:
                            failures.append(error)
                            continue
                        with lock:
                            written[0] += len(rows["reports"])
                            self.stdout.write(
                                f"{written[0]} reports written "
                                f"({time.perf_counter() - started:.1f} s)"
                            )
            finally:
                connection.close()

        threads = [threading.Thread(target=writer) for _ in range(jobs)]
        for thread in threads:
            thread.start()
        try:
            for start in range(0, reports, batch):
                if failures:
                    break
                count = min(batch, reports - start)
                pending.put(self._batch(rng, taxonomy, first_id + start, first_code + start, count))
        finally:
            for _ in threads:
                pending.put(None)
            for thread in threads:
                thread.join()
        if failures:
            raise failures[0]

    def _execute(self, statements: list[str]) -> None:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    # --- reference data -------------------------------------------------------------------

    def _taxonomy(self, rng: random.Random, n_companies: int) -> dict:
        dims = {
            slug: Dimension.objects.get_or_create(
                slug=slug, defaults={"name": name, "position": pos, "is_geographic": geo}
            )[0]
            for slug, name, pos, geo in [
                ("type", "Type", 1, False),
                ("application", "Application", 2, False),
                ("region", "Region", 3, True),
            ]
        }
        subcategories = []
        names: dict[int, str] = {}
        for position, (root_name, children) in enumerate(INDUSTRIES.items()):
            root = Category.objects.filter(
                slug=slugify(root_name)
            ).first() or Category.objects.create(
                name=root_name,
                slug=slugify(root_name),
                position=position,
                description=f"Market research on {root_name.lower()}.",
            )
            for child_pos, child_name in enumerate(children):
                child, _ = Category.objects.get_or_create(
                    slug=slugify(child_name),
                    defaults={
                        "name": child_name,
                        "parent": root,
                        "position": child_pos,
                        "description": f"{child_name} markets worldwide.",
                    },
                )
                types = []
                for word in PRODUCT_WORDS[:8]:
                    segment = Segment.objects.get_or_create(
                        dimension=dims["type"],
                        slug=slugify(f"{child_name} {word}"),
                        defaults={"name": f"{child_name} {word}"},
                    )[0]
                    names[segment.pk] = segment.name
                    types.append(segment.pk)
                subcategories.append(
                    (child.pk, root_name, child_name, types, f"{child.name} {root.name}")
                )
        applications = []
        for name in APPLICATIONS:
            segment = Segment.objects.get_or_create(
                dimension=dims["application"], slug=slugify(name), defaults={"name": name}
            )[0]
            names[segment.pk] = segment.name
            applications.append(segment.pk)
        regions = []
        for name, codes in REGIONS.items():
            region, _ = Segment.objects.get_or_create(
                dimension=dims["region"], slug=slugify(name), defaults={"name": name}
            )
            countries = []
            for code in codes:
                country = Segment.objects.filter(dimension=dims["region"], country=code).first()
                if country is None:
                    from django_countries import countries as iso

                    country = Segment.objects.create(
                        dimension=dims["region"],
                        parent=region,
                        country=code,
                        name=iso.name(code),
                        slug=slugify(iso.name(code)) or code.lower(),
                    )
                names[country.pk] = country.name
                countries.append(country.pk)
            names[region.pk] = region.name
            regions.append((region.pk, countries))
        existing = set(Company.objects.values_list("slug", flat=True))
        new = []
        for i in range(n_companies):
            name = f"{COMPANY_PARTS[i % len(COMPANY_PARTS)]} {COMPANY_PARTS[(i // len(COMPANY_PARTS)) % len(COMPANY_PARTS)]} {COMPANY_SUFFIXES[i % len(COMPANY_SUFFIXES)]} {i // 600 or ''}".strip()
            slug = slugify(name)
            if slug not in existing:
                existing.add(slug)
                new.append(
                    Company(
                        name=name,
                        slug=slug,
                        headquarters=rng.choice(["US", "DE", "JP", "GB", "CN", "IN"]),
                    )
                )
        Company.objects.bulk_create(new, batch_size=2000)
        company_names = dict(Company.objects.order_by("pk").values_list("pk", "name"))
        return {
            "subcategories": subcategories,
            "applications": applications,
            "regions": regions,
            "companies": list(company_names),
            "company_names": company_names,
            "segment_names": names,
        }

    def _next_ids(self) -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(max(id), 0), coalesce(max(code), 0) FROM reports_report"
            )
            max_id, max_code = cursor.fetchone()
        return max_id + 1, max(max_code + 1, CODE_BASE)

    def _fix_sequences(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('reports_report', 'id'), "
                "(SELECT max(id) FROM reports_report))"
            )

    def _delete_generated(self) -> None:
        sub = f"(SELECT id FROM reports_report WHERE code >= {CODE_BASE})"
        with transaction.atomic(), connection.cursor() as cursor:
            for table in [
                "reports_reportlanguage",
                "reports_section",
                "reports_marketfigure",
                "segments_reportsegment",
                "reports_reportcompany",
                "reports_licence",
                "reports_tocentry",
                "reports_faq",
                "reports_relatedreport",
                "reports_searchdoc",
            ]:
                cursor.execute(f"DELETE FROM {table} WHERE report_id IN {sub}")
            cursor.execute(f"DELETE FROM reports_relatedreport WHERE related_id IN {sub}")
            cursor.execute(f"DELETE FROM reports_report WHERE code >= {CODE_BASE}")

    # --- reports --------------------------------------------------------------------------

    def _batch(self, rng, taxonomy, first_id: int, first_code: int, count: int) -> dict:
        now = datetime.now(UTC)
        reports, sections, figures, segments, players, licences = [], [], [], [], [], []
        languages = []
        for offset in range(count):
            pk, code = first_id + offset, first_code + offset
            category_id, industry, sub, types, category_text = rng.choice(taxonomy["subcategories"])
            product = f"{sub} {rng.choice(PRODUCT_WORDS)}"
            title = f"{rng.choice(QUALIFIERS)} {product} Market"
            published = now - timedelta(days=rng.randint(0, 7 * 365), seconds=rng.randint(0, 86400))
            base_price = Decimal(rng.choice([2900, 3500, 3900, 4500, 4900, 5500]))
            rare = rng.choice(RARE_WORDS) if rng.random() < 0.002 else ""
            reports.append(
                [
                    pk,
                    code,
                    f"{slugify(title)}-{code}",
                    title,
                    f"{title}: size, share and forecast to 2031 by type, application and region",
                    f"The {product.lower()} market by type, application and region, with "
                    f"{industry.lower()} industry drivers and competitive landscape. {rare}".strip(),
                    category_id,
                    "published",
                    "false" if connection.vendor == "postgresql" else 0,
                    published,
                    now,
                    now,
                    1,
                    2024,
                    2019,
                    2025,
                    2031,
                    rng.randint(90, 260),
                    "USD",
                    "billion",
                    base_price,
                ]
            )
            japanese = self._japanese(rare)
            reports[-1] += japanese[:3] if japanese else ["", "", ""]
            if japanese:
                languages.append([pk, "ja", "", now, published])
            section_texts = []
            for position, kind in enumerate(SECTION_KINDS):
                words = " ".join(rng.choices(FILLER, k=70))
                heading = f"{product} {kind}"
                body = (
                    f"<p>The {product.lower()} market in {industry.lower()}: {words}.</p>"
                    f"<p>{rare if position == 0 else ''} {' '.join(rng.choices(FILLER, k=30))}.</p>"
                )
                sections.append(
                    [
                        pk,
                        position,
                        kind,
                        heading,
                        body,
                        *(japanese[3][position] if japanese else ("", "")),
                    ]
                )
                section_texts.append(f"{heading} {_TAG.sub(' ', body)}")
            value = Decimal(rng.randint(5, 500)) / 10
            growth = Decimal(1 + rng.randint(3, 15) / 100)
            for year in FIGURE_YEARS:
                size = (value * growth ** (year - 2019)).quantize(Decimal("0.0001"))
                figures.append([pk, year, size, "historic" if year <= 2024 else "forecast"])
            chosen = rng.sample(types, 3) + rng.sample(taxonomy["applications"], 2)
            region, countries = rng.choice(taxonomy["regions"])
            chosen += [region, *rng.sample(countries, min(2, len(countries)))]
            for position, segment_id in enumerate(chosen):
                segments.append([pk, segment_id, position, None, None, None, None, ""])
            chosen_players = rng.sample(taxonomy["companies"], 5)
            for position, company_id in enumerate(chosen_players):
                players.append([pk, company_id, position, "", None])
            for tier, seats, uplift in TIERS:
                licences.append([pk, tier, base_price * (1 + uplift), "USD", seats, ""])
            reports[-1] += [
                "{" + ",".join(map(str, sorted(chosen))) + "}",
                "{" + ",".join(sorted(tier for tier, _, _ in TIERS)) + "}",
                " ".join(
                    [
                        reports[-1][4],
                        category_text,
                        *(taxonomy["company_names"][c] for c in chosen_players),
                        *(taxonomy["segment_names"][s] for s in chosen),
                    ]
                ),
                " ".join(section_texts),
            ]
        return {
            "reports": reports,
            "sections": sections,
            "figures": figures,
            "segments": segments,
            "players": players,
            "licences": licences,
            "languages": languages,
        }

    def _japanese(self, rare: str) -> list | None:
        """A report's Japanese title, headline, summary and sections, for ``--japanese``
        of the reports (None for the others): titles of words from ``JAPANESE_WORDS`` and
        sections of ``JAPANESE_FILLER``, so that a
        search in Japanese matches a share of them as an English one does."""
        rng = self.japanese_rng
        if not self.japanese or rng.random() >= self.japanese:
            return None
        product = "".join(rng.sample(JAPANESE_WORDS, 2))
        title = f"{product}市場"
        rare_ja = "光音響" if rare else ""
        sections = [
            (
                f"{product}：{heading}",
                f"<p>{product}市場の{heading}。{'、'.join(rng.choices(JAPANESE_FILLER, k=40))}。</p>"
                f"<p>{rare_ja if position == 0 else ''}{'、'.join(rng.choices(JAPANESE_FILLER, k=20))}。</p>",
            )
            for position, heading in enumerate(JAPANESE_SECTION_HEADINGS)
        ]
        return [
            title,
            f"{title}：2031年までの規模・シェア・予測",
            f"タイプ別・用途別・地域別の{product}市場と競争環境。{rare_ja}",
            sections,
        ]

    def _store(self, rows: dict) -> None:
        if connection.vendor == "postgresql":
            self._execute([_STAGING_DDL])
            self._copy(
                "generated_report_staging",
                [*_REPORT_COLUMNS, "facet_segments", "facet_tiers", "doc_b", "doc_d"],
                rows["reports"],
            )
            self._execute([_STAGING_INSERT, "TRUNCATE generated_report_staging"])
        else:
            self._copy("reports_report", _REPORT_COLUMNS, [row[:-4] for row in rows["reports"]])
        self._copy(
            "reports_section",
            [
                "report_id",
                "position",
                "kind",
                "heading_en_gb",
                "body_en_gb",
                "heading_ja",
                "body_ja",
            ],
            rows["sections"],
        )
        self._copy(
            "reports_reportlanguage",
            ["report_id", "language", "english_digest", "translated_at", "published_at"],
            rows["languages"],
        )
        self._copy("reports_marketfigure", ["report_id", "year", "value", "kind"], rows["figures"])
        self._copy(
            "segments_reportsegment",
            [
                "report_id",
                "segment_id",
                "position",
                "share_percent",
                "share_of_id",
                "value",
                "value_year",
                "narrative",
            ],
            rows["segments"],
        )
        self._copy(
            "reports_reportcompany",
            ["report_id", "company_id", "position", "blurb_en_gb", "market_share"],
            rows["players"],
        )
        self._copy(
            "reports_licence",
            ["report_id", "tier", "price", "currency", "seats", "description_en_gb"],
            rows["licences"],
        )
        if connection.vendor == "postgresql" and rows["languages"]:
            translated_documents_write(report_ids=[row[0] for row in rows["languages"]])

    def _copy(self, table: str, columns: list[str], rows: list[list]) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO(
                    "".join("\t".join(map(_copy_text, row)) + "\n" for row in rows)
                )
                cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                    [[_sqlite_value(v) for v in row] for row in rows],
                )


def _sqlite_value(value):
    """A value as Django's SQLite backend stores it: datetimes as naive UTC text, which
    its date functions (the year facet's ``ExtractYear``) can read, decimals as text."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return str(value) if isinstance(value, Decimal) else value


def _copy_text(value) -> str:
    """A value in COPY's text format: ``\\N`` for NULL, tabs, newlines and backslashes escaped."""
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
