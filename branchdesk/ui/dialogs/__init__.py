"""Dialogs: forms and wizards opened from the pages."""
