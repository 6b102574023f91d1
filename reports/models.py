"""The report catalogue: categories, reports and everything a report page shows.

Figures are typed (a Decimal with the report's unit and currency), never strings such as
"5.3Bn"; the CAGR is computed from them (``reports.figures``), never typed in.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries.fields import CountryField

from portal.i18n import language_column
from portal.links import cached_reverse

from .html import sanitize_html


class Category(models.Model):
    """An industry, in a tree (Healthcare › Healthcare Services)."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="category_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("reports:category", slug=self.slug)

    def ancestors(self) -> list["Category"]:
        """Root first, this category excluded. Walks parents (the tree is shallow)."""
        chain, node, seen = [], self.parent, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def parent_loop(self, parent: "Category | None") -> list["Category"]:
        """This category and the stored ones below it down to ``parent``, in that order,
        when ``parent`` is this category or lies below it: making it the parent would close
        a loop (A › B › A), which no page, breadcrumb or facet could walk. Empty when the
        parent is fine. Reads the stored tree in one query (a few hundred rows at most), so
        changes saved earlier in the same transaction count.

        The database forbids only a category being its own parent (a check constraint);
        longer loops are refused here, by ``clean`` (the admin form) and by the import."""
        if parent is None or self.pk is None:
            return []
        parents = dict(Category.objects.values_list("id", "parent_id"))
        chain, node = [], parent.pk
        while node is not None and node not in chain:
            chain.append(node)
            if node == self.pk:
                stored = Category.objects.in_bulk(chain)
                return [stored[pk] for pk in reversed(chain)]
            node = parents.get(node)
        return []

    def parent_loop_message(self, loop: list["Category"]) -> str:
        """What staff read when ``parent_loop`` refuses a parent."""
        if len(loop) == 1:
            return f'"{self.name}" cannot be its own parent category.'
        path = " › ".join([self.name, *(category.name for category in loop[1:])])
        return (
            f'"{loop[-1].name}" cannot be the parent of "{self.name}": it is already inside '
            f"it ({path}), so the categories would go round in a loop. Choose another parent."
        )

    def clean(self) -> None:
        super().clean()
        loop = self.parent_loop(self.parent) if self.parent_id else []
        if loop:
            raise ValidationError({"parent": self.parent_loop_message(loop)})


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class ReviewState(models.TextChoices):
    """Where a report is in the editorial review (``desk.services``): an author writes and
    submits it, an editor approves it or sends it back with a comment. Publishing stays
    the Publisher role's decision; the state tells the publisher what has been reviewed."""

    WRITING = "writing", "Being written"
    SUBMITTED = "submitted", "Submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Sent back with changes requested"
    APPROVED = "approved", "Approved"


class FigureUnit(models.TextChoices):
    THOUSAND = "thousand", "thousand"
    MILLION = "million", "million"
    BILLION = "billion", "billion"
    TRILLION = "trillion", "trillion"


class PostgresArrayField(ArrayField):
    """An array column on PostgreSQL, a never-written text column elsewhere: for values
    only the PostgreSQL search reads (SQLite, the embedded default, has no arrays)."""

    def db_type(self, connection):
        return super().db_type(connection) if connection.vendor == "postgresql" else "text"

    def get_placeholder(self, value, compiler, connection):
        if connection.vendor == "postgresql":
            return super().get_placeholder(value, compiler, connection)
        return "%s"

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor == "postgresql":
            return super().get_db_prep_value(value, connection, prepared)
        return None

    def from_db_value(self, value, expression, connection):
        return value if connection.vendor == "postgresql" else None


SEARCH_ONLY_FIELDS = ("rank_vector",)
"""Report columns only the search engine reads (a few hundred bytes each), so every page
that lists or shows reports defers them."""


