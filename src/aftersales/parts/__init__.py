"""Spare parts (零配件): catalogue, stock, reservations for work orders, waiting time, and the
repair promises that waiting time feeds."""
