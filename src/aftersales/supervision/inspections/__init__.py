"""Inspections and mystery-shopper visits on versioned templates; corrective actions."""