class Report(models.Model):
    code = models.PositiveIntegerField(unique=True, help_text="Public report number, e.g. 1541508.")
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200, default="", db_default="")
    headline = models.CharField(max_length=400, blank=True, default="", db_default="")
    summary = models.TextField(
        max_length=400,
        blank=True,
        default="",
        db_default="",
        help_text="Shown in listings and as the meta description.",
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    review_state = models.CharField(
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.WRITING,
        db_default=ReviewState.WRITING,
        help_text="Changed by submitting, approving or sending back (the review buttons).",
    )
    publish_scheduled_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the report goes live by itself (reports.services.report_publish_schedule).",
    )
    publish_scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured = models.BooleanField(default=False)
    findings_errors = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Integrity errors (they block publishing) when last checked; empty: not "
        "checked yet. Counted after every change (reports.tasks.count_findings).",
    )
    findings_warnings = models.PositiveSmallIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(
        default=1, help_text="Bumped by the services on every change, to key caches."
    )
    base_year = models.PositiveSmallIntegerField(null=True, blank=True)
    historic_start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    forecast_start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    forecast_end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    edition = models.PositiveSmallIntegerField(
        default=1,
        db_default=1,
        help_text="Raised by publishing a new edition (the report's admin action).",
    )
    edition_date = models.DateField(
        null=True, blank=True, help_text="When the current edition was published."
    )
    currency = models.CharField(max_length=3, default="USD")
    unit = models.CharField(max_length=10, choices=FigureUnit.choices, default=FigureUnit.BILLION)
    price_from = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        editable=False,
        help_text="Lowest licence price, kept current by reports.search for the price facet.",
    )
    rank_vector = SearchVectorField(
        null=True,
        editable=False,
        help_text="The search document without its sections (weights A to C), small enough "
        "to stay in the row: relevance is ranked on it (PostgreSQL), kept current by "
        "reports.search.",
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            (
                "publish_report",
                "Can publish, unpublish and archive reports, and publish their translations",
            ),
            ("review_report", "Can approve reports or send them back with a comment"),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="report_status_pub_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(forecast_end_year__gt=F("forecast_start_year")),
                name="report_forecast_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(historic_start_year__lte=F("base_year")),
                name="report_historic_start_not_after_base_year",
            ),
            models.CheckConstraint(
                condition=Q(base_year__lte=F("forecast_start_year")),
                name="report_base_year_not_after_forecast_start",
            ),
            models.CheckConstraint(
                condition=Q(forecast_end_year__lte=F("forecast_start_year") + 50),
                name="report_forecast_at_most_50_years",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="report_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(
                    base_year__isnull=False,
                    historic_start_year__isnull=False,
                    forecast_start_year__isnull=False,
                    forecast_end_year__isnull=False,
                ),
                name="report_published_has_periods",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="report_currency_iso_4217"
            ),
            models.CheckConstraint(condition=Q(code__gt=0), name="report_code_positive"),
            models.CheckConstraint(condition=Q(edition__gte=1), name="report_edition_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (r{self.code})"

    def get_absolute_url(self) -> str:
        return cached_reverse("reports:detail", slug=self.slug, code=self.code)

    PERIOD_FIELDS = ("historic_start_year", "base_year", "forecast_start_year", "forecast_end_year")

    def clean(self) -> None:
        """A published report keeps all four period years (the database refuses it too);
        a draft may leave empty what its source does not state."""
        super().clean()
        if self.status == ReportStatus.PUBLISHED:
            errors = {
                name: "A published report needs this year: unpublish it to leave it empty."
                for name in self.PERIOD_FIELDS
                if getattr(self, name) is None
            }
            if errors:
                raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def figure_label(self) -> str:
        """E.g. ``USD billion``: how every figure of this report is expressed."""
        return f"{self.currency} {self.get_unit_display()}"


class SearchDocument(models.Model):
    """A report's row in the narrow table the PostgreSQL search matches and counts on.

    Why a table of its own: a search for a common word matches a tenth of the catalogue,
    and counting facets then reads every matched row. In the reports table a row is over a
    kilobyte, so that meant one heap page per match; here a row is under 200 bytes (the
    vector is stored out of line and only its GIN index is read), so matches share pages.

    Contract: every report has one (none on SQLite, whose simpler search reads the reports
    table). ``is_published``, ``category``, ``published_at`` and ``price_from`` are copies
    of the report's columns kept by a database trigger on the reports table
    (``reports_searchdoc_sync``, migration 0007), so no write path, ORM or raw SQL, can
    leave them stale; ``search_vector`` and the facet arrays are written by
    ``reports.search.index`` in the same statement that writes the report's
    ``rank_vector``.
    """

    report = models.OneToOneField(
        Report,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="search_document",
        help_text="Its foreign key cascades in the database (migration 0007): deleting a "
        "report deletes its sections first, whose signals rebuild the document again.",
    )
    is_published = models.BooleanField(default=False)
    category = models.ForeignKey(
        Category, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    published_at = models.DateTimeField(null=True)
    price_from = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    search_vector = SearchVectorField(
        null=True,
        help_text="Weighted full-text document: title (A); headline, categories, key "
        "players and segments (B); summary (C); sections (D).",
    )
    facet_segments = PostgresArrayField(
        models.IntegerField(), null=True, help_text="Ids of the report's segments."
    )
    facet_tiers = PostgresArrayField(
        models.TextField(), null=True, help_text="The report's licence tiers."
    )

    class Meta:
        db_table = "reports_searchdoc"

    def __str__(self) -> str:
        return f"Search document of report {self.report_id}"


def sanitize_every_language(row: models.Model, field: str) -> None:
    """Sanitise the rich text ``field`` of ``row`` in every language it is stored in (its
    ``*_<language>`` columns), whichever language is active."""
    for code in settings.MODELTRANSLATION_LANGUAGES:
        column = language_column(field, code)
        value = getattr(row, column, None)
        if value:
            setattr(row, column, sanitize_html(value))


class SectionKind(models.TextChoices):
    OVERVIEW = "overview", "Market overview and trends"
    DRIVERS = "drivers", "Drivers"
    OPPORTUNITIES = "opportunities", "Opportunities"
    COMPETITION = "competition", "Competitive landscape"
    SEGMENTATION = "segmentation", "Segmentation"
    REGIONAL = "regional", "Regional analysis"
    OTHER = "other", "Other"


class Section(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=SectionKind.choices, default=SectionKind.OTHER)
    heading = models.CharField(max_length=200, default="", db_default="")
    body = models.TextField(
        default="", db_default="", help_text="Rich text. Scripts and unsafe attributes are removed."
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args, **kwargs) -> None:
        sanitize_every_language(self, "body")
        super().save(*args, **kwargs)


class TocEntry(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="toc_entries")
    position = models.PositiveSmallIntegerField(default=0)
    level = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300, default="", db_default="")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "table of contents entry"
        verbose_name_plural = "table of contents"
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="toc_level_1_3"),
        ]

    def __str__(self) -> str:
        return self.title


