"""Repair work orders (维修): intake, diagnosis, quote, in-house or factory repair, hand-back."""
