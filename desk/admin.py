from django.contrib import admin

from .models import UnansweredSearch


@admin.register(UnansweredSearch)
class UnansweredSearchAdmin(admin.ModelAdmin):
    """Read only: the rows are counted by the search pages."""

    list_display = ["query", "day", "count"]
    search_fields = ["query"]
    date_hierarchy = "day"
    ordering = ["-day", "-count"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
