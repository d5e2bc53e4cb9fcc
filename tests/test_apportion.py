"""`sanqu apportion`: next year's places from the assessment, by four methods, within bounds."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import REPO, run
from sanqu.year.apportion import DIVISORS, METHODS, divisor_method, largest_remainder

PLAN = REPO / "data" / "counties.yaml"


def _posts() -> list[tuple[str, str, str]]:
    """(county code, Chinese name, programme) of every post of the bundled plan."""
    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    return [(c["code"], c.get("name_zh") or c["name"], p["programme"])
            for pre in data["prefectures"] for c in pre["counties"] for p in c["posts"]]


def _assessment(tmp_path, rows: list[str] | None = None, header: str = "县,项目类别,得分,等次,需求") -> str:
    """An assessment CSV of the bundled plan: scores 60..86 by post, grades by score."""
    if rows is None:
        rows = []
        for k, (code, name, programme) in enumerate(_posts()):
            score = 60 + k
            grade = "优秀" if score >= 84 else "良好" if score >= 70 else "合格"
            prog = "县级服务" if programme == "county_service" else "乡镇（街道）社工站支持"
            rows.append(f"{name if k % 2 else code},{prog},{score},{grade},{1 + k % 3}")
    path = tmp_path / "assessment.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8-sig")
    return str(path)


# --- the methods, as functions --------------------------------------------------------

def _independent(method: str, shares: list[Fraction], n: int) -> list[int] | None:
    """Without bounds, each method by its textbook definition (None where a tie decides)."""
    if method == "largest_remainder":
        quotas = [n * s / sum(shares) for s in shares]
        floors = [math.floor(q) for q in quotas]
        rest = sorted(range(len(shares)), key=lambda i: quotas[i] - floors[i], reverse=True)
        left = n - sum(floors)
        if 0 < left < len(rest) and quotas[rest[left - 1]] - floors[rest[left - 1]] == \
                quotas[rest[left]] - floors[rest[left]]:
            return None
        return [f + (1 if i in rest[:left] else 0) for i, f in enumerate(floors)]

    def signpost(k: int) -> float:
        return {"dhondt": k + 1.0, "sainte_lague": k + 0.5, "huntington_hill": math.sqrt(k * (k + 1))}[method]

    def rounded(x: Fraction) -> int:  # the number of signposts x passes: round_d for the method
        k = 0
        while x > signpost(k) or (method == "huntington_hill" and k == 0 and x > 0):
            k += 1
        return k

    # d is among share / signpost(k); the largest d that gives n places is the method's divisor.
    candidates = sorted({float(s) / signpost(k) for s in shares for k in range(n + 1) if signpost(k) > 0},
                        reverse=True)
    for d in candidates:
        total = [rounded(Fraction(s) / Fraction(d)) for s in shares]
        if sum(total) == n:
            return total
        if sum(total) > n:
            return None
    return None


SHARES = st.lists(st.integers(1, 1000), min_size=2, max_size=12)


@settings(max_examples=200, deadline=None)
@given(SHARES, st.integers(1, 60), st.sampled_from(METHODS))
def test_without_bounds_every_method_equals_its_textbook_definition(values, n, method):
    shares = [Fraction(v, sum(values)) for v in values]
    keys = [(f"{530000 + i}", "county_service") for i in range(len(values))]
    expected = _independent(method, shares, n)
    assume(expected is not None)
    if method == "largest_remainder":
        places, _, _ = largest_remainder(shares, n, [0] * len(shares), [n] * len(shares), keys)
    else:
        places, _, _ = divisor_method(method, shares, n, [0] * len(shares), [n] * len(shares), keys)
    assert places == expected


@settings(max_examples=300, deadline=None)
@given(SHARES, st.integers(1, 80), st.integers(0, 3), st.integers(0, 12), st.sampled_from(METHODS),
       st.lists(st.booleans(), min_size=12, max_size=12))
def test_places_add_up_and_respect_every_bound(values, n, low, extra, method, failed):
    count = len(values)
    fails = failed[:count]
    assume(not all(fails))
    high = low + extra
    lo = [0 if f else low for f in fails]
    hi = [0 if f else high for f in fails]
    assume(sum(lo) <= n <= sum(hi))
    shares = [Fraction(0) if f else Fraction(v) for v, f in zip(values, fails, strict=True)]
    shares = [s / sum(shares) for s in shares]
    keys = [(f"{530000 + i}", "county_service") for i in range(count)]
    if method == "largest_remainder":
        places, _, _ = largest_remainder(shares, n, lo, hi, keys)
    else:
        places, _, _ = divisor_method(method, shares, n, lo, hi, keys)
    assert sum(places) == n
    assert all(lo[i] <= places[i] <= hi[i] for i in range(count))
    assert all(places[i] == 0 for i in range(count) if fails[i])


@settings(max_examples=150, deadline=None)
@given(SHARES, st.integers(1, 50), st.sampled_from(DIVISORS))
def test_divisor_methods_are_house_monotone(values, n, method):
    shares = [Fraction(v, sum(values)) for v in values]
    keys = [(f"{530000 + i}", "county_service") for i in range(len(values))]
    size = len(values)
    before, _, _ = divisor_method(method, shares, n, [0] * size, [n] * size, keys)
    after, _, _ = divisor_method(method, shares, n + 1, [0] * size, [n + 1] * size, keys)
    assert all(b >= a for a, b in zip(before, after, strict=True))


def test_the_alabama_paradox_shows_for_largest_remainder():
    """Populations 6, 6, 2: with 10 places the small one gets 2, with 11 only 1."""
    shares = [Fraction(6, 14), Fraction(6, 14), Fraction(2, 14)]
    keys = [("1", "x"), ("2", "x"), ("3", "x")]
    ten, _, _ = largest_remainder(shares, 10, [0] * 3, [10] * 3, keys)
    eleven, _, _ = largest_remainder(shares, 11, [0] * 3, [11] * 3, keys)
    assert ten == [4, 4, 2] and eleven == [5, 5, 1]
    # A divisor method has no such paradox on the same numbers.
    assert divisor_method("sainte_lague", shares, 11, [0] * 3, [11] * 3, keys)[0][2] >= \
        divisor_method("sainte_lague", shares, 10, [0] * 3, [10] * 3, keys)[0][2]


@settings(max_examples=100, deadline=None)
@given(SHARES, st.integers(1, 40), st.sampled_from(METHODS))
def test_the_apportionment_package_agrees_where_no_tie_decides(values, n, method):
    app = pytest.importorskip("apportionment.methods", reason="the apportionment package is not installed")
    shares = [Fraction(v, sum(values)) for v in values]
    keys = [(f"{530000 + i}", "county_service") for i in range(len(values))]
    size = len(values)
    if method == "largest_remainder":
        places, _, ties = largest_remainder(shares, n, [0] * size, [n] * size, keys)
    else:
        places, _, ties = divisor_method(method, shares, n, [0] * size, [n] * size, keys)
    assume(not ties)
    assume(method != "huntington_hill" or n >= size)  # below that every post's first place ties
    name = {"largest_remainder": "largest_remainder", "dhondt": "dhondt", "sainte_lague": "saintelague",
            "huntington_hill": "huntington"}[method]
    assert list(app.compute(name, values, n, verbose=False)) == places


def test_a_tie_that_decides_a_place_is_broken_by_county_code_and_reported():
    shares = [Fraction(1, 2), Fraction(1, 2)]
    keys = [("530002", "county_service"), ("530001", "county_service")]
    places, _, ties = largest_remainder(shares, 3, [0, 0], [3, 3], keys)
    assert places == [1, 2]  # 530001 comes first
    assert ties and ties[0].won == [("530001", "county_service")] and ties[0].lost == [("530002", "county_service")]
    places, _, ties = divisor_method("dhondt", shares, 3, [0, 0], [3, 3], keys)
    assert places == [1, 2] and ties[0].won == [("530001", "county_service")]


# --- the command ----------------------------------------------------------------------

def test_apportion_on_the_bundled_plan(tmp_path):
    assessment = _assessment(tmp_path)
    result = run("apportion", "--assessment", assessment, "--slots", "100", "--min", "2", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["plan"] == "yunnan-2022" and data["method"] == "largest_remainder" and data["slots"] == 100
    assert len(data["posts"]) == 27 and sum(p["next_quota"] for p in data["posts"]) == 100
    assert all(p["next_quota"] >= 2 for p in data["posts"])
    assert set(data["posts"][0]) >= {"county", "programme", "quota", "share", "exact", "next_quota", "change",
                                     "bound"}
    share = [Fraction(p["share"]) for p in data["posts"]]
    assert abs(sum(share) - 1) < Fraction(27, 10**6)  # six places each
    # The best-scored post is excellent (x1.2): its share is above the lowest-scored one's.
    assert Fraction(data["posts"][-1]["share"]) > Fraction(data["posts"][0]["share"])
    for p in data["posts"]:
        assert p["change"] == p["next_quota"] - p["quota"]


def test_apportion_table_is_chinese_with_lang_zh(tmp_path):
    result = run("apportion", "--assessment", _assessment(tmp_path), "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    for words in ("下一年度名额分配", "最大余数法", "序号", "份额", "精确名额", "下一年度名额", "合计"):
        assert words in result.stdout


def test_compare_shows_the_four_methods(tmp_path):
    result = run("apportion", "--assessment", _assessment(tmp_path), "--compare", "--slots", "91", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["methods"] == list(METHODS)
    for method in METHODS:
        assert sum(p[method] for p in data["posts"]) == 91


def test_a_failed_post_gets_nothing_and_its_agency_is_listed(tmp_path):
    rows = []
    for k, (code, _, programme) in enumerate(_posts()):
        prog = "县级服务" if programme == "county_service" else "乡镇（街道）社工站支持"
        rows.append(f"{code},{prog},{70 + k % 10},{'不合格' if k == 0 else '良好'},{'A07' if k == 0 else ''}")
    path = _assessment(tmp_path, rows, header="县,项目类别,得分,等次,机构编号")
    data = json.loads(run("apportion", "--assessment", path, "--min", "1", "-f", "json").stdout)
    assert data["posts"][0]["next_quota"] == 0 and data["posts"][0]["bound"] == "fail"
    assert data["excluded_agencies"] == ["A07"]


def test_factors_and_weights_change_the_shares(tmp_path):
    path = _assessment(tmp_path)
    by_score = json.loads(run("apportion", "--assessment", path, "-f", "json").stdout)
    by_need = json.loads(run("apportion", "--assessment", path, "--factor", "需求=1", "-f", "json").stdout)
    assert by_need["factors"] == {"need": "1.000000"}
    assert [p["share"] for p in by_score["posts"]] != [p["share"] for p in by_need["posts"]]
    wrong = run("apportion", "--assessment", path, "--factor", "rain=1")
    assert wrong.exit_code == 1 and "rain" in wrong.stderr and "need" in wrong.stderr


def test_next_plan_is_written_and_diff_reads_it_as_the_change(tmp_path):
    nxt = tmp_path / "counties-2023.yaml"
    result = run("apportion", "--assessment", _assessment(tmp_path), "--slots", "100", "--next-plan", nxt)
    assert result.exit_code == 0, result.stderr
    text = nxt.read_text(encoding="utf-8")
    assert "yunnan-2023" in text and "professionals: 100" in text and "# " in text  # comments kept
    assert run("validate", "--counties", nxt, "--agencies", REPO / "data" / "agencies.yaml").exit_code in (0, 1)
    diff = json.loads(run("diff", PLAN, nxt, "-f", "json").stdout)
    quota_changes = [p for p in diff["posts"] if p["field"] == "quota"]
    assert quota_changes and all(int(p["after"]) >= 0 for p in quota_changes)
    again = run("apportion", "--assessment", _assessment(tmp_path), "--next-plan", nxt)
    assert again.exit_code == 1 and "already exists" in again.stderr
    over = run("apportion", "--counties", nxt, "--assessment", _assessment(tmp_path), "--next-plan", nxt)
    assert over.exit_code == 1 and nxt.read_text(encoding="utf-8") == text


def test_next_plan_allocates_with_its_new_quotas(tmp_path):
    nxt = tmp_path / "plan.yaml"
    run("apportion", "--assessment", _assessment(tmp_path), "--next-plan", nxt)
    data = yaml.safe_load(nxt.read_text(encoding="utf-8"))
    assert data["plan"]["year"] == 2023 and data["plan"]["service_start"].year == 2023
    assert sum(p["quota"] for pre in data["prefectures"] for c in pre["counties"] for p in c["posts"]) == 90


@pytest.mark.parametrize("rows, words", [
    (["999999,县级服务,80,良好"], "999999"),
    (["彝良县,县级服务,,"], "neither a score nor a grade"),
    (["530628,县级服务,八十,良好"], "'八十' is not a number"),
    (["530628,县级服务,80,很好"], "'很好' is none of"),
])
def test_a_bad_assessment_is_named_at_its_place(tmp_path, rows, words):
    path = _assessment(tmp_path, rows, header="县,项目类别,得分,等次")
    result = run("apportion", "--assessment", path)
    assert result.exit_code == 1, result.stdout
    assert words in result.stderr and "assessment.csv:2:" in result.stderr
    assert "Traceback" not in result.stderr


def test_minimums_above_the_places_are_refused(tmp_path):
    result = run("apportion", "--assessment", _assessment(tmp_path), "--slots", "20", "--min", "1")
    assert result.exit_code == 1 and "the minimums cannot hold: 27 posts x 1 = 27 places" in result.stderr


def test_the_assessment_reads_from_a_workbook_and_yaml_alike(tmp_path):
    import xlsxwriter

    csv_path = _assessment(tmp_path)
    lines = [line.split(",") for line in open(csv_path, encoding="utf-8-sig").read().splitlines()]
    book_path = tmp_path / "assessment.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    sheet = book.add_worksheet("考核结果")
    for r, row in enumerate(lines):
        for c, value in enumerate(row):
            if r and c in (2, 4):
                sheet.write_number(r, c, float(value))
            else:
                sheet.write_string(r, c, value)
    book.close()
    yaml_path = tmp_path / "assessment.yaml"
    yaml_path.write_text(yaml.safe_dump({"assessments": [
        {"county": row[0], "programme": row[1], "score": int(row[2]), "grade": row[3], "need": int(row[4])}
        for row in lines[1:]]}, allow_unicode=True), encoding="utf-8")
    outputs = [run("apportion", "--assessment", p, "-f", "json").stdout for p in (csv_path, book_path, yaml_path)]
    assert outputs[0] == outputs[1] == outputs[2]


def test_the_command_offers_exactly_the_library_methods():
    from sanqu.cli.commands.apportion import ApportionMethod

    assert tuple(m.value for m in ApportionMethod) == METHODS
