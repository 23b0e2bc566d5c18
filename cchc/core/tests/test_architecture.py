"""The architecture in docs/architecture.md, as tests.

- ``cchc/domain/`` is plain Python: no module imports Django or a Django app of ours.
- Imports point down the layers (``LAYERS``): an app imports only lower layers or itself; the peers
  of L5 and of L6 never import each other; L6 reads L5 only from its ``sources.py``; oversight (L7)
  reads L4-L6 only from its ``sources.py`` and writes through ``plans.actions``. Project wiring may
  import anything and nothing imports it; tests never import another app's tests.
- No import cycles between modules (imports inside functions count), no ``except ImportError``
  around an import of the project.
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


# --- Layers ---------------------------------------------------------------------------------------

# The layer of each app (docs/architecture.md, "Layers"). An import must point to a lower number, or
# stay in its app. The apps of L2 form the foundation together and may import each other.
LAYERS: dict[str, float] = {
    "domain": 0,
    "core": 1,
    "formats": 1,
    "env": 1,
    "audit": 2,
    "orgs": 2,
    "accounts": 2,
    "jobs": 3,
    "notifications": 3.5,
    "plans": 4,
    "tracking": 5,
    "indicators": 5,
    "surveys": 5,
    "budget": 5.5,
    "reporting": 6,
    "parindex": 6,
    "oversight": 7,
}
FOUNDATION = 2  # apps of this layer may import each other
# Apps that read lower feature apps only from their `sources.py`, from which layer up: reporting and
# parindex read L5 that way (plans directly, through its one reading rule); oversight reads L4-L6.
READ_THROUGH_SOURCES = {"reporting": 5, "parindex": 5, "oversight": 4}
# Project wiring: may import anything, imported by no app.
WIRING = {"cchc.urls", "cchc.api", "cchc.settings", "cchc.cli", "cchc.wsgi", "cchc.asgi", "cchc.conftest"}
TESTING = "cchc.testing"


def _is_wiring(module: str) -> bool:
    return module in WIRING or module == TESTING or module.startswith(TESTING + ".")


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "cchc" else None


def _in_sources(module: str) -> bool:
    parts = module.split(".")
    return "sources" in parts[2:]


def _in_tests(module: str) -> bool:
    return "tests" in module.split(".")[2:] or module.split(".")[-1] == "conftest"


def layer_violation(importer: str, imported: str) -> str | None:
    """Why ``importer`` may not import ``imported`` (both absolute module names), or None."""
    if not imported.startswith("cchc.") or _is_wiring(importer):
        return None
    if _is_wiring(imported):
        if _in_tests(importer):
            return None
        if imported == TESTING or imported.startswith(TESTING + "."):
            return "only tests import cchc.testing"
        return f"{imported} is project wiring: no app imports it"
    src, dst = _app_of(importer), _app_of(imported)
    if src == dst or dst is None:
        return None
    if _in_tests(importer):
        if _in_tests(imported):
            return "tests never import another app's tests: shared fixtures live in cchc.testing"
        return None
    if src not in LAYERS or dst not in LAYERS:
        return f"{src if src not in LAYERS else dst} has no layer in LAYERS"
    here, there = LAYERS[src], LAYERS[dst]
    if there > here:
        return f"{src} (L{here:g}) imports upwards into {dst} (L{there:g})"
    if there == here and here != FOUNDATION:
        return f"{src} and {dst} are peers (L{here:g}) and never import each other"
    if src in READ_THROUGH_SOURCES and there >= READ_THROUGH_SOURCES[src] and not _in_sources(importer):
        if src == "oversight" and imported in {"cchc.plans.actions", "cchc.plans"}:
            return None  # oversight writes through plans' actions
        return f"{src} reads {dst} only from its sources.py"
    return None


def _project_modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {
        _module_name(path, root): path
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.relative_to(root).parts
    }


def _layer_offenders(root: Path = PACKAGE) -> list[str]:
    modules = _project_modules(root)
    offenders = []
    for module, path in modules.items():
        for line, name in _imported_modules(path, root):
            if name not in modules:
                continue  # `from x import a_function` also yields x.a_function
            why = layer_violation(module, name)
            if why:
                offenders.append(f"{path.relative_to(root.parent)}:{line} imports {name}: {why}")
    return sorted(set(offenders))


def test_imports_point_down_the_layers():
    assert set(LAYERS) >= {p.name for p in _apps()}, "every app has a layer"
    assert _layer_offenders() == []


@pytest.mark.parametrize(
    ("importer", "imported", "expected"),
    [
        ("cchc.core.views", "cchc.accounts.policy", "upwards"),
        ("cchc.tracking.actions", "cchc.oversight.models", "upwards"),
        ("cchc.plans.actions", "cchc.tracking.actions", "upwards"),
        ("cchc.jobs.tasks", "cchc.notifications.models", "upwards"),
        ("cchc.tracking.views", "cchc.indicators.models", "peers"),
        ("cchc.surveys.sources", "cchc.indicators.models", "peers"),
        ("cchc.reporting.views", "cchc.parindex.models", "peers"),
        ("cchc.reporting.prefill", "cchc.tracking.models", "sources.py"),
        ("cchc.parindex.actions", "cchc.tracking.evidence", "sources.py"),
        ("cchc.oversight.views", "cchc.plans.models", "sources.py"),
        ("cchc.oversight.dashboard", "cchc.parindex.models", "sources.py"),
        ("cchc.tracking.views", "cchc.urls", "wiring"),
        ("cchc.core.management.commands.serve", "cchc.wsgi", "wiring"),
        ("cchc.plans.queries", "cchc.testing.fixtures", "cchc.testing"),
        ("cchc.oversight.tests.test_x", "cchc.tracking.tests.factories", "another app's tests"),
    ],
)
def test_layer_rule_catches_a_bad_import(importer, imported, expected):
    why = layer_violation(importer, imported)
    assert why is not None and expected in why


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("cchc.tracking.actions", "cchc.plans.models"),
        ("cchc.tracking.actions", "cchc.tracking.queries"),
        ("cchc.orgs.actions", "cchc.accounts.policy"),  # the foundation's apps import each other
        ("cchc.accounts.policy", "cchc.orgs.models"),
        ("cchc.notifications.tasks", "cchc.jobs.schedule"),
        ("cchc.reporting.sources", "cchc.tracking.models"),
        ("cchc.reporting.views", "cchc.orgs.models"),
        ("cchc.reporting.views", "cchc.plans.queries"),  # plans' one reading rule, used by every app
        ("cchc.parindex.views", "cchc.notifications.actions"),
        ("cchc.oversight.sources", "cchc.parindex.models"),
        ("cchc.oversight.views", "cchc.plans.actions"),
        ("cchc.urls", "cchc.oversight.urls"),
        ("cchc.testing.fixtures", "cchc.tracking.models"),
        ("cchc.tracking.tests.test_x", "cchc.testing.fixtures"),
        ("cchc.core.tests.test_x", "cchc.oversight.models"),
    ],
)
def test_layer_rule_allows_a_good_import(importer, imported):
    assert layer_violation(importer, imported) is None


def test_layer_walk_finds_a_bad_import_inside_a_function(tmp_path):
    root = tmp_path / "cchc"
    for pkg in ("", "tracking", "oversight"):
        (root / pkg).mkdir(parents=True, exist_ok=True)
        (root / pkg / "__init__.py").write_text("")
    (root / "oversight" / "actions.py").write_text("def notify():\n    pass\n")
    (root / "tracking" / "actions.py").write_text("def f():\n    from cchc.oversight.actions import notify\n")

    assert [o.split(": ")[0] for o in _layer_offenders(root)] == [
        "cchc/tracking/actions.py:2 imports cchc.oversight.actions"
    ]


# --- Cycles and guarded imports -------------------------------------------------------------------


def _import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    modules = _project_modules(root)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        if _in_tests(module):
            continue
        targets = set()
        for _, name in _imported_modules(path, root):
            if name in modules and name != module and not _in_tests(name):
                # importing a package runs its __init__, not its submodules
                targets.add(name)
        graph[module] = targets
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    cycles.append(sorted(group))
    return sorted(cycles)


def test_no_import_cycles_between_modules():
    assert import_cycles(_import_graph()) == []


def test_cycle_check_catches_a_cycle_through_a_function_import(tmp_path):
    root = tmp_path / "cchc"
    (root / "jobs").mkdir(parents=True)
    for rel in ("__init__.py", "jobs/__init__.py"):
        (root / rel).write_text("")
    (root / "jobs" / "actions.py").write_text("from cchc.jobs import tasks\n")
    (root / "jobs" / "tasks.py").write_text("def run():\n    from cchc.jobs.actions import x\n")
    (root / "jobs" / "views.py").write_text("from cchc.jobs import actions\n")

    assert import_cycles(_import_graph(root)) == [["cchc.jobs.actions", "cchc.jobs.tasks"]]


def _guarded_project_imports(path: Path, root: Path = PACKAGE) -> list[int]:
    """Lines of `try: import cchc… except ImportError` (our apps are always installed)."""
    lines = []
    for node in ast.walk(_parse(path)):
        if not isinstance(node, ast.Try):
            continue
        catches = {ast.unparse(h.type) for h in node.handlers if h.type is not None} & {
            "ImportError",
            "ModuleNotFoundError",
            "(ImportError, ModuleNotFoundError)",
        }
        if not catches:
            continue
        for inner in (n for stmt in node.body for n in ast.walk(stmt)):
            if isinstance(inner, ast.ImportFrom) and (inner.level or (inner.module or "").startswith("cchc")):
                lines.append(node.lineno)
            elif isinstance(inner, ast.Import) and any(a.name.startswith("cchc") for a in inner.names):
                lines.append(node.lineno)
    return sorted(set(lines))


def test_no_except_import_error_around_project_imports():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in _project_modules().values()
        for line in _guarded_project_imports(path)
    ]
    assert offenders == []


def test_guarded_import_check_catches_one(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "try:\n    import weasyprint\nexcept ImportError:\n    weasyprint = None\n"
        "def f():\n    try:\n        from cchc.oversight.actions import notify\n"
        "    except ImportError:\n        return\n"
        "try:\n    from .models import X\nexcept (ImportError, ModuleNotFoundError):\n    X = None\n"
    )
    assert _guarded_project_imports(probe) == [6, 10]


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
