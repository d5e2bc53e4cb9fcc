"""Next year's places from this year's assessment (notice §4): ``sanqu apportion``.

Each post's share comes by the factor method (因素法): its grade's multiplier times the
weighted sum, over the factors, of its part of each factor (``share_i = g_i x sum_f
w_f x_if / sum_j x_jf``), the shares then taken as parts of the whole. The shares
become whole places by one of four apportionment methods, within per-post bounds, in
exact fractions (never floats); ties are broken by county code then programme, and
every tie that decided a place is reported.

- ``largest_remainder`` (Hamilton): every post whose exact quota falls outside its bounds
  is fixed at the bound and the remaining places re-divided among the others in
  proportion to their shares, until none falls outside; then the floors, and one more
  place each for the largest remainders. The end of that process is found exactly as
  the one scale at which the bounded quotas add up to N (``_scale``): fixing both ways
  in one round, as done by hand, can overshoot and never settle.
- the divisor methods, ``dhondt`` (Jefferson), ``sainte_lague`` (Webster) and
  ``huntington_hill``: the divisor d with sum of clamp(round_d(share_i / d), min, max)
  = N, found as the places given one at a time, from every post's minimum, to the post
  of highest priority ``share / signpost(places so far)`` below its maximum (signposts
  n + 1, n + 1/2 and sqrt(n(n + 1)); the same allocation, and the way to see each tie).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from fractions import Fraction

from ..i18n import Msg
from ..money.fen import half_up
from ..plan.models import Plan
from ..plan.posts import PostRef, plan_posts
from ..problems import SanquError
from ..read.assessment import Assessment

METHODS = ("largest_remainder", "dhondt", "sainte_lague", "huntington_hill")
DIVISORS = ("dhondt", "sainte_lague", "huntington_hill")
GRADE_MULTIPLIERS = {"excellent": Fraction(6, 5), "good": Fraction(1), "pass": Fraction(4, 5), "fail": Fraction(0)}


class ApportionError(SanquError):
    """The places cannot be distributed as asked (bounds that cannot hold, no shares)."""


@dataclass
class PostPlaces:
    """One post: this year's quota, its share, its exact quota, next year's places."""

    ref: PostRef
    share: Fraction
    exact: Fraction
    places: int
    bound: str | None  # None | "min" | "max" | "fail"
    grade: str | None

    @property
    def key(self) -> tuple[str, str]:
        return self.ref.key

    @property
    def change(self) -> int:
        return self.places - self.ref.quota


@dataclass
class Tie:
    """Posts that stood equal where a place was decided: who got it, who did not."""

    value: Fraction  # the equal remainder (largest remainder) or priority (divisor methods)
    won: list[tuple[str, str]]
    lost: list[tuple[str, str]]
    squared: bool = False  # a Huntington-Hill priority, compared squared


@dataclass
class Apportionment:
    """Next year's places by one method."""

    plan: Plan
    method: str
    slots: int
    posts: list[PostPlaces]
    ties: list[Tie] = field(default_factory=list)
    factors: dict[str, Fraction] = field(default_factory=dict)
    grades: dict[str, Fraction] = field(default_factory=dict)
    minimum: int = 0
    maximum: int | None = None
    excluded_agencies: list[str] = field(default_factory=list)

    @property
    def quotas(self) -> dict[tuple[str, str], int]:
        """Next year's quota of every post."""
        return {p.key: p.places for p in self.posts}

    def to_dict(self, lang: str = "en") -> dict:
        """``sanqu apportion --format json``: the contract's keys, then the inputs used."""
        return {
            "plan": self.plan.plan.id,
            "method": self.method,
            "slots": self.slots,
            "posts": [{"county": p.ref.county.code, "programme": p.ref.programme.value, "quota": p.ref.quota,
                       "share": decimal6(p.share), "exact": decimal6(p.exact), "next_quota": p.places,
                       "change": p.change, "bound": p.bound, "grade": p.grade,
                       "name": p.ref.county.name, "name_zh": p.ref.county.name_zh} for p in self.posts],
            "ties": [tie_dict(tie) for tie in self.ties],
            "excluded_agencies": self.excluded_agencies,
            "factors": {name: decimal6(weight) for name, weight in self.factors.items()},
            "grades": {name: decimal6(g) for name, g in self.grades.items()},
            "bounds": {"min": self.minimum, "max": self.maximum if self.maximum is not None else self.slots},
        }


