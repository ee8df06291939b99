"""The peer of `nroute-bench plan`: HiGHS (PyPI highspy) solves the LP file nroute-bench wrote
(the model GLPK solved), `--runs` times; prints one JSON line: status, objective, solve times."""
import argparse
import json
import os
import statistics
import time

import highspy


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    times, read, objective, status = [], 0.0, None, None
    threads = os.cpu_count() or 1
    for _ in range(a.runs):
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        t0 = time.perf_counter()
        h.readModel(a.model)
        t1 = time.perf_counter()
        h.run()
        t2 = time.perf_counter()
        read = t1 - t0
        times.append(t2 - t1)
        objective = h.getInfo().objective_function_value
        status = h.modelStatusToString(h.getModelStatus())
    print(json.dumps({"version": h.version(), "status": status, "objective": objective, "median_s": statistics.median(times),
                      "min_s": min(times), "max_s": max(times), "read_s": read, "threads": threads}))


if __name__ == "__main__":
    main()
