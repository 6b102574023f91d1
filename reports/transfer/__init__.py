"""Moving reports in and out: JSON Lines and CSV import and export, press releases.

``document`` defines a report as one plain JSON document, ``export`` builds it from the
database, ``importer`` writes it back (the staff API uses the same importer), ``tabular``
reads CSV, ``press_release`` renders a report as a press release and ``press_release_parse``
reads one back.
"""
