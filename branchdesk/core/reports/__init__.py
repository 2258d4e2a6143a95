"""PDFs with reportlab: fonts, styles, the handbook, letters, receipts, blank forms."""
