"""The fair programme on a reduced problem: the least-envy allocation's blocking pairs freed,
the rest fixed. Does the integer programme find fewer blocking pairs there, and at what cost?

    python benchmarks/reduced.py --size nation

Frees the people placed at every post of a blocking pair (and at the envious person's own
post), and the envious people; every other placement is fixed (``build(..., stay, fix=True)``).
The whole programme is built, so every blocking pair anywhere is still counted, and HiGHS's
presolve removes what is fixed. Prints what it freed, the times, the blocking pairs before
and after, and the process's peak memory. An experiment, not a command: sanqu does not run it
(see RESULTS.md for why).
"""

from __future__ import annotations

import argparse
import resource
import time

from run import instance
from sanqu.decide.solve.bound import most_filled
from sanqu.decide.solve.envy import blocking_pairs
from sanqu.decide.solve.fill import fill_least_envy
from sanqu.decide.solve.formulation import build, placed_of
from sanqu.decide.solve.rules import RuleModel
from sanqu.decide.solve.stable import solve_stable
from sanqu.highs import solve
from sanqu.loader import read_inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="nation")
    parser.add_argument("--time-limit", type=float, default=60)
    args = parser.parse_args()
    counties, agencies, _ = instance(args.size)
    inst = read_inputs(counties, agencies).instance
    assert inst is not None
    start = time.perf_counter()
    model = RuleModel(inst)
    placed = fill_least_envy(inst, solve_stable(inst).placed, most_filled(inst, model), None)
    pairs = blocking_pairs(inst.people, inst.posts, placed)
    print(f"least-envy: {len(placed):,} placed, {len(pairs):,} blocking pairs, {time.perf_counter() - start:.2f} s")
    index = {p.id: p.index for p in inst.people}
    posts = {pair.post.index for pair in pairs} | {
        placed[index[pair.professional]] for pair in pairs if index[pair.professional] in placed}
    free = {i for i, j in placed.items() if j in posts} | {index[pair.professional] for pair in pairs}
    stay = [(i, j) for i, j in placed.items() if i not in free]
    print(f"freed: {len(posts):,} posts, {len(free):,} people; fixed: {len(stay):,} placements")
    start = time.perf_counter()
    program, levels = build(model, envy=True, stay=stay, fix=True)
    print(f"built: {program.n:,} variables in {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    result = solve(program, levels, time.monotonic() + args.time_limit, presolve=True, jump=False)
    after = placed_of(model, result.x) if result.x is not None else placed
    print(f"solved: {'proven' if result.proven else result.status} in {time.perf_counter() - start:.2f} s: "
          f"{len(after):,} placed, {len(blocking_pairs(inst.people, inst.posts, after)):,} blocking pairs")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
