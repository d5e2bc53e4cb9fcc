"""Generate the illustrative applicant pool in data/agencies.yaml, deterministically.

The notice publishes only the counts (41 agencies, 166 professionals), not the people.
This script makes a realistic stand-in: agencies registered across Yunnan's
prefectures, a spread of qualifications, experience and scores, preferences that lean
to counties near the agency, some applicants with no preferences, and a few who apply
only for station support. The same seed always gives the same file.

    python scripts/make_agencies.py            # rewrites data/agencies.yaml
    python scripts/make_agencies.py --check    # exits 1 if the file is out of date
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = 2022
AGENCIES = 41
PROFESSIONALS = 166

# Yunnan's 16 prefectures: code, English, Chinese, rough centre (lat, lon), weight of agencies.
PREFECTURES = [
    ("5301", "Kunming", "昆明市", 25.04, 102.71, 9),
    ("5303", "Qujing", "曲靖市", 25.49, 103.80, 3),
    ("5304", "Yuxi", "玉溪市", 24.35, 102.54, 2),
    ("5305", "Baoshan", "保山市", 25.11, 99.16, 2),
    ("5306", "Zhaotong", "昭通市", 27.34, 103.72, 2),
    ("5307", "Lijiang", "丽江市", 26.86, 100.23, 2),
    ("5308", "Pu'er", "普洱市", 22.79, 100.97, 2),
    ("5309", "Lincang", "临沧市", 23.88, 100.09, 2),
    ("5323", "Chuxiong", "楚雄彝族自治州", 25.04, 101.55, 2),
    ("5325", "Honghe", "红河哈尼族彝族自治州", 23.36, 103.38, 3),
    ("5326", "Wenshan", "文山壮族苗族自治州", 23.37, 104.24, 2),
    ("5328", "Xishuangbanna", "西双版纳傣族自治州", 22.01, 100.80, 1),
    ("5329", "Dali", "大理白族自治州", 25.61, 100.27, 3),
    ("5331", "Dehong", "德宏傣族景颇族自治州", 24.43, 98.58, 2),
    ("5333", "Nujiang", "怒江傈僳族自治州", 25.85, 98.85, 1),
    ("5334", "Diqing", "迪庆藏族自治州", 27.83, 99.71, 1),
]

AGENCY_WORDS = [
    ("Xinyuan", "心缘"), ("Tongxin", "同心"), ("Huimin", "惠民"), ("Anhe", "安和"),
    ("Mingde", "明德"), ("Lianxin", "连心"), ("Shanyuan", "善缘"), ("Chunhui", "春晖"),
    ("Lezhu", "乐助"), ("Heshun", "和顺"), ("Qiming", "启明"), ("Yangguang", "阳光"),
    ("Boai", "博爱"), ("Xiangyang", "向阳"), ("Jiahe", "嘉禾"), ("Fuxing", "复兴"),
]
AGENCY_KINDS = [
    ("Social Work Service Center", "社会工作服务中心"),
    ("Social Work Service Agency", "社会工作服务社"),
    ("Community Social Work Service Center", "社区社会工作服务中心"),
]
SURNAMES = [
    ("Li", "李"), ("Wang", "王"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
    ("Yang", "杨"), ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"),
    ("Duan", "段"), ("Dao", "刀"), ("He", "和"), ("Pu", "普"), ("Luo", "罗"),
    ("Ma", "马"), ("Zi", "字"), ("Yu", "余"), ("Su", "苏"), ("Xu", "许"),
]
GIVEN = [
    ("Wei", "伟"), ("Fang", "芳"), ("Min", "敏"), ("Jing", "静"), ("Lei", "磊"),
    ("Yan", "艳"), ("Jun", "军"), ("Hua", "华"), ("Ping", "平"), ("Gang", "刚"),
    ("Li", "丽"), ("Qiang", "强"), ("Xiu", "秀"), ("Yun", "云"), ("Hong", "红"),
    ("Ming", "明"), ("Chao", "超"), ("Xia", "霞"), ("Tao", "涛"), ("Lan", "兰"),
]
QUALIFICATIONS = [("none", 14), ("assistant", 46), ("intermediate", 32), ("senior", 8)]


def plan_counties(path: Path) -> list[dict]:
    """The plan's counties with their programmes and their prefecture's rough centre."""
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    centre = {code: (lat, lon) for code, _, _, lat, lon, _ in PREFECTURES}
    out = []
    for prefecture in plan["prefectures"]:
        for county in prefecture["counties"]:
            out.append({
                "code": county["code"],
                "centre": centre[prefecture["code"]],
                "programmes": {post["programme"] for post in county["posts"]},
            })
    return out


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians(25)))


def weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def generate(counties: list[dict]) -> list[dict]:
    rng = random.Random(SEED)
    homes = rng.choices(PREFECTURES, weights=[p[5] for p in PREFECTURES], k=AGENCIES)
    homes.sort(key=lambda p: p[0])
    # Split 166 people over 41 agencies: every agency at least 2, the rest at random.
    sizes = [2] * AGENCIES
    for i in rng.choices(range(AGENCIES), k=PROFESSIONALS - 2 * AGENCIES):
        sizes[i] += 1
    station_counties = [c for c in counties if "station_support" in c["programmes"]]
    agencies = []
    used_names: set[str] = set()
    number = 0
    for a, (home, size) in enumerate(zip(homes, sizes, strict=True), start=1):
        code, city, city_zh, lat, lon, _ = home
        while True:
            word, word_zh = rng.choice(AGENCY_WORDS)
            kind, kind_zh = rng.choice(AGENCY_KINDS)
            name = f"{city} {word} {kind}"
            if name not in used_names:
                used_names.add(name)
                break
        nearby = sorted(counties, key=lambda c: (distance((lat, lon), c["centre"]), c["code"]))
        people = []
        for _ in range(size):
            number += 1
            surname, surname_zh = rng.choice(SURNAMES)
            given = rng.sample(GIVEN, k=rng.choice((1, 2)))
            qualification = weighted(rng, QUALIFICATIONS)
            base = {"none": 66, "assistant": 72, "intermediate": 78, "senior": 84}[qualification]
            score = min(99.5, max(55.0, rng.gauss(base, 6)))
            person = {
                "id": f"P{number:03d}",
                "name": f"{surname} {''.join(g for g, _ in given).capitalize()}",
                "name_zh": surname_zh + "".join(z for _, z in given),
                "qualification": qualification,
                "experience_years": max(0, int(rng.gauss(4 if qualification != "senior" else 10, 3))),
                "score": f"{score:.1f}",
            }
            roll = rng.random()
            if roll < 0.04:
                person["programmes"] = ["station_support"]
                person["preferences"] = [c["code"] for c in rng.sample(station_counties, k=3)]
            elif roll < 0.14:
                pass  # no preferences: any county
            else:
                # Lean to nearby counties: choose from the closest eight, nearer ones likelier.
                # Half apply for county service only, and then name only such counties.
                only_county = rng.random() < 0.5
                pool = [c["code"] for c in nearby
                        if not only_county or "county_service" in c["programmes"]][:8]
                k = rng.choice((1, 2, 2, 3, 3, 3, 4))
                picks: list[str] = []
                while len(picks) < k:
                    choice = pool[min(int(rng.expovariate(0.35)), len(pool) - 1)]
                    if choice not in picks:
                        picks.append(choice)
                person["preferences"] = picks
                if only_county:
                    person["programmes"] = ["county_service"]
            people.append(person)
        agencies.append({
            "id": f"A{a:02d}",
            "name": name,
            "name_zh": f"{city_zh}{word_zh}{kind_zh}",
            "prefecture": code,
            "professionals": people,
        })
    return agencies


def render(agencies: list[dict]) -> str:
    lines = [
        "# ILLUSTRATIVE SAMPLE, NOT REAL PEOPLE. Generated by scripts/make_agencies.py",
        f"# (seed {SEED}); do not edit by hand: change the script and run it again.",
        "# The 2022 Yunnan notice publishes only the counts: 41 agencies and 166",
        "# social work professionals applied. Names, scores and preferences are made up.",
        "agencies:",
    ]
    for agency in agencies:
        lines += [
            f"  - id: {agency['id']}",
            f"    name: {agency['name']}",
            f"    name_zh: {agency['name_zh']}",
            f"    prefecture: \"{agency['prefecture']}\"",
            "    professionals:",
        ]
        for p in agency["professionals"]:
            lines += [
                f"      - id: {p['id']}",
                f"        name: {p['name']}",
                f"        name_zh: {p['name_zh']}",
                f"        qualification: {p['qualification']}",
                f"        experience_years: {p['experience_years']}",
                f"        score: {p['score']}",
            ]
            if "preferences" in p:
                codes = ", ".join(f'"{c}"' for c in p["preferences"])
                lines.append(f"        preferences: [{codes}]")
            if "programmes" in p:
                lines.append(f"        programmes: [{', '.join(p['programmes'])}]")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args()
    text = render(generate(plan_counties(ROOT / "data" / "counties.yaml")))
    target = ROOT / "data" / "agencies.yaml"
    if args.check:
        same = target.exists() and target.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{target} is out of date")
        return 0 if same else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
