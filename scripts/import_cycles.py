"""Import cycles between the package's modules: the strongly connected groups of the import
graph (grimp's, as import-linter builds it; imports inside functions count too). Prints each
group and exits 1 when there is any, so CI keeps the picture of the code a tree.

    python scripts/import_cycles.py [PACKAGE]
"""

from __future__ import annotations

import sys

import grimp


def cycles(package: str) -> list[list[str]]:
    graph = grimp.build_graph(package)
    imports = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    # Tarjan's algorithm, iterative (no recursion limit on a deep chain of imports).
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(imports):
        if root in index:
            continue
        work = [(root, iter(imports[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, pending = work[-1]
            target = next(pending, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(imports.get(target, []))))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def main(argv: list[str]) -> int:
    package = argv[0] if argv else "nghean_tui"
    found = cycles(package)
    print(f"{len(found)} import cycles in {package}")
    for group in found:
        print(f"  {len(group)}: {', '.join(group)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
