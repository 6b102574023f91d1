"""Demo catalogue: the seed press release as a typed report, and more reports around it.

``catalogue`` holds what reports share (categories, dimensions, regions, companies),
``seed`` the press release's facts as written (its country lists uncorrected), and
``more_reports`` the other demo reports. ``loader`` writes them; the data modules hold
data only.
"""
