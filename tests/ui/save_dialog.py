"""A stand-in for the system save dialog."""

from pathlib import Path


class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: records what was proposed, answers `answer`."""

    def __init__(self, answer: Path | None = None):
        self.answer = answer
        self.proposed: list[Path] = []

    def __call__(self, parent, title, path, name_filter):
        self.proposed.append(Path(path))
        chosen = self.answer if self.answer is not None else Path(path)
        return str(chosen), name_filter
