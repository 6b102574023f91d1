"""Generate a realistic synthetic catalogue of N published reports, for benchmarks.

Each report gets a category (ten industries, five subcategories each), six sections of
prose, six market figures, type / application / region / country segments, five key
players and three licences. Rows are written with COPY on PostgreSQL (executemany on
SQLite) in batches, bypassing the ORM, then the search index is rebuilt in bulk: 100,000
reports load in a few minutes.

Word frequencies are controlled so benchmarks have known targets: each industry's name
is in about 10% of reports (a common term), each of ``RARE_WORDS`` in about 0.02%.
Generated reports are numbered from ``CODE_BASE``; ``--replace`` deletes them first.
"""

import io
import random
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.text import slugify

from reports.models import Category, Company
from reports.search.index import search_index_rebuild
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


class Command(BaseCommand):
    help = "Generate N synthetic published reports (bulk inserts) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=6)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--companies", type=int, default=3000)
        parser.add_argument(
            "--replace", action="store_true", help="Delete generated reports first."
        )

    def handle(
        self, *args, reports: int, seed: int, batch: int, companies: int, replace: bool, **kw
    ):
        if reports < 1 or batch < 1:
            raise CommandError("--reports and --batch must be positive.")
        rng = random.Random(seed)
        started = time.perf_counter()
        if replace:
            self._delete_generated()
        taxonomy = self._taxonomy(rng, companies)
        first_id, first_code = self._next_ids()
        written = 0
        for start in range(0, reports, batch):
            count = min(batch, reports - start)
            with transaction.atomic():
                self._write_batch(rng, taxonomy, first_id + start, first_code + start, count)
            written += count
            self.stdout.write(f"{written} reports written ({time.perf_counter() - started:.1f} s)")
        self._fix_sequences()
        loaded = time.perf_counter() - started
        indexed = search_index_rebuild(batch_size=5000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        total = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {reports} reports: rows written in {loaded:.1f} s, "
                f"{indexed} search documents built, {total:.1f} s in all."
            )
        )

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
                types = [
                    Segment.objects.get_or_create(
                        dimension=dims["type"],
                        slug=slugify(f"{child_name} {word}"),
                        defaults={"name": f"{child_name} {word}"},
                    )[0].pk
                    for word in PRODUCT_WORDS[:8]
                ]
                subcategories.append((child.pk, root_name, child_name, types))
        applications = [
            Segment.objects.get_or_create(
                dimension=dims["application"], slug=slugify(name), defaults={"name": name}
            )[0].pk
            for name in APPLICATIONS
        ]
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
                countries.append(country.pk)
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
        company_ids = list(Company.objects.order_by("pk").values_list("pk", flat=True))
        return {
            "subcategories": subcategories,
            "applications": applications,
            "regions": regions,
            "companies": company_ids,
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
                "reports_section",
                "reports_marketfigure",
                "segments_reportsegment",
                "reports_reportcompany",
                "reports_licence",
                "reports_tocentry",
                "reports_faq",
                "reports_relatedreport",
            ]:
                cursor.execute(f"DELETE FROM {table} WHERE report_id IN {sub}")
            cursor.execute(f"DELETE FROM reports_relatedreport WHERE related_id IN {sub}")
            cursor.execute(f"DELETE FROM reports_report WHERE code >= {CODE_BASE}")

    # --- reports --------------------------------------------------------------------------

    def _write_batch(self, rng, taxonomy, first_id: int, first_code: int, count: int) -> None:
        now = datetime.now(UTC)
        reports, sections, figures, segments, players, licences = [], [], [], [], [], []
        for offset in range(count):
            pk, code = first_id + offset, first_code + offset
            category_id, industry, sub, types = rng.choice(taxonomy["subcategories"])
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
                    published.isoformat(),
                    now.isoformat(),
                    now.isoformat(),
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
            for position, kind in enumerate(SECTION_KINDS):
                words = " ".join(rng.choices(FILLER, k=70))
                sections.append(
                    [
                        pk,
                        position,
                        kind,
                        f"{product} {kind}",
                        f"<p>The {product.lower()} market in {industry.lower()}: {words}.</p>"
                        f"<p>{rare if position == 0 else ''} {' '.join(rng.choices(FILLER, k=30))}.</p>",
                    ]
                )
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
            for position, company_id in enumerate(rng.sample(taxonomy["companies"], 5)):
                players.append([pk, company_id, position, "", None])
            for tier, seats, uplift in TIERS:
                licences.append([pk, tier, base_price * (1 + uplift), "USD", seats, ""])
        self._copy(
            "reports_report",
            [
                "id",
                "code",
                "slug",
                "title",
                "headline",
                "summary",
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
            ],
            reports,
        )
        self._copy(
            "reports_section", ["report_id", "position", "kind", "heading", "body"], sections
        )
        self._copy("reports_marketfigure", ["report_id", "year", "value", "kind"], figures)
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
            segments,
        )
        self._copy(
            "reports_reportcompany",
            ["report_id", "company_id", "position", "blurb", "market_share"],
            players,
        )
        self._copy(
            "reports_licence",
            ["report_id", "tier", "price", "currency", "seats", "description"],
            licences,
        )

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
                    [[str(v) if isinstance(v, Decimal) else v for v in row] for row in rows],
                )


def _copy_text(value) -> str:
    """A value in COPY's text format: ``\\N`` for NULL, tabs, newlines and backslashes escaped."""
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
