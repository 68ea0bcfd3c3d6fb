"""The guide is the bottom of the house: it imports no other app of ours (the API included),
and its page form imports none of its models (the models import the form)."""

import ast
from pathlib import Path

import guide

GUIDE = Path(guide.__file__).parent
OTHER_APPS = ("cms", "communities", "directory", "events", "frontend_api", "newcomers")


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_the_guide_imports_no_other_app_of_ours():
    found = {
        f"{path.relative_to(GUIDE)}: {module}"
        for path in GUIDE.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in OTHER_APPS
    }
    assert not found


def test_the_page_form_imports_no_model_of_the_guide():
    modules = set(imported_modules(GUIDE / "forms.py"))
    assert not {module for module in modules if module.startswith("guide.models")}
