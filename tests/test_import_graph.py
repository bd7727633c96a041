"""The package's import graph: no cycles, and the folders' layering (docs/architecture.md).

Read from the source (every `import` and `from ... import`, including those inside functions), so
the test needs neither TensorFlow nor Keras.
"""

import ast
from pathlib import Path

import lstm_course

PACKAGE = Path(lstm_course.__file__).parent
# The lower folders never import the upper ones: what the lessons write (the networks, the data,
# the baselines) does not depend on the experiments that use it or on the notebook plumbing.
LOWER = ("numpy_nets", "datasets", "baselines")
UPPER = ("keras_nets", "experiments", "course", "exercises", "diagrams")


def module_name(path: Path) -> str:
    parts = ("lstm_course",) + path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """{module: the package's modules it imports}, for every module under `package`."""
    modules = {module_name(p): p for p in package.rglob("*.py")}

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in modules else resolve(node.module))
            elif isinstance(node, ast.Import):
                targets.update(resolve(alias.name) for alias in node.names)
        graph[name] = {t for t in targets if t and t.startswith("lstm_course") and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def folder(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LOWER + UPPER) else ""


def test_the_package_has_no_import_cycles():
    graph = import_graph()
    assert len(graph) > 60  # the walk found the package
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_lower_folders_never_import_the_upper_ones():
    upward = [
        (module, target)
        for module, targets in import_graph().items()
        if folder(module) in LOWER
        for target in targets
        if folder(target) in UPPER
    ]
    assert upward == []


def test_the_package_root_imports_nothing_and_every_folder_is_a_package():
    assert import_graph()["lstm_course"] == set()  # importing lstm_course stays instant
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(LOWER + UPPER)
    assert all((PACKAGE / name / "__init__.py").is_file() for name in folders)
