"""Candidates for the transportation problem (no team rule), measured on the same instance.

    python benchmarks/solvers.py nation

Solve time only, on the instance as sanqu builds it (parsing excluded). Each candidate
gets the same exact integer edge weights (lexicographic: slots and score folded as
``(score + 1) * B``, then ranks); all must reach the same optimum value.

- SciPy's ``min_weight_full_bipartite_matching`` (LAPJVsp) over slot-expanded posts,
  what sanqu uses;
- HiGHS's LP through ``scipy.optimize.linprog`` on the transportation LP (its optimum
  is integral), one variable per eligible (person, post);
- HiGHS's MIP through ``scipy.optimize.milp`` on the same model.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def main() -> int:
    size = sys.argv[1] if len(sys.argv) > 1 else "nation"
    folder = HERE / "out" / size
    if not (folder / "agencies.yaml").exists():
        generate(size, folder)
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp
    from scipy.sparse import coo_matrix

    from sanqu.decide.solve.assignment import edge_arrays as _edge_arrays
    from sanqu.decide.solve.assignment import score_units as _score_units
    from sanqu.decide.solve.assignment import transportation as _transportation
    from sanqu.loader import read_inputs

    instance = read_inputs(folder / "counties.yaml", folder / "agencies.yaml").instance
    person, post, rank = _edge_arrays(instance)
    units = np.asarray(_score_units(instance), dtype=np.int64)
    m = sum(ref.quota for ref in instance.posts)
    B = m * int(rank.max(initial=0)) + 1
    weight = (units[person] + 1) * B - rank

    def value(placed: dict[int, int]) -> int:
        ranks = {(p.index, ref.index): r or 0 for p in instance.people for ref, r in p.edges}
        return sum(int((units[i] + 1) * B - ranks[(i, j)]) for i, j in placed.items())

    print(f"{size}: {len(instance.people):,} applicants, {m:,} slots, {len(person):,} edges")
    start = time.perf_counter()
    lap = _transportation(instance)
    print(f"  LAPJVsp (scipy.sparse.csgraph)  {time.perf_counter() - start:7.2f} s  value {value(lap.placed)}")

    n = len(person)
    rows = np.concatenate((person, len(instance.people) + post))
    matrix = coo_matrix((np.ones(2 * n), (rows, np.concatenate((np.arange(n), np.arange(n))))),
                        shape=(len(instance.people) + len(instance.posts), n)).tocsr()
    caps = np.concatenate((np.ones(len(instance.people)),
                           [ref.quota for ref in instance.posts]))
    c = -weight.astype(np.float64)
    start = time.perf_counter()
    lp = linprog(c, A_ub=matrix, b_ub=caps, bounds=(0, 1), method="highs")
    elapsed = time.perf_counter() - start
    x = np.round(lp.x).astype(int)
    integral = bool(np.all(np.abs(lp.x - x) < 1e-6))
    placed = {int(person[e]): int(post[e]) for e in np.flatnonzero(x == 1)}
    print(f"  HiGHS LP (linprog)              {elapsed:7.2f} s  value {value(placed)}  integral {integral}")

    start = time.perf_counter()
    mip = milp(c, integrality=np.ones(n), bounds=Bounds(0, 1),
               constraints=[LinearConstraint(matrix, -np.inf, caps)],
               options={"mip_rel_gap": 0.0})
    elapsed = time.perf_counter() - start
    x = np.round(mip.x).astype(int)
    placed = {int(person[e]): int(post[e]) for e in np.flatnonzero(x == 1)}
    print(f"  HiGHS MIP (milp)                {elapsed:7.2f} s  value {value(placed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
