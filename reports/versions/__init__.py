"""Every saved version of a report (django-reversion), drafts of published reports,
comparing two versions field by field and restoring one.

- ``registry``: what a version holds (the report's own content and its inline rows; never
  its workflow fields such as status, review state or cache revision).
- ``models.ReportDraft``: a version of a published report that visitors do not see yet.
- ``services``: apply a version's content, store, publish and discard drafts.
- ``compare``: the differences between two versions, for the compare page.
- ``admin_views``: the change page running on the draft, the history and compare pages.
"""