class Faq(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="faqs")
    position = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(max_length=300, default="", db_default="")
    answer = models.TextField(
        default="", db_default="", help_text="Rich text. Scripts and unsafe attributes are removed."
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs) -> None:
        sanitize_every_language(self, "answer")
        super().save(*args, **kwargs)


class FigureKind(models.TextChoices):
    # Translators: a market figure measured in a past year.
    HISTORIC = "historic", gettext_lazy("Historic")
    # Translators: an estimated market figure.
    ESTIMATE = "estimate", gettext_lazy("Estimate")
    # Translators: a forecast market figure.
    FORECAST = "forecast", gettext_lazy("Forecast")


class MarketFigure(models.Model):
    """A market size for one year, in the report's unit and currency.

    ``segment`` blank means the whole market; otherwise the figure is that segment's size.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="figures")
    segment = models.ForeignKey(
        "segments.Segment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=18, decimal_places=4)
    kind = models.CharField(max_length=10, choices=FigureKind.choices)
    precision = models.DecimalField(
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The unit of the last digit the source wrote, in the report's unit (0.1 for "
        "“2.5 billion”): the integrity checks allow for that rounding. Blank: exact.",
    )
    is_estimate = models.BooleanField(
        default=False,
        db_default=False,
        help_text="The source presents this value as an assumption, not a sourced figure.",
    )

    class Meta:
        ordering = ["segment_id", "year"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_value_not_negative"),
            models.CheckConstraint(
                condition=Q(precision__isnull=True) | Q(precision__gt=0),
                name="figure_precision_positive",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200), name="figure_year_plausible"
            ),
            models.UniqueConstraint(
                fields=["report", "year"],
                condition=Q(segment__isnull=True),
                name="figure_unique_year_whole_market",
            ),
            models.UniqueConstraint(
                fields=["report", "segment", "year"],
                condition=Q(segment__isnull=False),
                name="figure_unique_year_segment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Company(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    headquarters = CountryField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("reports:company", slug=self.slug)


class ReportCompany(models.Model):
    """A key player profiled in a report, with the report's own blurb about it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="company_links")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="report_links")
    position = models.PositiveSmallIntegerField(default=0)
    blurb = models.TextField(blank=True, default="", db_default="")
    market_share = models.DecimalField(
        "market share (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "key player"
        constraints = [
            models.UniqueConstraint(fields=["report", "company"], name="report_company_unique"),
            models.CheckConstraint(
                condition=Q(market_share__isnull=True)
                | Q(market_share__gte=0, market_share__lte=100),
                name="report_company_share_0_100",
            ),
        ]

    def __str__(self) -> str:
        return str(self.company)


class LicenceTier(models.TextChoices):
    # Translators: a licence type: one person may read the report.
    SINGLE = "single", gettext_lazy("Single user")
    # Translators: a licence type: a few people may read the report.
    MULTI = "multi", gettext_lazy("Multi user")
    # Translators: a licence type: the whole company may read the report.
    ENTERPRISE = "enterprise", gettext_lazy("Enterprise")


class Licence(models.Model):
    """A way to buy a report. ``seats`` 0 means unlimited (enterprise-wide)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="licences")
    tier = models.CharField(max_length=12, choices=LicenceTier.choices)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    seats = models.PositiveSmallIntegerField(default=1, help_text="0 means unlimited.")
    description = models.TextField(blank=True, default="", db_default="")
    update_months = models.PositiveSmallIntegerField(
        default=12,
        db_default=12,
        help_text="New editions published this many months after purchase reach the buyer "
        "free of charge (0: none).",
    )
    upgrade_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="What a buyer of an earlier edition pays for the current one once their "
        "updates have ended; empty: the full price.",
    )

    class Meta:
        ordering = ["price", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "tier"], name="licence_unique_tier"),
            models.CheckConstraint(condition=Q(price__gte=0), name="licence_price_not_negative"),
            models.CheckConstraint(
                condition=Q(upgrade_price__isnull=True) | Q(upgrade_price__gte=0),
                name="licence_upgrade_price_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="licence_currency_iso_4217"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} – {self.currency} {self.price}"

    @property
    def seats_label(self) -> str:
        return seats_label(self.seats)


def seats_label(seats: int) -> str:
    """How many people a licence of ``seats`` lets read the report (0: the whole company)."""
    if seats == 0:
        return _("Unlimited readers in your company")
    if seats == 1:
        return _("1 reader")
    return ngettext("Up to %(count)s reader", "Up to %(count)s readers", seats) % {"count": seats}


def default_licences() -> list[dict]:
    """The licences a new report starts with (``REPORT_DEFAULT_LICENCES`` in settings)."""
    return [dict(item) for item in settings.REPORT_DEFAULT_LICENCES]


class ReportEdition(models.Model):
    """One published edition of a report, kept when the next one replaces it: buyers of an
    earlier edition keep their copy, and the list says what each edition brought."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="editions")
    number = models.PositiveSmallIntegerField()
    published_on = models.DateField()
    notes = models.TextField(blank=True, help_text="What changed, shown to buyers.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_edition_once"),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="report_edition_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} edition {self.number}"


class RelatedReport(models.Model):
    """A report an editor lists as related to another; shown before the computed ones."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "related report"
        constraints = [
            models.UniqueConstraint(fields=["report", "related"], name="related_report_unique"),
            models.CheckConstraint(
                condition=~Q(related=F("report")), name="related_report_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.related_id}"


def translation_language_choices() -> list[tuple[str, str]]:
    """Every shipped language but English, the one reports are written in."""
    return [
        (code, name)
        for code, name in settings.ALL_LANGUAGES.items()
        if code != settings.LANGUAGE_CODE
    ]


class ReportLanguage(models.Model):
    """A report's translation into one language: when it was published there, and the
    English it was translated from.

    ``english_digest`` is the digest of the report's English text when staff last saved
    this language's text (``reports.languages.english_digest``): when the English changes
    afterwards, the translation is out of date. A language is only published complete
    (``reports.languages.report_language_publish``); until then its page shows English.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=10, choices=translation_language_choices)
    english_digest = models.CharField(max_length=64, blank=True)
    translated_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report", "language"]
        verbose_name = "report translation"
        constraints = [
            models.UniqueConstraint(fields=["report", "language"], name="report_language_once"),
            models.CheckConstraint(
                condition=~Q(language=settings.LANGUAGE_CODE), name="report_language_not_english"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} in {self.language}"


class SearchTranslation(models.Model):
    """The searchable text of a report in one language it is published in (PostgreSQL).

    A search in that language matches these rows besides the English ``SearchDocument``
    (``reports.search.translated``). Each language is indexed with its own text-search
    configuration: the stock stemmer named after it where PostgreSQL has one (German,
    French, Spanish…), else ``simple``, with Chinese, Japanese and Korean text written
    as overlapping pairs of characters, since those scripts put no spaces between words.

    Contract: one row per report and *published* language, rewritten with the report's
    ``SearchDocument`` (``reports.search.index``); none on SQLite, whose search reads the
    translated columns directly. The foreign key cascades in the database (migration
    0019), as the search document's does.
    """

    report = models.ForeignKey(
        Report,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        help_text="Indexed by the unique constraint, which starts with it.",
    )
    language = models.CharField(max_length=10, choices=translation_language_choices)
    search_vector = SearchVectorField(
        help_text="The language's own text, weighted: title (A); headline and segments (B); "
        "summary (C); sections (D)."
    )

    class Meta:
        db_table = "reports_searchtranslation"
        constraints = [
            models.UniqueConstraint(fields=["report", "language"], name="search_translation_once")
        ]

    def __str__(self) -> str:
        return f"Search text of report {self.report_id} in {self.language}"


from .versions.models import DraftState, ReportDraft  # noqa: E402, F401 - the app registers it
