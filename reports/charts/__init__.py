"""Charts of a report: one specification (``spec``), drawn by Plotly in the browser
(``plotly``) and as server-side SVG (``svg``)."""
