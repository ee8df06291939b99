#!/usr/bin/env python3
"""Run the analyst notebooks top to bottom, as CI does.

    python3 notebooks/run_notebooks.py                 # every notebooks/*.ipynb
    python3 notebooks/run_notebooks.py 01-kazakh-kyrgyz-gaps.ipynb
    python3 notebooks/run_notebooks.py --keep /tmp/executed   # also save the executed copies there
    python3 notebooks/run_notebooks.py --strip         # clear outputs in place (before committing)

Each notebook is copied into a temporary folder and executed there with nbclient, in a Jupyter kernel
running this same Python interpreter; the copies in the repository are never written (except with
--strip). The notebooks' own `assert`s are the tests: any cell error fails the run.

The notebooks find nroute through NROUTE_BIN. If it is not set, this script sets it to the newest of
.build/release/nroute and .build/debug/nroute (by modification time: a stale release build must not
hide a fresh debug one), and NROUTE_GEODATA to the repository's geodata/ if it is not set.

It also checks that the committed notebooks are clean: no outputs, execution_count null.

Exit status: 0 all notebooks ran, 1 a notebook failed or is not clean, 2 nothing to run with
(no nroute binary, missing Python packages, no notebooks).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
KERNEL_NAME = "nroute-notebooks"
ANSI = re.compile(r"\x1b\[[0-9;]*m")   # IPython colours its tracebacks


def fail_setup(message: str) -> "NoReturn":  # noqa: F821
    print(f"run_notebooks: {message}", file=sys.stderr)
    sys.exit(2)


try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as error:  # pragma: no cover - depends on the environment
    fail_setup(f"{error}; install the requirements: python3 -m pip install -r notebooks/requirements.txt")


def find_nroute() -> Path:
    if os.environ.get("NROUTE_BIN"):
        path = Path(os.environ["NROUTE_BIN"])
        if not path.is_absolute():
            path = Path.cwd() / path
    else:
        candidates = [REPO / ".build" / kind / "nroute" for kind in ("release", "debug")]
        candidates = [p for p in candidates if p.is_file()]
        if not candidates:
            fail_setup("no nroute binary: build it first (swift build, or scripts/run) or set NROUTE_BIN")
        path = max(candidates, key=lambda p: p.stat().st_mtime)
    if not (path.is_file() and os.access(path, os.X_OK)):
        fail_setup(f"NROUTE_BIN={path} is not an executable file")
    return path.resolve()


def is_clean(nb) -> list[str]:
    """Why a committed notebook is not clean (empty list when it is)."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {i} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {i} has execution_count {cell['execution_count']}")
    return problems


def strip(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    if not is_clean(nb):
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell["outputs"] = []
                cell["execution_count"] = None
        nbformat.write(nb, path)
        return True
    return False


def write_kernelspec(folder: Path) -> None:
    """A kernelspec for this interpreter, so that the notebooks see the packages installed for it."""
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python ({sys.executable})",
        "language": "python",
    }))


def run(path: Path, workdir: Path, timeout: int, keep: Path | None) -> tuple[bool, float]:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    copy = workdir / path.name
    shutil.copyfile(path, copy)
    out = workdir / (path.stem + "-outputs")
    out.mkdir()
    os.environ["NROUTE_NOTEBOOK_OUT"] = str(out)
    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=timeout, allow_errors=False,
                            resources={"metadata": {"path": str(workdir)}})
    started = time.monotonic()
    ok = True
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        ok = False
        plain = ANSI.sub("", str(error))
        print(f"FAIL {path.name}:\n{plain}", file=sys.stderr)
    finally:
        elapsed = time.monotonic() - started
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, keep / path.name)
    return ok, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebook files or names in notebooks/ (default: all)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    parser.add_argument("--keep", type=Path, help="also write the executed notebooks into this folder")
    parser.add_argument("--strip", action="store_true", help="clear outputs in place and exit (no run)")
    args = parser.parse_args()

    paths = [Path(n) if Path(n).exists() else HERE / n for n in args.notebooks] or sorted(HERE.glob("*.ipynb"))
    paths = [p.resolve() for p in paths]
    missing = [p for p in paths if not p.is_file()]
    if missing or not paths:
        fail_setup(f"no such notebook: {', '.join(map(str, missing))}" if missing else "no notebooks found")
    if args.keep is not None and args.keep.resolve() == HERE:
        fail_setup("--keep must not be notebooks/ itself: executed notebooks are not committed")

    if args.strip:
        for p in paths:
            print(("stripped " if strip(p) else "clean    ") + str(p.relative_to(REPO) if p.is_relative_to(REPO) else p))
        return 0

    nroute = find_nroute()
    os.environ["NROUTE_BIN"] = str(nroute)
    os.environ.setdefault("NROUTE_GEODATA", str(REPO / "geodata"))
    os.environ["NROUTE_REPO"] = str(REPO)
    print(f"nroute {nroute}\ngeodata {os.environ['NROUTE_GEODATA']}", file=sys.stderr)

    failures = []
    with tempfile.TemporaryDirectory(prefix="nroute-notebooks-") as tmp:
        tmp = Path(tmp)
        write_kernelspec(tmp / "jupyter")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(tmp / "jupyter"), os.environ.get("JUPYTER_PATH")]))
        for p in paths:
            problems = is_clean(nbformat.read(p, as_version=4))
            if problems:
                failures.append(p.name)
                print(f"FAIL {p.name}: committed with outputs ({'; '.join(problems[:3])}); "
                      f"run python3 notebooks/run_notebooks.py --strip", file=sys.stderr)
                continue
            workdir = tmp / p.stem
            workdir.mkdir()
            ok, elapsed = run(p, workdir, args.timeout, args.keep)
            print(f"{'ok  ' if ok else 'FAIL'} {p.name} ({elapsed:.1f} s)", file=sys.stderr)
            if not ok:
                failures.append(p.name)
    if failures:
        print(f"run_notebooks: {len(failures)} of {len(paths)} notebooks failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    print(f"run_notebooks: all {len(paths)} notebooks ran", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
