"""Where the app proposes to save a file: the user's Documents folder (文档), then the folder
they last chose, under a meaningful name that does not replace an existing file.

    target = ask_save_path(self, "另存为 PDF", "团费收据_张三_2026年11月.pdf")
"""

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from branchdesk.ui.screen import ui_settings

PDF_FILTER = "PDF 文件 (*.pdf)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
#: ui.ini key: the folder the user last saved a file to
LAST_FOLDER_KEY = "files/last_folder"


def documents_dir() -> Path:
    """The user's Documents folder (文档), or the home folder where there is none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    return Path.home()


def save_folder() -> Path:
    """The folder last saved to, while it exists; else the Documents folder."""
    last = ui_settings().value(LAST_FOLDER_KEY, "")
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    return documents_dir()


def free_path(folder: Path, file_name: str) -> Path:
    """`folder/file_name`, or `名称(2).pdf`, `名称(3).pdf`… when that file exists already."""
    path = folder / file_name
    n = 2
    while path.exists():
        path = folder / f"{Path(file_name).stem}({n}){Path(file_name).suffix}"
        n += 1
    return path


def ask_save_path(
    parent: QWidget | None, title: str, file_name: str, name_filter: str = PDF_FILTER
) -> Path | None:
    """Ask where to save, proposing `file_name` in `save_folder()`; None when cancelled.

    The suffix of `file_name` is added when the user typed a name without it; replacing an
    existing file is confirmed (the dialog asks itself, and here when the suffix was added).
    The chosen folder is remembered for next time."""
    suffix = Path(file_name).suffix
    proposed = free_path(save_folder(), file_name)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(proposed), name_filter)
    if not chosen:
        return None
    target = Path(chosen)
    if suffix and target.suffix.lower() != suffix.lower():
        target = target.with_name(target.name + suffix)
        if target.exists():
            answer = QMessageBox.question(
                parent, title, f"“{target.name}”已经存在。要替换它吗？\n{target.parent}"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
    ui_settings().setValue(LAST_FOLDER_KEY, str(target.parent))
    return target
