"""Rules that compare records with each other, within a file and across the two files."""

from __future__ import annotations

from collections import Counter

from ..i18n import Msg
from ..plan.models import Applicants, Plan
from ..problems import Located, Problem


def _first_seen(seen: dict, key, path: tuple, doc: Located) -> object | None:
    """Where ``key`` was first seen (a line, or a file and cell), if it was; else remember it."""
    if key in seen:
        return doc.first_place(seen[key])
    seen[key] = path
    return None


def check_plan(doc: Located, plan: Plan) -> list[Problem]:
    """Unique codes, county codes inside their prefecture, one post per programme, items."""
    problems: list[Problem] = []
    info = plan.plan
    if info.agreement_deadline is not None and info.agreement_deadline > info.service_start:
        # The tripartite agreement is signed before the service starts (notice §3).
        problems.append(doc.problem(("plan", "agreement_deadline"), "date-order", Msg(
            "problem.deadline_after_start", {"deadline": info.agreement_deadline.isoformat(),
                                             "start": info.service_start.isoformat()})))
    seen_prefectures: dict[str, tuple] = {}
    seen_counties: dict[str, tuple] = {}
    for i, prefecture in enumerate(plan.prefectures):
        path = ("prefectures", i)
        first = _first_seen(seen_prefectures, prefecture.code, path, doc)
        if first is not None:
            problems.append(doc.problem(path + ("code",), "duplicate-code", Msg(
                "problem.duplicate_code", {"what": Msg("what.prefecture"), "code": prefecture.code,
                                           "first": first, "more": ""})))
        for j, county in enumerate(prefecture.counties):
            cpath = path + ("counties", j)
            if not county.code.startswith(prefecture.code):
                problems.append(doc.problem(cpath + ("code",), "code-prefix", Msg(
                    "problem.code_prefix", {"code": county.code, "prefecture": prefecture.code})))
            first = _first_seen(seen_counties, county.code, cpath, doc)
            if first is not None:
                problems.append(doc.problem(cpath + ("code",), "duplicate-code", Msg(
                    "problem.duplicate_code", {
                        "what": Msg("what.county"), "code": county.code, "first": first,
                        "more": Msg("more.one_county_entry")})))
            programmes = Counter(post.programme for post in county.posts)
            for k, post in enumerate(county.posts):
                if programmes[post.programme] > 1:
                    problems.append(doc.problem(
                        cpath + ("posts", k, "programme"), "duplicate-post",
                        Msg("problem.duplicate_post", {
                            "code": county.code,
                            "programme": Msg(f"programme.{post.programme.value}")})))
                    programmes[post.programme] = 0  # report each clash once
    funding = plan.funding
    for part in ("central", "local"):
        items = getattr(funding, f"{part}_items")
        if items is None:
            continue
        priced = [item for item in items if item.amount is not None]
        if not priced:  # purposes only: what the part may pay for, no budget per item
            continue
        if len(priced) != len(items):
            problems.append(doc.problem(("funding", f"{part}_items"), "items-mixed", Msg(
                "problem.items_mixed", {"part": Msg(f"part.{part}"), "priced": len(priced), "all": len(items)})))
            continue
        total = sum((item.amount for item in priced if item.amount is not None), start=0)
        expected = getattr(funding, f"{part}_per_person_year")
        if total != expected:
            problems.append(doc.problem(("funding", f"{part}_items"), "items-sum", Msg(
                "problem.items_sum", {"part": Msg(f"part.{part}"), "total": f"{total:,.2f}",
                                      "expected": f"{expected:,.2f}"})))
    return problems


