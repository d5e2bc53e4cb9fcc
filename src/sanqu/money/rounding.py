"""Controlled rounding: every line of every breakdown within a fen, dispatch and total included.

Rounding each funding part's table once (``money.split_table``) keeps each row (one
agency at one post) and each year within a fen, and everything adding up. A line that
sums several rows (a prefecture, an agency), or a sum of parts (dispatch = central +
local), can still drift further: a county's dispatch came out 1.33 fen from exact on a
7-month service from September. Where any line does, each cell is set to the fen below
or above its exact value by a 0-1 programme (HiGHS) that keeps every line of every
measure between the floor and the ceiling of its exact value, changing as few cells of
the first rounding as it can. Breakdowns still add up: every line is a sum of cells.
"""

from __future__ import annotations

from collections.abc import Sequence

PARTS = ("central", "local", "training")
# What each line shows: the parts, dispatch (central + local) and total (all three).
MEASURES = ((0,), (1,), (2,), (0, 1), (0, 1, 2))

Table = list[list[int]]  # rows x years


def within_a_fen(exact: Sequence[Table], rounded: Sequence[Table], per_fen: int,
                 lines: list[tuple[list[int], list[int]]]) -> list[Table]:
    """``rounded`` (whole fen, per part), adjusted so that every line (rows, years) of
    every measure is within a fen of ``exact`` (units of 1/``per_fen`` fen, per part).

    Only the rows of the lines that drift are re-rounded, the others kept: on a national
    allocation 224 of 30,000 line measures drifted, and solving all 56,000 cells took 9 s.
    If that cannot be done, every row is re-rounded; if no rounding exists, the first stays.
    """
    drifting = [rows for rows, years in lines for measure in MEASURES
                if not _ok(exact, rounded, per_fen, rows, years, measure)]
    first = [[list(row) for row in table] for table in rounded]
    if not drifting:
        return first
    near = sorted({r for rows in drifting for r in rows})
    return (_solve(exact, first, per_fen, lines, near)
            or _solve(exact, first, per_fen, lines, range(len(exact[0])))
            or first)


def _ok(exact, rounded, per_fen: int, rows, years, measure) -> bool:
    e = sum(exact[p][r][c] for p in measure for r in rows for c in years)
    shown = sum(rounded[p][r][c] for p in measure for r in rows for c in years) * per_fen
    return abs(shown - e) < per_fen


def _solve(exact, rounded, per_fen: int, lines, free_rows) -> list[Table] | None:
    """Re-round the cells of ``free_rows`` (the rest as in ``rounded``); None if impossible."""
    # Only here: NumPy and HiGHS, which a budget needs only when a line drifts.
    import numpy as np

    from ..highs import Level, Program, SolverError, solve

    program = Program()
    index: dict[tuple[int, int, int], int] = {}
    value = [[list(row) for row in table] for table in rounded]
    cost: list[float] = []
    for r in free_rows:
        for p, table in enumerate(exact):
            for c, amount in enumerate(table[r]):
                floor, rest = divmod(amount, per_fen)
                first = rounded[p][r][c]
                value[p][r][c] = floor
                if rest:  # a whole amount stays whole; the others go up (1) or down (0)
                    index[(p, r, c)] = program.add_vars(1)
                    cost.append(-1.0 if first > floor else 1.0)
    if not index:
        return None
    free = set(free_rows)
    # First as many lines as possible at their nearest fen (half up), then the fewest changes.
    nearest = np.zeros(len(cost))
    for rows, years in lines:
        if free.isdisjoint(rows):
            continue
        for measure in MEASURES:
            cells = [(p, r, c) for p in measure for r in rows for c in years]
            total = sum(exact[p][r][c] for p, r, c in cells)
            base = sum(value[p][r][c] for p, r, c in cells)
            low, high = total // per_fen, -(-total // per_fen)
            columns = [index[cell] for cell in cells if cell in index]
            program.add_row(columns, [1.0] * len(columns), float(low - base), float(high - base))
            if high > low:  # the line's distance from its nearest fen is linear in the cells
                nearest[columns] += 1.0 if 2 * (total - low * per_fen) < per_fen else -1.0
    levels = [Level("nearest", nearest, len(lines) * len(MEASURES) * len(cost)),
              Level("changes", np.asarray(cost), len(cost))]
    try:
        result = solve(program, levels, None)
    except SolverError:  # infeasible: no such rounding of these rows
        return None
    if result.x is None:
        return None
    for (p, r, c), k in index.items():
        value[p][r][c] += int(round(result.x[k]))
    return value


def split_periods(exact: Sequence[Sequence[int]], totals: Sequence[int], per_fen: int) -> list[list[int]]:
    """Split a year's rounded parts (``totals``, whole fen per part) into its periods
    (quarters or months; ``exact`` is periods x parts in units of 1/``per_fen`` fen).

    Each part's periods add up to its total exactly, and every period's parts, dispatch
    and total are within a fen of exact. The largest-remainder split of each part does
    that unless a period's dispatch or total drifts; then a 0-1 programme picks, for each
    cell, the fen below or above its exact value, with the parts' sums fixed, changing as
    few cells of the first split as it can.
    """
    parts = range(len(totals))
    first_by_part = [_split(exact, p, totals[p], per_fen) for p in parts]
    first = [[first_by_part[p][q] for p in parts] for q in range(len(exact))]
    if all(_near(exact[q], first[q], per_fen) for q in range(len(exact))):
        return first
    return _solve_periods(exact, first, totals, per_fen) or first


def _split(exact, p: int, total: int, per_fen: int) -> list[int]:
    from .fen import split_units

    column = [row[p] for row in exact]
    try:
        return split_units(column, per_fen, total)
    except ValueError:  # the year's figure is not a rounding of its periods: keep the sum, shift the last
        cells = split_units(column, per_fen)
        cells[-1] += total - sum(cells)
        return cells


def _near(exact_row, row, per_fen: int) -> bool:
    return all(abs(sum(row[p] for p in measure) * per_fen - sum(exact_row[p] for p in measure)) < per_fen
               for measure in MEASURES if max(measure) < len(row))


def _solve_periods(exact, first, totals, per_fen: int) -> list[list[int]] | None:
    import numpy as np

    from ..highs import Level, Program, SolverError, solve

    program = Program()
    index: dict[tuple[int, int], int] = {}
    value = [[amount // per_fen for amount in row] for row in exact]
    cost: list[float] = []
    for q, row in enumerate(exact):
        for p, amount in enumerate(row):
            if amount % per_fen:
                index[(q, p)] = program.add_vars(1)
                cost.append(-1.0 if first[q][p] > value[q][p] else 1.0)
    if not index:
        return None
    for p, total in enumerate(totals):  # each part's periods add up to the year's figure
        columns = [index[(q, p)] for q in range(len(exact)) if (q, p) in index]
        rest = float(total - sum(row[p] for row in value))
        program.add_row(columns, [1.0] * len(columns), rest, rest)
    for q, row in enumerate(exact):  # each period's measures within a fen
        for measure in MEASURES:
            if max(measure) >= len(row):
                continue
            amount = sum(row[p] for p in measure)
            low, high = amount // per_fen, -(-amount // per_fen)
            base = sum(value[q][p] for p in measure)
            columns = [index[(q, p)] for p in measure if (q, p) in index]
            program.add_row(columns, [1.0] * len(columns), float(low - base), float(high - base))
    try:
        result = solve(program, [Level("changes", np.asarray(cost), len(cost))], None)
    except SolverError:
        return None
    if result.x is None:
        return None
    for (q, p), k in index.items():
        value[q][p] += int(round(result.x[k]))
    return value
