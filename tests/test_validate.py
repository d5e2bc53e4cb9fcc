"""`sanqu validate`: the bundled plan reconciles, and each rule has a fixture that breaks it."""

from __future__ import annotations

import re

import pytest

from conftest import INVALID, SMALL, VALID, run, run_json


def test_bundled_plan_is_valid_and_reconciles_every_stated_figure():
    data = run_json("validate")
    assert data["ok"] is True and data["errors"] == 0
    summary = data["summary"]
    assert {s["figure"]: (s["stated"], s["actual"], s["ok"]) for s in summary["stated"]} == {
        "professionals": (90, 90, True),
        "counties": (27, 27, True),
        "prefectures": (14, 14, True),
        "agencies_applied": (41, 41, True),
        "professionals_applied": (166, 166, True),
    }
    assert summary["slots"] == 90 and summary["posts"] == 27 and summary["counties"] == 26
    assert summary["programmes"] == {"county_service": {"posts": 20, "slots": 80},
                                     "station_support": {"posts": 7, "slots": 10}}
    assert summary["funding"]["dispatch_per_person_year"] == "40000.00"
    noted = {n["place"] for n in summary["notes"]}
    assert {"533325", "5331", "5334"} <= noted  # Lanping assumed; station posts spread


def test_table_shows_figures_ticks_and_notes():
    result = run("validate")
    assert result.exit_code == 0
    out = result.stdout
    for figure in ("professionals", "counties", "prefectures", "agencies_applied",
                   "professionals_applied"):
        assert re.search(rf"{figure}\s+\d+\s+\d+\s+✓", out), figure
    assert "Lanping" in out and "40,000.00" in out
    assert out.rstrip().endswith("valid")
    assert result.stderr == ""


def test_small_valid_fixture():
    data = run_json("validate", *SMALL)
    assert data["ok"] and data["summary"]["slots"] == 7 and data["problems"] == []


def _cases():
    """Each invalid fixture names what it breaks in its first line: `# expect: LINE:COL CODE`."""
    for path in sorted(INVALID.glob("*.yaml")):
        first = path.read_text(encoding="utf-8", errors="replace").splitlines()[0]
        match = re.match(r"# expect: (\d+):(\d+) ([a-z-]+)(?: \((agencies)\))?", first)
        assert match, f"{path.name} lacks an '# expect:' header"
        yield pytest.param(path, int(match[1]), int(match[2]), match[3], match[4], id=path.stem)


@pytest.mark.parametrize("path,line,column,code,role", list(_cases()))
def test_each_invalid_fixture_is_reported_at_its_place(path, line, column, code, role):
    if role == "agencies":
        args = ["--counties", VALID / "counties.yaml", "--agencies", path]
    else:
        args = ["--counties", path, "--agencies", VALID / "agencies.yaml"]
    result = run("validate", *args)
    assert result.exit_code == 1, result.stdout
    expected = f"{path}:{line}:{column}: {code}: "
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_all_problems_reported_at_once_and_sorted(tmp_path):
    text = (VALID / "counties.yaml").read_text(encoding="utf-8")
    text = text.replace("programme: station_support\n            quota: 1",
                        "programme: station\n            quota: 1").replace(
        "quota: 2\n            trainees", "quota: -2\n            trainees")
    text = text.replace("  service_months: 12", "  service_months: 40")
    bad = tmp_path / "counties.yaml"
    bad.write_text(text, encoding="utf-8")
    result = run("validate", "--counties", bad, "--agencies", VALID / "agencies.yaml")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(bad))]
    assert len(lines) >= 3
    positions = [tuple(int(x) for x in line.split(":")[1:3]) for line in lines]
    assert positions == sorted(positions)


