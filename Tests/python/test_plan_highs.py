"""`nroute plan` against an independent solver: HiGHS (PyPI highspy) solves the very integer
programme nroute's GLPK solved, read from the CPLEX LP file `nroute plan --export-model` writes,
and must reach the same optimum.

Tolerance: 1e-6 relative (both solvers prove optimality; GLPK prunes at 1e-7 relative, HiGHS's
default mip_rel_gap is 1e-4, so it is set to 0 here, leaving its 1e-6 feasibility tolerance).
The LP file carries the coefficients in shortest round-trip decimal form, so both solvers see the
same numbers. Also checked: the optimum bounds the greedy start, and the reported bound equals
the optimum when nroute says `optimal`.

The travel-time objective's model is checked the same way (`check` here) in
test_travel_time.py, on the plan run that test makes anyway (one plan run less in CI).

Runs the built nroute (NROUTE_BIN, else the newest built one that has the `plan` command:
nroute_tool.py)."""
import json
import os
import subprocess
from pathlib import Path

import pytest

from nroute_tool import nroute_binary

REPO = Path(__file__).resolve().parents[2]
REL_TOL = 1e-6

highspy = pytest.importorskip("highspy", reason="highspy is not installed (Tests/python/requirements.txt)")


def run_plan(tmp: Path, *args: str) -> tuple[dict, Path]:
    model = tmp / "model.lp"
    env = dict(os.environ, NROUTE_GEODATA=str(REPO / "geodata"))
    r = subprocess.run([str(nroute_binary("plan")), "plan", "--format", "json", "--export-model", str(model), "-o", str(tmp / "out"), *args],
                       cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout), model


def highs_optimum(model: Path) -> tuple[float, float, str]:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    assert h.readModel(str(model)) == highspy.HighsStatus.kOk
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    return info.objective_function_value, info.mip_dual_bound, status


def check(summary: dict, model: Path) -> None:
    assert summary["status"] == "optimal"
    optimum, bound, status = highs_optimum(model)
    assert status == "Optimal"
    ours = summary["optimum"]
    print(f"[accuracy] {model.name}: nroute/GLPK {ours:.6f}, HiGHS {optimum:.6f} (bound {bound:.6f}), |Δ| = {abs(ours - optimum):.2e}")
    assert abs(ours - optimum) <= REL_TOL * max(1.0, abs(optimum))
    assert abs(summary["bound"] - optimum) <= REL_TOL * max(1.0, abs(optimum))
    assert summary["greedy"] <= optimum + REL_TOL * max(1.0, abs(optimum))
    assert abs(sum(p["adds"] for p in summary["posts"]) - ours) <= 1e-5


def test_kgz_ten_posts_border_sites(tmp_path):
    summary, model = run_plan(tmp_path, "--border", "kgz", "--new-posts", "10", "--no-curve", "--seizures", "none")
    assert len(summary["posts"]) == 10
    check(summary, model)


def test_kgz_settlements_as_sites(tmp_path):
    summary, model = run_plan(tmp_path, "--border", "kgz", "--new-posts", "3", "--candidates", "settlements", "--no-curve", "--seizures", "none")
    check(summary, model)


def test_kgz_candidate_file_with_costs_and_budget(tmp_path):
    # Sites ~3 km north of points of today's gaps (from `nroute gaps`, whatever the default border
    # data is), with costs 1..5: a budget of 9 binds.
    env = dict(os.environ, NROUTE_GEODATA=str(REPO / "geodata"))
    g = subprocess.run([str(nroute_binary()), "gaps", "--border", "kgz", "--seizures", "none", "-o", str(tmp_path / "gaps")],
                       cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert g.returncode == 0, g.stderr
    gaps = json.loads((tmp_path / "gaps" / "kaz-kgz-gaps.geojson").read_text())
    vertices = [v for f in gaps["features"] for v in f["geometry"]["coordinates"]][::25]
    assert len(vertices) >= 10
    rows = ["id,cost,lon,lat"] + [f"v{k},{1 + k % 5},{lon:.6f},{lat + 0.027:.6f}" for k, (lon, lat, *_) in enumerate(vertices)]
    sites = tmp_path / "sites.csv"
    sites.write_text("\n".join(rows) + "\n")
    summary, model = run_plan(tmp_path, "--border", "kgz", "--new-posts", "6", "--candidates", str(sites), "--cost", "cost",
                              "--budget", "9", "--no-curve", "--seizures", "none")
    assert sum(p["cost"] for p in summary["posts"]) <= 9
    check(summary, model)

