"""The warehouse's to-do page: goods to ship for agreed exchanges, returned stock to confirm,
parts to reserve for waiting work orders and parts to reorder."""
