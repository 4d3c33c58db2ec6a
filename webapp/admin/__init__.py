"""Administration: dashboards, indicators, exports, staff."""
