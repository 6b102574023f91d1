"""Admin list filters that offer only what the rows hold."""

from django.contrib import admin
from django_countries import countries


class PresentCountryFilter(admin.AllValuesFieldListFilter):
    """The countries some row of the list has, by name, instead of all 250: a country
    field's default filter lists every country whether or not any lead comes from it."""

    def choices(self, changelist):
        """ "All" first, then the countries by name (the values are ISO codes)."""
        names = dict(countries)
        every, *rest = super().choices(changelist)
        yield every
        named = [
            {**choice, "display": names.get(choice["display"], choice["display"])}
            for choice in rest
        ]
        yield from sorted(named, key=lambda choice: str(choice["display"]))