def check_applicants(doc: Located, applicants: Applicants, plan: Plan | None) -> list[Problem]:
    """Unique ids, and preferences that name counties of the plan, each once."""
    problems: list[Problem] = []
    county_codes = {county.code for _, county in plan.counties()} if plan else None
    seen_agencies: dict[str, tuple] = {}
    seen_professionals: dict[str, tuple] = {}
    seen_cards: dict[str, tuple] = {}
    for i, agency in enumerate(applicants.agencies):
        path = ("agencies", i)
        first = _first_seen(seen_agencies, agency.id, path, doc)
        if first is not None:
            problems.append(doc.problem(path + ("id",), "duplicate-id", Msg(
                "problem.duplicate_id", {"what": Msg("what.agency"), "id": agency.id, "first": first,
                                         "more": ""})))
        for j, professional in enumerate(agency.professionals):
            ppath = path + ("professionals", j)
            first = _first_seen(seen_professionals, professional.id, ppath, doc)
            if first is not None:
                problems.append(doc.problem(ppath + ("id",), "duplicate-id", Msg(
                    "problem.duplicate_id", {
                        "what": Msg("what.professional"), "id": professional.id, "first": first,
                        "more": Msg("more.unique_ids")})))
            card = professional.id_card
            if card is not None:  # one person applying twice, perhaps through two agencies
                if card.digest in seen_cards:
                    problems.append(doc.problem(ppath + ("id_card",), "duplicate-id-card", Msg(
                        "problem.duplicate_id_card", {"masked": card.masked, "first": doc.place(
                            seen_cards[card.digest])})))
                else:
                    seen_cards[card.digest] = ppath + ("id_card",)
            seen_codes: set[str] = set()
            for k, code in enumerate(professional.preferences or ()):
                where = ppath + ("preferences", k)
                if code in seen_codes:
                    problems.append(doc.problem(where, "duplicate-preference",
                                                Msg("problem.duplicate_preference", {"code": code})))
                seen_codes.add(code)
                if county_codes is not None and code not in county_codes:
                    near = nearest_code(code, county_codes)
                    problems.append(doc.problem(where, "unknown-county", Msg("problem.unknown_county", {
                        "id": professional.id, "code": code,
                        "hint": Msg("problem.unknown_key_hint", {"suggestion": near}) if near else ""})))
    return problems


def stated_figures(plan: Plan, applicants: Applicants | None) -> dict[str, int]:
    """The headline figures as the data gives them, to reconcile with ``plan.stated``."""
    figures = {
        "professionals": sum(post.quota for _, _, post in plan.posts()),
        "counties": sum(1 for _ in plan.posts()),  # the notice counts county-level posts
        "prefectures": len(plan.prefectures),
    }
    if applicants is not None:
        figures["agencies_applied"] = len(applicants.agencies)
        figures["professionals_applied"] = sum(1 for _ in applicants.professionals())
    return figures


def check_stated(doc: Located, plan: Plan, applicants: Applicants | None) -> list[Problem]:
    """Each stated figure that disagrees with the data is an error at the stated line."""
    stated = plan.plan.stated
    if stated is None:
        return []
    problems = []
    for name, actual in stated_figures(plan, applicants).items():
        claimed = getattr(stated, name)
        if claimed is not None and claimed != actual:
            problems.append(doc.problem(("plan", "stated", name), "stated-mismatch", Msg(
                "problem.stated_mismatch", {"figure": Msg(f"stated.{name}"), "claimed": claimed,
                                            "actual": actual, "diff": actual - claimed})))
    return problems


def check_eligibility(plan_doc: Located, apps_doc: Located, instance) -> list[Problem]:
    """Warnings: applicants who can fill no post, and posts with fewer candidates than slots.

    ``instance`` is the allocation's view of both files (``allocation.Instance``), so
    eligibility is worked out once for validation and allocation alike.
    """
    problems = []
    where: dict[int, tuple] = {}
    for i, agency in enumerate(apps_doc.data["agencies"]):
        for j, _ in enumerate(agency.get("professionals") or ()):
            where[len(where)] = ("agencies", i, "professionals", j)
    for person in instance.people:
        if not person.edges:
            problems.append(apps_doc.problem(
                where[person.index], "no-eligible-post",
                Msg("problem.no_eligible_post", {"id": person.id}), severity="warning"))
    positions: dict[int, tuple] = {}
    for i, prefecture in enumerate(instance.plan.prefectures):
        for j, county in enumerate(prefecture.counties):
            for k, _ in enumerate(county.posts):
                positions[len(positions)] = ("prefectures", i, "counties", j, "posts", k)
    for ref in instance.posts:
        count = len(instance.candidates[ref.index])
        if count < ref.quota:
            problems.append(plan_doc.problem(positions[ref.index], "few-candidates", Msg(
                "problem.few_candidates", {"code": ref.county.code, "quota": ref.quota,
                                           "programme": Msg(f"programme.{ref.programme.value}"),
                                           "count": count}), severity="warning"))
    return problems


def nearest_code(code: str, codes: set[str]) -> str | None:
    """The code a typo most likely meant: fewest edits, a swap of two neighbouring digits
    counting as one (533233 -> 533323); none when two or more edits away. Ties: lowest."""
    best: tuple[int, str] | None = None
    for other in codes:
        distance = _edits(code, other)
        if distance <= 1 and (best is None or (distance, other) < best):
            best = (distance, other)
    return None if best is None else best[1]


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
