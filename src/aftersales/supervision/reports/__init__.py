"""Statistics over a period, the monthly report and its archive (contracts/reports.md)."""
