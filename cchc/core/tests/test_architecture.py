"""The architecture in docs/architecture.md, as tests.

- ``cchc/domain/`` is plain Python: no module imports Django or a Django app of ours.
- Every app has the standard shape (docs/architecture.md, "Layout"): what a file claims, its
  partners must exist. Models claim ``actions.py`` (all writes) and migrations; a page
  (``views.py``) or an endpoint (``api.py``) over models claims ``queries.py`` (scoped reads);
  ``urls.py`` claims ``views.py`` and ``app_name``; ``api.py`` claims ``schemas.py`` and a
  ``router``; templates live in ``templates/<app>/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps as django_apps

PACKAGE = Path(__file__).resolve().parents[2]  # .../cchc
DOMAIN = PACKAGE / "domain"

# Deliberate departures from the standard shape, with the reason. Keep this short.
EXCEPTIONS: dict[str, dict[str, str]] = {
    "accounts": {
        "queries.py": "who may see which user or unit is the policy module's job (accounts.policy)",
    },
    "audit": {
        "actions.py": "audit records are written by every other app's actions via audit.recording.record",
        "queries.py": "one read-only list; its scoped query is audit.views.events_for",
    },
    "core": {
        "queries.py": "no models of its own; the home page reads through other apps' panels",
    },
}


def _apps() -> list[Path]:
    return sorted(p.parent for p in PACKAGE.glob("*/apps.py"))


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """Absolute names of everything a module imports (also inside functions), with line numbers."""
    package = _module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(_parse(path)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # `from cchc import orgs` imports cchc.orgs
            found.extend((node.lineno, f"{name}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {
            "import_module",
            "__import__",
        }:
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def _forbidden_in_domain(name: str) -> bool:
    top = name.split(".")[0]
    if top == "django" or top in {"ninja", "django_tasks", "django_tasks_db", "whitenoise"}:
        return True
    return top == "cchc" and name != "cchc" and not name.startswith("cchc.domain")


def test_domain_modules_do_not_import_django_or_apps():
    modules = sorted(DOMAIN.rglob("*.py"))
    assert len(modules) > 5  # the walk found the package
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
        for path in modules
        for line, name in _imported_modules(path)
        if _forbidden_in_domain(name)
    ]
    assert offenders == []


def test_import_walker_sees_nested_relative_and_dynamic_imports(tmp_path):
    """Guard for the guard: the walker must not miss the sneaky forms."""
    probe = tmp_path / "cchc" / "domain" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "def f():\n    import django.db\n"
        "from .. import orgs\n"
        "from .text import fold\n"
        "import importlib\nimportlib.import_module('django.conf')\n"
    )

    names = [name for _, name in _imported_modules(probe, root=tmp_path / "cchc")]

    assert {"django.db", "cchc.orgs", "django.conf", "cchc.domain.text"} <= set(names)
    assert all(_forbidden_in_domain(n) for n in ("django.db", "cchc.orgs", "django.conf"))
    assert not _forbidden_in_domain("cchc.domain.text")


def test_every_app_is_installed_and_every_cchc_app_has_a_package():
    on_disk = {p.name for p in _apps()}
    installed = {c.name.split(".", 1)[1] for c in django_apps.get_app_configs() if c.name.startswith("cchc.")}
    assert on_disk == installed


def _declares_models(models_py: Path) -> bool:
    for node in _parse(models_py).body:
        if isinstance(node, ast.ClassDef) and node.bases:
            meta = [n for n in node.body if isinstance(n, ast.ClassDef) and n.name == "Meta"]
            abstract = any(
                isinstance(s, ast.Assign)
                and any(getattr(t, "id", "") == "abstract" for t in s.targets)
                and getattr(s.value, "value", False) is True
                for m in meta
                for s in m.body
            )
            bases = [ast.unparse(b) for b in node.bases]
            if not abstract and any(b.endswith("Model") and "Choices" not in b for b in bases):
                return True
    return False


def _module_assigns(path: Path, name: str) -> ast.expr | None:
    for node in _parse(path).body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(getattr(t, "id", None) == name for t in targets):
            return node.value
    return None


def _shape_problems(app: Path) -> list[str]:
    label = django_apps.get_containing_app_config(f"cchc.{app.name}.apps")
    label = label.label if label else app.name
    has = lambda rel: (app / rel).exists()  # noqa: E731
    waived = EXCEPTIONS.get(app.name, {})
    problems: list[str] = []

    def claim(condition: bool, needed: str, because: str) -> None:
        if condition and not has(needed) and needed not in waived:
            problems.append(f"{app.name}: {because}, so it needs {needed}")

    for needed in ("__init__.py", "apps.py", "tests/__init__.py"):
        claim(True, needed, "every app has one")
    models = has("models.py") and _declares_models(app / "models.py")
    claim(models, "actions.py", "it has models (all writes go through do_* actions)")
    claim(models, "migrations/__init__.py", "it has models")
    claim(models and (has("views.py") or has("api.py")), "queries.py", "it shows its models (scoped reads)")
    claim(has("urls.py"), "views.py", "it has urls.py")
    claim(has("api.py"), "schemas.py", "it has api.py")
    claim(has("forms.py"), "views.py", "it has forms.py")
    if has("urls.py"):
        app_name = _module_assigns(app / "urls.py", "app_name")
        if not (isinstance(app_name, ast.Constant) and app_name.value == label):
            problems.append(
                f"{app.name}: urls.py must set app_name = {label!r} (URL names <app>:<model>_<action>)"
            )
    if has("api.py") and _module_assigns(app / "api.py", "router") is None:
        problems.append(f"{app.name}: api.py must define `router` (mounted at /api/<app>)")
    if has("templates"):
        stray = [p.name for p in (app / "templates").iterdir() if p.name != label]
        if stray:
            problems.append(f"{app.name}: templates belong in templates/{label}/, found {stray}")
    claim(has("views.py") or has("urls.py"), f"templates/{label}", "it has pages")
    for rel in waived:
        if has(rel):
            problems.append(f"{app.name}: {rel} exists now; drop its entry from EXCEPTIONS")
    return problems


@pytest.mark.parametrize("app", _apps(), ids=lambda p: p.name)
def test_app_has_the_standard_files_it_claims(app):
    assert _shape_problems(app) == []


def test_no_catch_all_utils_modules():
    assert sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("utils.py")) == []
    assert sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("helpers.py")) == []


def test_shape_check_reports_what_a_half_built_app_lacks(tmp_path):
    """Guard for the guard: an app with models and pages but no actions/queries/templates is caught."""
    app = tmp_path / "widgets"
    (app / "tests").mkdir(parents=True)
    (app / "tests" / "__init__.py").write_text("")
    (app / "__init__.py").write_text("")
    (app / "apps.py").write_text("")
    (app / "models.py").write_text(
        "from django.db import models\n\n\nclass Widget(models.Model):\n    pass\n"
    )
    (app / "views.py").write_text("")
    (app / "urls.py").write_text("urlpatterns = []\n")
    (app / "api.py").write_text("")

    problems = "\n".join(_shape_problems(app))

    for expected in (
        "needs actions.py",
        "needs migrations/__init__.py",
        "needs queries.py",
        "needs schemas.py",
        "app_name = 'widgets'",
        "define `router`",
        "needs templates/widgets",
    ):
        assert expected in problems


def test_only_the_client_module_reads_remote_addr():
    """The client's address has one definition (cchc.core.client.client_address, honouring
    CCHC_CLIENT_IP_HEADER and CCHC_TRUSTED_PROXIES): any other code reading REMOTE_ADDR would
    count every citizen behind the province's proxy as one."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "/tests/" not in path.as_posix()
        and path.name != "conftest.py"
        and path.relative_to(root).as_posix() != "core/client.py"
        and "REMOTE_ADDR" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