def test_json_report_lists_problems_with_positions(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text((VALID / "counties.yaml").read_text(encoding="utf-8").replace(
        "province: Yunnan", "provinse: Yunnan"), encoding="utf-8")
    result = run("validate", "--counties", bad, "--agencies", VALID / "agencies.yaml",
                 "--format", "json")
    assert result.exit_code == 1
    import json
    data = json.loads(result.stdout)
    codes = {(p["code"], p["line"]) for p in data["problems"]}
    assert ("unknown-key", 5) in codes and ("missing-key", 2) in codes
    assert data["ok"] is False


def test_warning_alone_does_not_fail(tmp_path, small_files):
    counties, agencies = small_files
    text = agencies.read_text(encoding="utf-8").replace(
        'preferences: ["533422"]', 'preferences: ["533422"]\n        programmes: [county_service]')
    agencies.write_text(text, encoding="utf-8")
    result = run("validate", "--counties", counties, "--agencies", agencies)
    assert result.exit_code == 0, result.stderr
    assert "warning" in result.stderr and "P008" in result.stderr


def test_bundled_applicants_are_what_the_generator_makes():
    import subprocess
    import sys

    from conftest import REPO

    result = subprocess.run([sys.executable, str(REPO / "scripts" / "make_agencies.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_unknown_key_hints_come_from_the_place_or_name_the_wrong_file(tmp_path):
    typo = run("validate", "--counties", INVALID / "unknown_key.yaml",
               "--agencies", VALID / "agencies.yaml")
    assert "unknown key 'quotta'; did you mean 'quota'?" in typo.stderr
    swapped = run("validate", "--counties", VALID / "counties.yaml",
                  "--agencies", VALID / "counties.yaml")
    assert swapped.exit_code == 1
    assert ("unknown key 'plan'; this looks like the plan (counties) file, not the applicants "
            "(agencies) file") in swapped.stderr
    assert "did you mean 'plan'" not in swapped.stderr


def test_a_plan_its_applicants_cannot_fill_together_is_warned_though_each_post_has_enough(tmp_path):
    """Two posts of one slot, each with a candidate: the same person. Post by post there
    is no shortfall; together at most one slot can be filled."""
    counties = tmp_path / "counties.yaml"
    counties.write_text("""plan: {id: p, province: Yunnan, year: 2022, service_start: 2022-08-01, service_months: 12}
funding: {central_per_person_year: 20000, local_per_person_year: 20000, training_per_person_day: 400,
          training_days: 0}
prefectures:
  - code: "5306"
    name: Zhaotong
    counties:
      - {code: "530628", name: Yiliang, posts: [{programme: county_service, quota: 1}]}
      - {code: "530629", name: Weixin, posts: [{programme: county_service, quota: 1}]}
""", encoding="utf-8")
    agencies = tmp_path / "agencies.yaml"
    agencies.write_text("""agencies:
  - id: A01
    name: Agency
    professionals:
      - {id: P001, name: Li Wei, qualification: none, score: 80, preferences: ["530628", "530629"]}
""", encoding="utf-8")
    result = run("validate", "--counties", counties, "--agencies", agencies)
    assert result.exit_code == 0, result.stderr
    assert "plan-unfillable: at most 1 of the plan's 2 slots can be filled" in result.stderr
    assert "few-candidates" not in result.stderr
    second = '      - {id: P002, name: Wang Fang, qualification: none, score: 70, preferences: ["530629"]}\n'
    agencies.write_text(agencies.read_text(encoding="utf-8") + second, encoding="utf-8")
    assert "plan-unfillable" not in run("validate", "--counties", counties, "--agencies", agencies).stderr


def test_an_unknown_preference_names_who_and_the_code_a_typo_meant(small_files):
    counties, agencies = small_files
    agencies.write_text(agencies.read_text(encoding="utf-8").replace(
        'preferences: ["530628"]', 'preferences: ["536028"]', 1), encoding="utf-8")
    result = run("validate", "--counties", counties, "--agencies", agencies)
    assert "unknown-county: P002: preference 536028 is not a county of the plan; did you mean '530628'?" \
        in result.stderr
    zh = run("validate", "--counties", counties, "--agencies", agencies, "--lang", "zh")
    assert "P002的志愿536028不是本计划中的县，是否应为“530628”？" in zh.stderr


def test_chinese_messages_name_kinds_and_choices_in_chinese(small_files):
    counties, agencies = small_files
    text = agencies.read_text(encoding="utf-8")
    agencies.write_text(text.replace("id: P002", "id: P001"), encoding="utf-8")
    zh = run("validate", "--counties", counties, "--agencies", agencies, "--lang", "zh").stderr
    assert "专业人才编号P001重复出现（首次在第8行）；编号在整个文件中必须唯一" in zh and "professional" not in zh
    agencies.write_text(text.replace("qualification: senior", "qualification: expert"), encoding="utf-8")
    zh = run("validate", "--counties", counties, "--agencies", agencies, "--lang", "zh").stderr
    assert ("应为以下之一：none（无）、assistant（助理社会工作师）、intermediate（社会工作师）"
            "或senior（高级社会工作师）") in zh
    en = run("validate", "--counties", counties, "--agencies", agencies).stderr
    assert "should be 'none', 'assistant', 'intermediate' or 'senior'" in en


def test_terms_in_chinese_or_any_case_are_read_in_yaml_too(small_files):
    counties, agencies = small_files
    text = agencies.read_text(encoding="utf-8")
    agencies.write_text(text.replace("qualification: senior", "qualification: 高级社会工作师").replace(
        "programmes: [station_support]", "programmes: [乡镇(街道)社工站支持]").replace(
        "qualification: assistant", "qualification: Assistant", 1), encoding="utf-8")
    before = run_json("allocate", "--counties", counties, "--agencies", VALID / "agencies.yaml")
    after = run_json("allocate", "--counties", counties, "--agencies", agencies)
    assert after["assignments"] == before["assignments"]


def test_full_width_punctuation_is_pointed_at_or_read_where_its_meaning_is_certain(small_files):
    counties, agencies = small_files
    text = agencies.read_text(encoding="utf-8")
    agencies.write_text(text.replace('preferences: ["530628", "533401"]', "preferences: [530628，533401]"),
                        encoding="utf-8")
    assert run("validate", "--counties", counties, "--agencies", agencies).exit_code == 0
    plan = counties.read_text(encoding="utf-8")
    counties.write_text(plan.replace("quota: 2", "quota：2", 1), encoding="utf-8")
    result = run("validate", "--counties", counties, "--agencies", agencies, "--lang", "zh")
    line = plan.splitlines().index(next(x for x in plan.splitlines() if "quota: 2" in x)) + 1
    assert result.exit_code == 1
    assert f"counties.yaml:{line}:18: yaml-syntax: 此处是全角字符“：”（中文输入法）：请改为半角“: ”" in result.stderr


def test_funding_items_may_be_purposes_without_amounts(tmp_path):
    """The bundled plan lists the notice's purposes (§2); a part's items either all have an
    amount (a budget per item, adding up to the part) or none has."""
    import yaml

    from conftest import REPO
    from sanqu import load_plan

    plan = load_plan(REPO / "data" / "counties.yaml")
    assert [i.item_zh for i in plan.funding.central_items] == ["工作补贴", "交通差旅", "保险", "培训"]
    assert [i.item_zh for i in plan.funding.local_items] == ["培养对象服务", "培训", "项目活动", "管理费用"]
    assert all(i.amount is None for i in [*plan.funding.central_items, *plan.funding.local_items])
    assert "items" not in run_json("budget")  # purposes carry no budget per item
    data = yaml.safe_load((REPO / "data" / "counties.yaml").read_text(encoding="utf-8"))
    data["funding"]["central_items"][0]["amount"] = 14000
    mixed = tmp_path / "counties.yaml"
    mixed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("validate", "--counties", mixed, "--agencies", REPO / "data" / "agencies.yaml")
    assert result.exit_code == 1
    assert "items-mixed: 1 of the 4 items of the central part have an amount" in result.stderr
