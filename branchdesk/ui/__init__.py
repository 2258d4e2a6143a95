"""PySide6 only: pages, dialogs, Qt item models, background tasks. Asks core, renders the answer."""
