"""The dues package loads its submodules lazily (services/dues/__init__.py): its three lists of
names (the type checker's imports, the name → module table, __all__) must say the same."""

import ast
import importlib
from pathlib import Path

from branchdesk.core.services import dues

SOURCE = Path(dues.__file__).read_text(encoding="utf-8")


def _type_checking_names() -> dict[str, str]:
    """name → module of the imports under `if TYPE_CHECKING:`."""
    tree = ast.parse(SOURCE)
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
    )
    return {
        alias.name: "." * node.level + (node.module or "")
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_the_three_lists_of_names_agree():
    typed = _type_checking_names()
    assert set(dues.__all__) == set(dues._MODULES) == set(typed)
    assert dues._MODULES == typed


def test_every_name_is_the_object_its_module_defines():
    for name, module in dues._MODULES.items():
        assert getattr(dues, name) is getattr(importlib.import_module(module, dues.__name__), name)


def test_an_unknown_name_is_an_attribute_error():
    try:
        dues.no_such_service  # noqa: B018
    except AttributeError as exc:
        assert "no_such_service" in str(exc)
    else:
        raise AssertionError("no AttributeError")
