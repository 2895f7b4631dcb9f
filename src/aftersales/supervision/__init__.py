"""Supervision: statistics, the monthly report, inspections."""
