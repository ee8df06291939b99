"""Finds the nroute binary the Python tests run: NROUTE_BIN, else the newest built one, else a
fresh debug build."""
import glob
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _has(binary: Path, command: str, flag: str | None) -> bool:
    try:
        r = subprocess.run([str(binary), command, "--help"], capture_output=True, text=True, timeout=60, cwd=REPO)
    except OSError:
        return False
    return r.returncode == 0 and (flag is None or flag in r.stdout)


def nroute_binary(command: str = "layers", flag: str | None = None) -> Path:
    """NROUTE_BIN, else the newest built nroute that has `command` (and `flag` in its help), else a
    fresh debug build."""
    env = os.environ.get("NROUTE_BIN")
    if env:
        path = Path(env)
        assert path.is_file(), f"NROUTE_BIN={env} does not exist"
        return path
    candidates = [REPO / ".build" / "release" / "nroute", REPO / ".build" / "debug" / "nroute"]
    candidates += [Path(p) for p in sorted(glob.glob(str(REPO / ".build-*" / "debug" / "nroute")))]
    usable = [c for c in candidates if c.is_file() and os.access(c, os.X_OK) and _has(c, command, flag)]
    if usable:
        return max(usable, key=lambda c: c.stat().st_mtime)
    r = subprocess.run(["swift", "build", "--product", "nroute"], cwd=REPO, capture_output=True, text=True, timeout=3600)
    assert r.returncode == 0, f"swift build failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return REPO / ".build" / "debug" / "nroute"
