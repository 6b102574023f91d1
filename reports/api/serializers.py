"""Serializers of the API. The report document (``reports.transfer.document``) has
declarative serializers here that describe it in the OpenAPI schema and render it; the
write path validates with ``reports.transfer.document.document_validate`` itself, the same
validator as the bulk import."""

from rest_framework import serializers

from reports.models import (
    Category,
    Company,
    FigureKind,
    FigureUnit,
    LicenceTier,
    Report,
    ReportStatus,
    SectionKind,
)
from segments.models import Segment


class CategoryRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    position = serializers.IntegerField(required=False, min_value=0)
    parent = serializers.JSONField(
        required=False, allow_null=True, help_text="The parent category, in the same shape."
    )


class PeriodsSerializer(serializers.Serializer):
    historic_start_year = serializers.IntegerField(min_value=1900, max_value=2200)
    base_year = serializers.IntegerField(min_value=1900, max_value=2200)
    forecast_start_year = serializers.IntegerField(min_value=1900, max_value=2200)
    forecast_end_year = serializers.IntegerField(min_value=1900, max_value=2200)


class SectionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(SectionKind.choices, required=False)
    heading = serializers.CharField(max_length=200)
    body = serializers.CharField(allow_blank=True, help_text="Sanitised HTML.")


class TocSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=3, required=False)
    title = serializers.CharField(max_length=300)


class FaqSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=300)
    answer = serializers.CharField(allow_blank=True, help_text="Sanitised HTML.")


class SegmentRefSerializer(serializers.Serializer):
    dimension = serializers.SlugField()
    slug = serializers.SlugField()


class FigureSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2200)
    value = serializers.DecimalField(max_digits=18, decimal_places=4, coerce_to_string=True)
    kind = serializers.ChoiceField(FigureKind.choices, required=False)
    segment = SegmentRefSerializer(
        required=False, allow_null=True, help_text="Null: the whole market."
    )


class CompanyRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(required=False)
    name = serializers.CharField(max_length=200)
    website = serializers.CharField(required=False, allow_blank=True)
    headquarters = serializers.CharField(
        required=False, allow_blank=True, help_text="ISO 3166 code."
    )
    description = serializers.CharField(required=False, allow_blank=True)


class PlayerSerializer(serializers.Serializer):
    company = CompanyRefSerializer()
    blurb = serializers.CharField(required=False, allow_blank=True)
    market_share = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True
    )


class DimensionRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(required=False)
    position = serializers.IntegerField(required=False)
    is_geographic = serializers.BooleanField(required=False)
    names = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text='The name in other languages, e.g. {"ja": "病院"}.',
    )


class ReportSegmentSerializer(serializers.Serializer):
    dimension = DimensionRefSerializer()
    slug = serializers.SlugField()
    name = serializers.CharField(required=False)
    names = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text='The name in other languages, e.g. {"ja": "病院"}.',
    )
    country = serializers.CharField(required=False, allow_blank=True, help_text="ISO 3166.")
    description = serializers.CharField(required=False, allow_blank=True)
    parent = serializers.SlugField(required=False, allow_null=True)
    share_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    share_of = SegmentRefSerializer(
        required=False, allow_null=True, help_text="Null: a share of the whole market."
    )
    value = serializers.DecimalField(
        max_digits=18, decimal_places=4, required=False, allow_null=True
    )
    value_year = serializers.IntegerField(required=False, allow_null=True)
    narrative = serializers.CharField(required=False, allow_blank=True)


class LicenceSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(LicenceTier.choices)
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField(required=False, min_length=3, max_length=3)
    seats = serializers.IntegerField(required=False, min_value=0, help_text="0: unlimited.")
    description = serializers.CharField(required=False, allow_blank=True)


class TranslatedSectionSerializer(serializers.Serializer):
    heading = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_blank=True)


class TranslatedFaqSerializer(serializers.Serializer):
    question = serializers.CharField(allow_blank=True)
    answer = serializers.CharField(allow_blank=True)


