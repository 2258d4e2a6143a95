"""Excel in (python-calamine) and out (openpyxl)."""
