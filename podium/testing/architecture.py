"""The import-graph check: Podium's layers, and the imports that break them.

`tests/test_architecture.py` runs it over the project; `docs/architecture.md`
("Layers") explains the rule. Every import of first-party code in every module
under `podium/` and `config/` counts — at the top, inside a function, or under
`if TYPE_CHECKING:` (that one creates no cycle at run time, but it is still a
dependence) — except in tests, migrations and `podium.testing` (test helpers,
which may import anything).

Three rules:

1. A lower layer never imports a higher one (`LAYERS`, bottom first).
2. Two apps never import each other.
3. An import of first-party code inside a function says why, in a comment on its
   line or on the line above (a comment above a block of such imports covers the
   block).
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Bottom first. Each app may import the ones listed before it, never those after.
LAYERS: tuple[str, ...] = (
    "podium.core",  # the ground floor: registries, pagination, errors, the worker
    "podium.audit",  # the hash-chained log: record, chain, verify
    "podium.accounts",  # people, units, roles, permissions; the audit log page
    "podium.notify",  # the inbox and `notify(...)`
    "podium.api",  # the API kit: auth, problem details, shared schemas, pagination
    "podium.resources",  # the resources library: guidance, documents, contacts, shown in place
    "podium.training",
    "podium.speakers",  # the speaker register
    "podium.events",  # event requests, and speakers on a request
    "podium.research",  # the security-sensitive research register and its lookup
    "podium.sharing",  # information sharing with partners: disclosures, speaker requests
    "podium.exchange",  # Podium-to-Podium signed exchange of speaker requests and answers
    "podium.concerns",  # Prevent concerns: sharing, cases, break-glass, counts, reportable events
    "podium.governance",  # risk assessment and action plan, complaints, code of practice
    "podium.privacy",  # retention schedule and legal holds, breach log, record of processing
    "podium.subject_access",  # subject access requests: the log, the search, the export
    "podium.reporting",  # the regulator's return, dashboards, the transparency report
    "podium.home",  # the home page, `podium demo`, `podium seed`: assembles the apps
    "config",  # settings, URLs, the API's router assembly
)

# May import anything; nothing checked may import them.
UNCHECKED: tuple[str, ...] = ("podium.testing",)

# The package's own entry points (`python -m podium`): top of the house.
ENTRY_POINTS: dict[str, str] = {"podium": "config", "podium.__main__": "config"}

FIRST_PARTY: tuple[str, ...] = ("podium", "config")


@dataclass(frozen=True)
class _Target:
    module: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Import:
    path: str  # relative to the project root, e.g. "podium/core/navigation.py"
    line: int
    module: str  # the importing module, dotted
    target: str  # the imported module, or the module names are imported from
    in_function: bool
    explained: bool  # a comment on the line or the line above (see rule 3)
    type_checking: bool
    names: tuple[str, ...] = ()  # `from target import names`

    @property
    def shown(self) -> str:
        return f"{self.target} ({', '.join(self.names)})" if self.names else self.target


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_checked(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    if parts[0] not in FIRST_PARTY:
        return False
    if "migrations" in parts or "tests" in parts:
        return False
    if path.name.startswith("test_") or path.name == "conftest.py":
        return False
    return not module_name(path, root).startswith(UNCHECKED)


def app_of(module: str) -> str:
    """ "podium.events.services" -> "podium.events"; "config.urls" -> "config"."""
    if module in ENTRY_POINTS:
        return ENTRY_POINTS[module]
    parts = module.split(".")
    return parts[0] if parts[0] == "config" else ".".join(parts[:2])


def _comment_lines(source: str) -> set[int]:
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            lines.add(token.start[0])
    return lines


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[_Target]:
    """(module, names) pairs: `import a.b` gives ("a.b", ()), `from a.b import c, d`
    gives ("a.b", ("c", "d")), and `from podium import events` ("podium.events", ())."""
    if isinstance(node, ast.Import):
        return [_Target(alias.name, ()) for alias in node.names]
    if node.level:  # relative: from the importing module's package
        package = module.split(".") if is_package else module.split(".")[:-1]
        base = package[: len(package) - (node.level - 1)]
        stem = ".".join(base + ([node.module] if node.module else []))
    else:
        stem = node.module or ""
    if stem in FIRST_PARTY:  # each name is an app
        return [_Target(f"{stem}.{alias.name}", ()) for alias in node.names]
    return [_Target(stem, tuple(alias.name for alias in node.names))]


def imports_in(path: Path, root: Path) -> Iterator[Import]:
    """Every import of first-party code in one file."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    comments = _comment_lines(source)
    module = module_name(path, root)
    relative = path.relative_to(root).as_posix()
    is_package = path.name == "__init__.py"

    def visit(nodes: Iterable[ast.AST], in_function: bool, type_checking: bool) -> Iterator[Import]:
        previous_explained_end = -1  # last line of the explained import just before
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                first, last = node.lineno, node.end_lineno or node.lineno
                explained = (
                    any(line in comments for line in range(first - 1, last + 1))
                    or previous_explained_end == first - 1
                )
                previous_explained_end = last if explained else -1
                for target in _targets(node, module, is_package):
                    if target.module.split(".")[0] in FIRST_PARTY:
                        yield Import(
                            relative,
                            first,
                            module,
                            target.module,
                            in_function,
                            explained,
                            type_checking,
                            target.names,
                        )
                continue
            previous_explained_end = -1
            children = ast.iter_child_nodes(node)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from visit(children, True, type_checking)
            elif isinstance(node, ast.If) and _is_type_checking(node.test):
                yield from visit(node.body, in_function, True)
                yield from visit(node.orelse, in_function, type_checking)
            else:
                yield from visit(children, in_function, type_checking)

    yield from visit(tree.body, False, False)


def project_imports(root: Path) -> list[Import]:
    found: list[Import] = []
    for package in FIRST_PARTY:
        for path in sorted((root / package).rglob("*.py")):
            if is_checked(path, root):
                found.extend(imports_in(path, root))
    return found


def violations(imports: Iterable[Import], layers: tuple[str, ...] = LAYERS) -> list[str]:
    """One readable line per broken rule; empty when the layers hold."""
    rank = {app: position for position, app in enumerate(layers)}
    problems: list[str] = []
    edges: dict[tuple[str, str], Import] = {}
    for found in imports:
        where = f"{found.path}:{found.line}"
        how = " (under TYPE_CHECKING)" if found.type_checking else ""
        importer, imported = app_of(found.module), app_of(found.target)
        if imported.startswith(UNCHECKED):
            problems.append(f"{where}: imports {found.shown}, which is for tests only")
            continue
        if found.in_function and not found.explained:
            problems.append(
                f"{where}: imports {found.shown} inside a function with no comment saying why"
            )
        if importer == imported:
            continue
        for app in (importer, imported):
            if app not in rank:
                problems.append(f"{where}: {app} is in no layer (add it to LAYERS)")
        if importer in rank and imported in rank and rank[importer] < rank[imported]:
            problems.append(
                f"{where}: {importer} (layer {rank[importer] + 1}) imports {found.shown}"
                f"{how}, a higher layer ({imported}, layer {rank[imported] + 1})"
            )
        edges.setdefault((importer, imported), found)
    for (importer, imported), found in sorted(edges.items()):
        back = edges.get((imported, importer))
        if back is not None and importer < imported:
            problems.append(
                f"{importer} and {imported} import each other "
                f"({found.path}:{found.line} and {back.path}:{back.line})"
            )
    return problems


def check(root: Path, layers: tuple[str, ...] = LAYERS) -> list[str]:
    return violations(project_imports(root), layers)