class TranslationSerializer(serializers.Serializer):
    """The report's text in one other language, laid out like its English (the n-th
    section, contents entry, FAQ, key player's blurb); "" where not translated."""

    published = serializers.BooleanField(required=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    headline = serializers.CharField(required=False, allow_blank=True, max_length=400)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=400)
    sections = TranslatedSectionSerializer(many=True, required=False)
    toc = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    faqs = TranslatedFaqSerializer(many=True, required=False)
    players = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    licences = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, help_text="By tier."
    )


class ReportDocumentSerializer(serializers.Serializer):
    """A whole report with everything on its page: the JSON Lines record, and the staff
    API's request body."""

    code = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    slug = serializers.SlugField(required=False)
    title = serializers.CharField(max_length=200)
    headline = serializers.CharField(required=False, allow_blank=True, max_length=400)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=400)
    status = serializers.ChoiceField(ReportStatus.choices, required=False)
    featured = serializers.BooleanField(required=False)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    category = CategoryRefSerializer()
    periods = PeriodsSerializer()
    page_count = serializers.IntegerField(required=False, allow_null=True)
    currency = serializers.CharField(required=False, min_length=3, max_length=3)
    unit = serializers.ChoiceField(FigureUnit.choices, required=False)
    sections = SectionSerializer(many=True, required=False)
    toc = TocSerializer(many=True, required=False)
    faqs = FaqSerializer(many=True, required=False)
    figures = FigureSerializer(many=True, required=False)
    players = PlayerSerializer(many=True, required=False)
    segments = ReportSegmentSerializer(many=True, required=False)
    licences = LicenceSerializer(
        many=True, required=False, allow_null=True, help_text="Null: the default licences."
    )
    translations = serializers.DictField(
        child=TranslationSerializer(),
        required=False,
        help_text="By language code (ja, ko, zh-hans, de, fr, es). A language marked "
        "published must translate every text that has English.",
    )


class CagrSerializer(serializers.Serializer):
    percent = serializers.DecimalField(max_digits=6, decimal_places=1)
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()
    covers_forecast = serializers.BooleanField(
        help_text="False: the figures do not cover the forecast period, and the CAGR spans "
        "the years they do cover."
    )


class ReportLinksSerializer(serializers.Serializer):
    page = serializers.URLField()
    sample = serializers.URLField()
    enquiry = serializers.URLField()
    purchase = serializers.URLField()
    press_release_html = serializers.URLField()
    press_release_md = serializers.URLField()


class ReportDetailSerializer(ReportDocumentSerializer):
    cagr = CagrSerializer(allow_null=True)
    links = ReportLinksSerializer()


class FindingSerializer(serializers.Serializer):
    """An integrity finding: errors block publishing, warnings and notes do not. ``where``
    names the text or field it is about; ``quote`` is the exact words it rests on."""

    level = serializers.ChoiceField([("error", "error"), ("warning", "warning"), ("note", "note")])
    code = serializers.CharField()
    message = serializers.CharField()
    where = serializers.CharField(allow_blank=True)
    quote = serializers.CharField(allow_blank=True)


class ReportWriteResultSerializer(ReportDetailSerializer):
    findings = FindingSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Field path → messages, e.g. {"sections.0.heading": ["This field is '
        'required."]}.',
    )


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = ["slug", "name", "description", "parent", "url"]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class CompanySerializer(serializers.ModelSerializer):
    headquarters = serializers.CharField(source="headquarters.code", allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Company
        fields = ["slug", "name", "website", "headquarters", "description", "url"]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class SegmentSerializer(serializers.ModelSerializer):
    dimension = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="country.code", allow_null=True)

    class Meta:
        model = Segment
        fields = ["id", "dimension", "slug", "name", "country", "parent", "description"]


class ReportListSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "code",
            "slug",
            "title",
            "headline",
            "summary",
            "category",
            "featured",
            "published_at",
            "updated_at",
            "base_year",
            "forecast_start_year",
            "forecast_end_year",
            "url",
        ]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()
