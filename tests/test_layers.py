"""The package's shape: data flows one way, core -> nets -> studies -> plots, in small modules.

Every module under ``src/initlab`` is parsed (not imported) and mapped to a
layer; no import in it, absolute or relative, at the top or inside a
function, may reach a module of a higher layer. The package's own
``__init__`` is the core and nets API, so it sits with the nets. Also: no
module is longer than 500 lines, ``initlab.__all__`` is a sorted literal list,
and ``import initlab`` loads neither the studies, nor the plots, nor
matplotlib (which is the optional ``plots`` extra).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import initlab

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "initlab"
LAYERS = ("core", "nets", "studies", "plots")
CORE = {"_validation", "initializers", "schemes", "gains", "meanfield", "activations"}
NETS = {"nn", "losses", "training", "diagnostics", "lsuv", "data"}
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    """The layer of a module of initlab, by its dotted name."""
    parts = module.split(".")
    assert parts[0] == "initlab", module
    if len(parts) == 1:
        return "nets"  # the package's __init__: the core and nets API
    if parts[1] in CORE:
        return "core"
    if parts[1] in NETS:
        return "nets"
    if parts[1] in ("studies", "plots"):
        return parts[1]
    raise AssertionError(f"{module} belongs to no layer: add it to CORE or NETS in {Path(__file__).name}")


def imported_modules(module: str, source: str | None = None) -> list[tuple[int, str]]:
    """(line, initlab module) for every import of an initlab module anywhere in ``module``'s source."""
    path = MODULES.get(module, PACKAGE / "x.py")
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text() if source is None else source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - (node.level - 1)] + [node.module or ""]).rstrip(".")
            else:
                base = node.module or ""
            for alias in node.names:
                # `from initlab import studies` imports a module; `from initlab import he_normal`, the package
                candidate = f"{base}.{alias.name}"
                found.append((node.lineno, candidate if candidate in MODULES else base))
    return [(line, name) for line, name in found if name.split(".")[0] == "initlab"]


def test_every_module_has_a_layer() -> None:
    assert {layer(m) for m in MODULES} == set(LAYERS)


@pytest.mark.parametrize("module", list(MODULES))
def test_no_import_reaches_a_higher_layer(module: str) -> None:
    own = LAYERS.index(layer(module))
    upward = [
        f"{MODULES[module].relative_to(SRC)}:{line} imports {target} ({layer(target)} above {layer(module)})"
        for line, target in imported_modules(module)
        if LAYERS.index(layer(target)) > own
    ]
    assert upward == []


def test_the_parser_finds_every_kind_of_import() -> None:
    source = textwrap.dedent(
        """
        import numpy as np
        from . import schemes
        from .nn import MLP

        def late():
            import initlab.plots.svg
            from . import studies
            from initlab import he_normal
            from .studies.depth import depth_sweep
        """
    )
    assert imported_modules("initlab.gains", source) == [
        (3, "initlab.schemes"),
        (4, "initlab.nn"),
        (7, "initlab.plots.svg"),
        (8, "initlab.studies"),
        (9, "initlab"),
        (10, "initlab.studies.depth"),
    ]


@pytest.mark.parametrize("module", list(MODULES))
def test_module_is_at_most_500_lines(module: str) -> None:
    lines = len(MODULES[module].read_text().splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(SRC)} has {lines} lines: split it"


def test_all_is_a_sorted_literal_list() -> None:
    tree = ast.parse((PACKAGE / "__init__.py").read_text())
    values = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    ]
    assert len(values) == 1, "__init__.py must assign __all__ exactly once"
    (value,) = values
    assert isinstance(value, ast.List), "__all__ must be a literal list"
    names = [ast.literal_eval(element) for element in value.elts]
    assert all(isinstance(name, str) for name in names)
    assert names == sorted(names), "__all__ must be sorted (plain sorted(): capitals first)"
    assert len(names) == len(set(names))
    assert names == initlab.__all__
    assert [name for name in names if not hasattr(initlab, name)] == []


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True)


def test_import_initlab_loads_no_study_plot_or_matplotlib() -> None:
    done = _run(
        """
        import sys
        import initlab
        print(sorted(m for m in sys.modules if m.startswith(("initlab.studies", "initlab.plots", "matplotlib"))))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_library_works_without_matplotlib() -> None:
    """`pip install initlab` (no `plots` extra): the library and the studies import and run."""
    done = _run(
        """
        import sys
        sys.modules["matplotlib"] = None  # as if not installed: importing it raises ImportError
        import initlab
        import initlab.studies
        net = initlab.mlp([2, 4, 1], init="he_normal", rng=0)
        print(initlab.he_normal((3, 4), rng=0).shape, len(net.weights))
        try:
            import initlab.plots
        except ImportError:
            print("plots need matplotlib")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["(3, 4) 2", "plots need matplotlib"]
