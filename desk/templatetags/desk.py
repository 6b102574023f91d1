from django import template

from desk.charts import ranked_bars
from desk.selectors import dashboard

register = template.Library()


@register.inclusion_tag("desk/dashboard.html", takes_context=True)
def desk_dashboard(context) -> dict:
    """The dashboard above the admin index's list of models, for the signed-in user."""
    board = dashboard(user=context["request"].user)
    leads_chart = ranked_bars(
        chart_id="leads-by-category",
        title="Leads by category, last 30 days",
        summary="Sample requests and enquiries received per category over the last 30 days.",
        axis="Leads",
        rows=[(row.name, row.samples + row.enquiries) for row in board.funnel_categories],
    )
    unanswered_chart = ranked_bars(
        chart_id="unanswered-searches",
        title="Searches that found nothing, last 30 days",
        summary="The searches visitors made most often that found no report.",
        axis="Searches",
        rows=board.unanswered,
    )
    return {"board": board, "leads_chart": leads_chart, "unanswered_chart": unanswered_chart}