def tie_dict(tie: Tie) -> dict:
    return {"value": decimal6(tie.value),
            "won": [{"county": c, "programme": p} for c, p in tie.won],
            "lost": [{"county": c, "programme": p} for c, p in tie.lost]}


@dataclass
class Comparison:
    """The four methods side by side (``--compare``), so the choice can be defended."""

    results: list[Apportionment]

    def to_dict(self, lang: str = "en") -> dict:
        first = self.results[0]
        return {
            "plan": first.plan.plan.id,
            "slots": first.slots,
            "methods": [r.method for r in self.results],
            "posts": [{"county": p.ref.county.code, "programme": p.ref.programme.value, "quota": p.ref.quota,
                       "share": decimal6(p.share), "exact": decimal6(p.exact),
                       **{r.method: r.posts[i].places for r in self.results}}
                      for i, p in enumerate(first.posts)],
            "ties": {r.method: [tie_dict(t) for t in r.ties] for r in self.results},
        }


def decimal6(value: Fraction) -> str:
    """A fraction as a decimal string with six places, half up, exactly."""
    return f"{half_up(value, 6):.6f}"


def shares(plan: Plan, assessment: Assessment, factors: dict[str, Fraction] | None = None,
           grades: dict[str, Fraction] | None = None) -> tuple[list[Fraction], dict[str, Fraction]]:
    """Each post's share (adding up to 1), in plan order, and the factor weights used."""
    posts = plan_posts(plan)
    grades = {**GRADE_MULTIPLIERS, **(grades or {})}
    if not factors:  # the score where there are scores, else this year's quotas
        scored = any(a.score is not None for a in assessment.posts.values())
        factors = {"score": Fraction(1)} if scored else {"quota": Fraction(1)}
    values: dict[str, list[Fraction]] = {}
    for name in factors:
        column = []
        for ref in posts:
            row = assessment.posts[ref.key]
            value = (Fraction(ref.quota) if name == "quota" else row.score if name == "score"
                     else row.factors.get(name))
            if value is None:
                raise ApportionError(Msg("apportion.no_factor_value", {
                    "factor": name, "county": ref.county.code, "programme": Msg(f"programme.{ref.programme.value}"),
                    "place": str(row.place)}))
            column.append(value)
        if sum(column) == 0:
            raise ApportionError(Msg("apportion.factor_zero", {"factor": name}))
        values[name] = column
    # The same sums in whole numbers (every value, weight and multiplier over one common
    # denominator): thousands of posts in milliseconds, exactly as the fractions would give.
    per = {name: w / sum(values[name]) for name, w in factors.items()}
    multipliers = [grades[g] if (g := assessment.posts[ref.key].grade) is not None else Fraction(1) for ref in posts]
    scale = math.lcm(*(x.denominator for column in values.values() for x in column),
                     *(c.denominator for c in per.values()))
    whole = {name: [x.numerator * (scale // x.denominator) for x in column] for name, column in values.items()}
    factor = {name: c.numerator * (scale // c.denominator) for name, c in per.items()}
    grade_scale = math.lcm(*(m.denominator for m in multipliers))
    raw = [m.numerator * (grade_scale // m.denominator) * sum(factor[name] * whole[name][i] for name in factors)
           for i, m in enumerate(multipliers)]
    total = sum(raw)
    if total == 0:
        raise ApportionError(Msg("apportion.no_shares"))
    return [Fraction(r, total) for r in raw], factors


def apportion(plan: Plan, assessment: Assessment, slots: int, method: str = "largest_remainder", *,
              minimum: int = 0, maximum: int | None = None, factors: dict[str, Fraction] | None = None,
              grades: dict[str, Fraction] | None = None) -> Apportionment:
    """Distribute ``slots`` places among the plan's posts by ``method``."""
    if method not in METHODS:
        raise ApportionError(Msg("apportion.unknown_method", {"method": method, "methods": ", ".join(METHODS)}))
    posts = plan_posts(plan)
    share, used = shares(plan, assessment, factors, grades)
    high = slots if maximum is None else maximum
    failed = [assessment.posts[ref.key].grade == "fail" for ref in posts]
    lo = [0 if f else minimum for f in failed]
    hi = [0 if f else high for f in failed]
    if minimum > high:
        raise ApportionError(Msg("apportion.min_above_max", {"min": minimum, "max": high}))
    if sum(lo) > slots:
        raise ApportionError(Msg("apportion.minimums_above", {"min": minimum, "posts": sum(not f for f in failed),
                                                              "total": sum(lo), "slots": slots}))
    if sum(hi) < slots:
        raise ApportionError(Msg("apportion.maximums_below", {"max": high, "posts": sum(not f for f in failed),
                                                              "total": sum(hi), "slots": slots}))
    keys = [ref.key for ref in posts]
    if method == "largest_remainder":
        places, bounds, ties = largest_remainder(share, slots, lo, hi, keys)
    else:
        places, bounds, ties = divisor_method(method, share, slots, lo, hi, keys)
    out = [PostPlaces(ref, share[i], share[i] * slots, places[i], "fail" if failed[i] else bounds[i],
                      assessment.posts[ref.key].grade) for i, ref in enumerate(posts)]
    return Apportionment(plan, method, slots, out, ties, used, {**GRADE_MULTIPLIERS, **(grades or {})},
                         minimum, maximum, list(assessment.failed_agencies))


def compare(plan: Plan, assessment: Assessment, slots: int, **options) -> Comparison:
    """Every method on the same shares and bounds."""
    return Comparison([apportion(plan, assessment, slots, method, **options) for method in METHODS])


def _whole(share: list[Fraction]) -> tuple[list[int], int]:
    """The shares as whole-number weights over one common denominator, and that
    denominator: every method depends on the proportions alone, and whole numbers keep
    it exact and fast."""
    common = math.lcm(*(s.denominator for s in share)) if share else 1
    return [s.numerator * (common // s.denominator) for s in share], common


def largest_remainder(share: list[Fraction], n: int, lo: list[int], hi: list[int],
                      keys: list[tuple[str, str]]) -> tuple[list[int], list[str | None], list[Tie]]:
    """Hamilton's method within bounds: (places, the bound that applied, deciding ties)."""
    weight, _ = _whole(share)
    count = len(weight)
    scale = _scale(weight, n, lo, hi)
    num, den = scale.numerator, scale.denominator  # exact quota of post i: num * weight[i] / den
    bounds: list[str | None] = [None] * count
    places = [0] * count
    rest: dict[int, int] = {}  # remainders, all over the one denominator den
    for i in range(count):
        exact = num * weight[i]
        if exact < lo[i] * den:
            places[i], bounds[i] = lo[i], "min" if lo[i] > 0 else None
        elif exact > hi[i] * den:
            places[i], bounds[i] = hi[i], "max"
        else:
            places[i], rest[i] = divmod(exact, den)
    left = n - sum(places)
    order = sorted(rest, key=lambda i: (-rest[i], keys[i]))
    ties: list[Tie] = []
    if 0 < left < len(order) and rest[order[left - 1]] == rest[order[left]]:
        cut = rest[order[left]]
        winners = set(order[:left])
        equal = [i for i in order if rest[i] == cut]
        ties.append(Tie(Fraction(cut, den), [keys[i] for i in equal if i in winners],
                        [keys[i] for i in equal if i not in winners]))
    for i in order[:left]:
        places[i] += 1
    return places, bounds, ties


def _scale(weight: list[int], n: int, lo: list[int], hi: list[int]) -> Fraction:
    """The one scale at which the quotas (scale x weight), each held within its bounds,
    add up to ``n``: the fixed point of fixing at its bound every post whose quota falls
    outside and re-dividing the rest in proportion to their shares (done naively, fixing
    both ways at once can overshoot). The sum is piecewise linear and non-decreasing in
    the scale: one sweep over the points where a post leaves its minimum or reaches its
    maximum finds it exactly."""
    constant = sum(lo)  # every post at its minimum, rising with slope 0
    slope = 0
    if constant >= n:
        return Fraction(0)
    events = sorted([(Ratio(a, w), 0, i) for i, (w, a) in enumerate(zip(weight, lo, strict=True)) if w > 0] +
                    [(Ratio(b, w), 1, i) for i, (w, b) in enumerate(zip(weight, hi, strict=True)) if w > 0],
                    key=lambda e: (e[0], e[1], e[2]))
    for point, kind, i in events:
        # On the stretch before this point the sum is constant + scale x slope.
        if slope > 0 and constant * point.den + point.num * slope >= n * point.den:
            return Fraction(n - constant, slope)
        if kind == 0:  # from here on this post rises with its weight
            constant -= lo[i]
            slope += weight[i]
        else:  # and from here on it stays at its maximum
            constant += hi[i]
            slope -= weight[i]
    raise ApportionError(Msg("apportion.no_shares"))


class Ratio:
    """num / den (den > 0), compared exactly by cross-multiplying whole numbers: the
    methods' priorities and breakpoints, many thousand times over (a Fraction normalises
    and type-checks on every comparison, ten times slower)."""

    __slots__ = ("num", "den")

    def __init__(self, num: int, den: int = 1):
        self.num, self.den = num, den

    def __lt__(self, other: Ratio) -> bool:
        return self.num * other.den < other.num * self.den

    def __gt__(self, other: Ratio) -> bool:
        return self.num * other.den > other.num * self.den

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ratio) and self.num * other.den == other.num * self.den

    def fraction(self) -> Fraction:
        return Fraction(self.num, self.den)


def _ratio(method: str, weight: int, seats: int) -> tuple[int, Ratio]:
    """``_priority`` for a whole-number weight, as a Ratio."""
    if method == "dhondt":
        return 0, Ratio(weight, seats + 1)
    if method == "sainte_lague":
        return 0, Ratio(2 * weight, 2 * seats + 1)
    if seats == 0:
        return 1, Ratio(weight)
    return 0, Ratio(weight * weight, seats * (seats + 1))


def divisor_method(method: str, share: list[Fraction], n: int, lo: list[int], hi: list[int],
                   keys: list[tuple[str, str]]) -> tuple[list[int], list[str | None], list[Tie]]:
    """A divisor method within bounds: (places, the bound that applied, deciding ties)."""
    places = list(lo)
    ties: list[Tie] = []
    left = n - sum(places)

    weight, common = _whole(share)

    def entry(i: int) -> tuple:
        flag, value = _ratio(method, weight[i], places[i])
        return -flag, Ratio(-value.num, value.den), keys[i], i  # heapq pops the highest priority first

    heap = [entry(i) for i in range(len(share)) if places[i] < hi[i] and weight[i] > 0]
    heapq.heapify(heap)
    last: tuple[int, Ratio] | None = None
    while left > 0:
        if not heap:
            raise ApportionError(Msg("apportion.no_shares"))
        best = heap[0][:2]
        equal = []
        while heap and heap[0][:2] == best:
            equal.append(heapq.heappop(heap))  # in key order: county code, then programme
        if len(equal) > left:  # the priority in shares, as a person reads it (squared for Huntington-Hill)
            squared = method == "huntington_hill" and best[0] == 0
            ties.append(Tie(-best[1].fraction() / (common * common if squared else common),
                            [e[2] for e in equal[:left]], [e[2] for e in equal[left:]], squared=squared))
        for number, (_, _, _, i) in enumerate(equal):
            if number < left:
                places[i] += 1
                if places[i] < hi[i]:
                    heapq.heappush(heap, entry(i))
            else:
                heapq.heappush(heap, entry(i))
        left -= min(left, len(equal))
        last = (-best[0], Ratio(-best[1].num, best[1].den))
    bounds: list[str | None] = [None] * len(share)
    for i in range(len(share)):
        if hi[i] == 0:
            continue
        if last is not None and places[i] == hi[i] and weight[i] > 0 and _ratio(method, weight[i], places[i]) > last:
            bounds[i] = "max"  # it would have had more places at the final divisor
        elif lo[i] > 0 and places[i] == lo[i] and (
                last is None or _ratio(method, weight[i], places[i] - 1) < last):
            bounds[i] = "min"  # its minimum gave it places the divisor would not have
    return places, bounds, ties
