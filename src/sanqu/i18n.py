"""Every sentence and label a person reads, in English and Chinese: the one place to translate.

Code builds messages as ``Msg(key, params)``; they are rendered at output time in the
language asked for (``--lang``, else the locale). A third language is one more table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

LANGS = ("en", "zh")


def default_lang(environ=os.environ) -> str:
    """The locale's language: zh for a Chinese locale (LANG=zh_CN.UTF-8), else en."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


@dataclass(frozen=True)
class Named:
    """A name with its Chinese form; Chinese output uses ``zh`` where there is one."""

    en: str
    zh: str | None = None

    def pick(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else self.en


@dataclass(frozen=True)
class Msg:
    """A message to be rendered later in some language: a key and its parameters."""

    key: str
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def render(self, lang: str = "en") -> str:
        table = STRINGS.get(lang, STRINGS["en"])
        template = table.get(self.key) or STRINGS["en"].get(self.key)
        if template is None:  # a message only known in English (from a library)
            template = "{english}"
        values = {k: _render_value(v, lang) for k, v in self.params.items()}
        return template.format(**values)

    def __str__(self) -> str:
        return self.render("en")


def _render_value(value, lang: str):
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, Named):
        return value.pick(lang)
    return value


def t(lang: str, key: str, **params) -> str:
    """Render one string now."""
    return Msg(key, params).render(lang)


def programme(lang: str, value: str) -> str:
    return t(lang, f"programme.{value}")


def qualification(lang: str, value: str) -> str:
    return t(lang, f"qualification.{value}")


STRINGS: dict[str, dict[str, str]] = {
    "en": {
        # domain words
        "programme.county_service": "county_service",
        "programme.station_support": "station_support",
        "qualification.none": "none",
        "qualification.assistant": "assistant",
        "qualification.intermediate": "intermediate",
        "qualification.senior": "senior",
        # why someone was not placed
        "reason.qualification": "qualification {have} is below the required {need}",
        "reason.empty_preferences": "gave an empty preference list",
        "reason.no_match": "no post of the plan matches their preferences and programmes",
        "reason.team_left_open": ("a free slot at {place} was left open: the team rule "
                                  "(min_team {n}) could not be met from their agency"),
        "reason.agency_cap": "their agency {agency} already sends the maximum of {n}",
        "reason.free_slot": "not placed although {place} has a free slot",
        "reason.ranked_below": "ranked below the {count} placed at {place}, lowest score {score}",
        "reason.better_fill": ("the {count} places at {place} went to others (lowest score "
                               "{score}) for a better overall fill"),
        "reason.agency_cap_and": "their agency {agency} already sends the maximum of {n}; {head}",
        "reason.all_full": "every county they accept is full; {head}",
        # why a post has empty slots
        "short.nobody": "no applicant can fill this post",
        "short.only": "only {n} applicants can fill this post",
        "short.only_elsewhere": "only {n} applicants can fill this post, {k} of them placed elsewhere",
        "short.team": "the team rule (min_team {n}) leaves the remaining applicants out",
        "short.cap": "the agency limit (max_per_agency {n}) leaves the rest out",
        "short.method": "{n} eligible applicants were not placed here by the {method} method",
        # eligibility
        "ineligible.qualification": "qualification {have} is below the required {need}",
        "ineligible.preferences": "county not among their preferences",
        "ineligible.programme": "they did not apply for {programme}",
        # explain
        "explain.placed": ("{id} {name} (score {score}, agency {agency}) is placed at {place} "
                           "{code}, {programme} ({choice}) by the {method} method"),
        "explain.not_placed": "{id} {name} (score {score}, agency {agency}) is not placed: {reason}",
        "explain.choice": "choice {rank}",
        "explain.no_preferences": "no preferences given",
        "verdict.placed": "placed here",
        "verdict.not_eligible": "not eligible: {why}",
        "verdict.no_slots": "no slots",
        "verdict.free_slot": "has a free slot",
        "verdict.team": "; team rule min_team {n} bound",
        "verdict.cap": "; agency limit {n} may bind",
        "verdict.below": "full; their score {score} is below the lowest placed {lowest}",
        "verdict.elsewhere": "full; a better overall allocation placed them elsewhere",
        "verdict.others": "full; the {method} method gave the places to others",
        # allocation report
        "alloc.title": "Allocation ({method}) for {plan}",
        "alloc.unfilled": "Unfilled slots",
        "alloc.not_placed": "Not placed",
        "alloc.summary": ("{method}: {filled} of {slots} slots filled, score total {score}, "
                          "{unplaced} of {applicants} applicants not placed; {proof}"),
        "alloc.proven": "proven optimal",
        "alloc.not_proven": "NOT PROVEN OPTIMAL",
        "alloc.stable": "stable",
        "method.optimal": "optimal",
        "method.stable": "stable",
        "col.post": "post", "col.filled": "filled", "col.id": "id", "col.name": "name",
        "col.agency": "agency", "col.score": "score", "col.rank": "rank",
        "col.qualification": "qualification", "col.empty": "empty", "col.cause": "cause",
        "col.reason": "reason", "col.prefecture": "prefecture", "col.county": "county",
        "col.programme": "programme", "col.lowest": "lowest placed", "col.verdict": "verdict",
        "col.quota": "quota",
        # budget
        "budget.title": "Budget of {plan} by {view} ({basis})",
        "budget.basis.quota": "quota",
        "budget.basis.allocation": "allocation",
        "budget.items": "{part} funds by item",
        "budget.reconcile": "{people} people × {per_person} = {dispatch}",
        "budget.rounded": " (rounded to the fen from {exact})",
        "budget.training": "; + training {training} = {total}",
        "budget.months": "{year} ({months} months)",
        "budget.total": "total",
        "view.prefecture": "prefecture", "view.county": "county", "view.year": "year",
        "view.agency": "agency",
        "money.professionals": "professionals", "money.central": "central", "money.local": "local",
        "money.dispatch": "dispatch", "money.training": "training", "money.total": "total",
        "part.central": "central", "part.local": "local",
        "col.item": "item", "col.amount": "amount",
        # validate
        "val.plan_title": "Plan",
        "val.plan": "plan", "val.province_year": "province, year", "val.service": "service",
        "val.service_value": "from {start}, {months} months",
        "val.prefectures": "prefectures", "val.counties": "counties", "val.posts": "posts",
        "val.programme_value": "{posts} posts, {slots} slots",
        "val.slots": "slots", "val.trainees": "trainees", "val.agencies": "agencies",
        "val.applicants": "applicants", "val.dispatch": "dispatch per person-year",
        "val.dispatch_value": "{dispatch} (central {central} + local {local})",
        "val.training": "training",
        "val.training_value": "{rate} per person-day, {days} days per trainee",
        "val.stated_title": "Stated figures",
        "val.figure": "figure", "val.stated": "stated", "val.data": "data", "val.check": "check",
        "val.not_checked": "not checked",
        "val.note": "note ({place} {name}): {note}",
        "val.valid": "valid", "val.valid_warnings": "valid, {warnings} warning(s)",
        "val.invalid": "invalid: {errors} error(s), {warnings} warning(s)",
        "stated.professionals": "professionals", "stated.counties": "counties",
        "stated.prefectures": "prefectures", "stated.agencies_applied": "agencies_applied",
        "stated.professionals_applied": "professionals_applied",
        # command line
        "problem.missing_key": "required key {key!r} is missing",
        "problem.unknown_key": "unknown key {key!r}{hint}",
        "problem.unknown_key_hint": "; did you mean {suggestion!r}?",
        "problem.duplicate_key": ("duplicate key {key!r} (first at line {first}); "
                                  "YAML would silently keep only the last"),
        "problem.duplicate_code": "{what} code {code} appears twice (first at line {first}){more}",
        "problem.duplicate_id": "{what} id {id} appears twice (first at line {first}){more}",
        "problem.code_prefix": "county code {code} does not begin with its prefecture's code {prefecture}",
        "problem.duplicate_post": ("county {code} has more than one {programme} post; "
                                   "a county has at most one post per programme"),
        "problem.items_sum": "the {part} items add up to {total}, not the {part}_per_person_year of {expected}",
        "problem.duplicate_preference": "county {code} is listed twice in the preferences",
        "problem.unknown_county": "preference {code} is not a county of the plan",
        "problem.stated_mismatch": "stated {figure} is {claimed} but the data gives {actual} ({diff:+d})",
        "problem.no_eligible_post": ("{id} can fill no post of the plan (preferences, programmes "
                                     "and qualification rule together exclude every post)"),
        "problem.few_candidates": ("{code} {programme} has {quota} slots but only {count} "
                                   "applicants who can fill them"),
        "problem.empty": "the file is empty",
        "problem.no_file": "no such file",
        "problem.folder": "this is a folder, not a file",
        "problem.unreadable": "cannot read the file: {detail}",
        "problem.too_large": "the file is {size:,} bytes; sanqu reads at most {limit:,}",
        "problem.binary": "this is a binary file, not YAML text",
        "problem.not_utf8": "the file is not UTF-8",
        "problem.gbk": ("the file is not UTF-8 (it looks like GBK/GB18030, as saved by some "
                        "Windows editors; save it as UTF-8)"),
        "problem.yaml_syntax": "{english}",
        "problem.yaml_alias": "anchors and aliases ({anchor}) are not allowed; write the value out",
        "problem.yaml_tag": "explicit tags ({tag}) are not allowed",
        "problem.yaml_documents": "more than one YAML document in the file; keep one",
        "problem.yaml_key": "a mapping key must be plain text",
        "problem.too_deep": "nested more than {depth} levels deep",
        "problem.wrong_plan": "this allocation is for plan {found!r}, not {expected!r}",
        "problem.unknown_post": "the plan has no {programme} post in county {county}",
        "problem.over_quota": "more people placed at {county} {programme} than its quota of {quota}",
        "problem.placed_twice": "professional {id} is placed twice",
        "pyd.bool_hint": " (YAML reads unquoted yes/no/on/off as true/false; quote it)",
        "pyd.string_type": "{english}{hint}",
        "pyd.int_type": "{english}{hint}",
        "pyd.decimal_type": "{english}{hint}",
        "pyd.mapping": "should be a mapping of keys to values",
        "pyd.list_type": "should be a list",
        "pyd.pattern.code4": "should be a 4-digit prefecture code, not {input!r}",
        "pyd.pattern.code6": "should be a 6-digit county code, not {input!r}",
        "pyd.pattern.slug": "should be a slug (lowercase letters and digits joined by - or _), not {input!r}",
        "pyd.pattern.not_blank": "must not be empty",
        "pyd.money.finite": "must be a finite amount",
        "pyd.money.negative": "must not be negative",
        "pyd.money.absurd": "is absurdly large (more than {limit})",
        "pyd.money.places": "has more than two decimal places (amounts are exact to the fen)",
        "pyd.money.float": "binary floats are not accepted for money; use a string or Decimal",
        "pyd.money.bool": "must be an amount, not true/false",
        "cli.error": "error: {message}",
        "cli.warning": "warning: {message}",
        "cli.empty_slots": "{empty} slot(s) left empty at {posts} post(s)",
        "cli.not_proven": "the allocation is NOT PROVEN OPTIMAL: {status}",
        "cli.interrupted": "interrupted; nothing was written",
        "cli.agency_view": "--by agency needs --allocation FILE: agencies are known only once people are placed",
        "cli.internal": "internal error: {error} (run with --debug for the traceback)",
        "cli.init_exists": "{path} already exists; nothing was written",
        "cli.init_done": "wrote {counties} and {agencies}; next: cd {folder} && sanqu validate",
    },
    "zh": {
        "programme.county_service": "县级服务",
        "programme.station_support": "乡镇（街道）社工站支持",
        "qualification.none": "无",
        "qualification.assistant": "助理社会工作师",
        "qualification.intermediate": "社会工作师",
        "qualification.senior": "高级社会工作师",
        "reason.qualification": "资格“{have}”低于要求的“{need}”",
        "reason.empty_preferences": "志愿列表为空",
        "reason.no_match": "计划中没有符合其志愿与项目类别的岗位",
        "reason.team_left_open": "{place}尚有空缺，但其机构无法满足团队规则（每岗至少{n}人）",
        "reason.agency_cap": "其所在机构{agency}已派出上限{n}人",
        "reason.free_slot": "{place}尚有空缺，但未被安排",
        "reason.ranked_below": "排在{place}已安排的{count}人之后，最低分{score}",
        "reason.better_fill": "为使整体安排更优，{place}的{count}个名额给了他人（最低分{score}）",
        "reason.agency_cap_and": "其所在机构{agency}已派出上限{n}人；{head}",
        "reason.all_full": "其接受的县均已满额；{head}",
        "short.nobody": "没有申请人能填补此岗位",
        "short.only": "仅有{n}名申请人能填补此岗位",
        "short.only_elsewhere": "仅有{n}名申请人能填补此岗位，其中{k}人已安排至其他岗位",
        "short.team": "团队规则（每岗至少{n}人）使其余申请人无法安排",
        "short.cap": "机构派出上限（{n}人）使其余申请人无法安排",
        "short.method": "{n}名符合条件的申请人未被{method}方法安排至此",
        "ineligible.qualification": "资格“{have}”低于要求的“{need}”",
        "ineligible.preferences": "该县不在其志愿中",
        "ineligible.programme": "未申报{programme}",
        "explain.placed": "{id} {name}（{score}分，机构{agency}）经{method}方法安排至{place} {code}，{programme}（{choice}）",
        "explain.not_placed": "{id} {name}（{score}分，机构{agency}）未被安排：{reason}",
        "explain.choice": "第{rank}志愿",
        "explain.no_preferences": "未填志愿",
        "verdict.placed": "安排于此",
        "verdict.not_eligible": "不符合条件：{why}",
        "verdict.no_slots": "无名额",
        "verdict.free_slot": "尚有空缺",
        "verdict.team": "；受团队规则（至少{n}人）约束",
        "verdict.cap": "；可能受机构上限{n}人约束",
        "verdict.below": "已满；其分数{score}低于已安排者最低分{lowest}",
        "verdict.elsewhere": "已满；为使整体更优被安排至他处",
        "verdict.others": "已满；{method}方法将名额给了他人",
        "alloc.title": "{plan} 人员安排（{method}）",
        "alloc.unfilled": "未满岗位",
        "alloc.not_placed": "未安排人员",
        "alloc.summary": "{method}：{slots}个名额已填{filled}个，总分{score}，{applicants}名申请人中{unplaced}人未安排；{proof}",
        "alloc.proven": "已证明最优",
        "alloc.not_proven": "未证明最优",
        "alloc.stable": "稳定匹配",
        "method.optimal": "最优",
        "method.stable": "稳定",
        "col.post": "岗位", "col.filled": "已填", "col.id": "编号", "col.name": "姓名",
        "col.agency": "机构", "col.score": "分数", "col.rank": "志愿", "col.qualification": "资格",
        "col.empty": "空缺", "col.cause": "原因", "col.reason": "原因", "col.prefecture": "州（市）",
        "col.county": "县（市、区）", "col.programme": "项目", "col.lowest": "最低安排分",
        "col.verdict": "结论", "col.quota": "名额",
        "budget.title": "{plan} 经费预算（按{view}，{basis}）",
        "budget.basis.quota": "按名额",
        "budget.basis.allocation": "按实际安排",
        "budget.items": "{part}资金明细",
        "budget.reconcile": "{people}人 × {per_person} = {dispatch}",
        "budget.rounded": "（由{exact}四舍五入到分）",
        "budget.training": "；另加培训经费 {training}，合计 {total}",
        "budget.months": "{year}年（{months}个月）",
        "budget.total": "合计",
        "view.prefecture": "州（市）", "view.county": "县（市、区）", "view.year": "年度",
        "view.agency": "机构",
        "money.professionals": "人数", "money.central": "中央财政", "money.local": "地方配套",
        "money.dispatch": "选派经费", "money.training": "培训经费", "money.total": "合计",
        "part.central": "中央财政", "part.local": "地方配套",
        "col.item": "项目", "col.amount": "金额",
        "val.plan_title": "计划",
        "val.plan": "计划", "val.province_year": "省份、年度", "val.service": "服务期",
        "val.service_value": "自{start}起，{months}个月",
        "val.prefectures": "州（市）", "val.counties": "县（市、区）", "val.posts": "岗位",
        "val.programme_value": "{posts}个岗位，{slots}个名额",
        "val.slots": "名额", "val.trainees": "培养对象", "val.agencies": "申报机构",
        "val.applicants": "申报人员", "val.dispatch": "每人每年选派经费",
        "val.dispatch_value": "{dispatch}（中央{central} + 地方{local}）",
        "val.training": "培训",
        "val.training_value": "每人每天{rate}，每名培养对象{days}天",
        "val.stated_title": "公布数字核对",
        "val.figure": "项目", "val.stated": "公布", "val.data": "数据", "val.check": "核对",
        "val.not_checked": "未核对",
        "val.note": "说明（{place} {name}）：{note}",
        "val.valid": "校验通过", "val.valid_warnings": "校验通过，{warnings}条警告",
        "val.invalid": "校验未通过：{errors}个错误，{warnings}条警告",
        "stated.professionals": "选派人数", "stated.counties": "县级岗位数",
        "stated.prefectures": "州（市）数", "stated.agencies_applied": "申报机构数",
        "stated.professionals_applied": "申报人数",
        "problem.missing_key": "缺少必填项“{key}”",
        "problem.unknown_key": "未知的键“{key}”{hint}",
        "problem.unknown_key_hint": "，是否应为“{suggestion}”？",
        "problem.duplicate_key": "重复的键“{key}”（首次出现在第{first}行）；YAML 只会静默保留最后一个",
        "problem.duplicate_code": "{what}代码{code}重复出现（首次在第{first}行）",
        "problem.duplicate_id": "{what}编号{id}重复出现（首次在第{first}行）",
        "problem.code_prefix": "县级代码{code}不以所属州（市）代码{prefecture}开头",
        "problem.duplicate_post": "县{code}有不止一个{programme}岗位；每县每类项目至多一个岗位",
        "problem.items_sum": "{part}明细合计{total}，与每人每年{part}标准{expected}不符",
        "problem.duplicate_preference": "志愿中县{code}出现了两次",
        "problem.unknown_county": "志愿{code}不是本计划中的县",
        "problem.stated_mismatch": "公布的{figure}为{claimed}，数据为{actual}（{diff:+d}）",
        "problem.no_eligible_post": "{id}无法填补计划中的任何岗位（志愿、项目类别与资格要求合起来排除了所有岗位）",
        "problem.few_candidates": "{code} {programme}有{quota}个名额，但只有{count}名申请人符合条件",
        "problem.empty": "文件为空",
        "problem.no_file": "文件不存在",
        "problem.folder": "这是文件夹，不是文件",
        "problem.unreadable": "无法读取文件：{detail}",
        "problem.too_large": "文件大小为{size:,}字节，sanqu 最多读取{limit:,}字节",
        "problem.binary": "这是二进制文件，不是 YAML 文本",
        "problem.not_utf8": "文件不是 UTF-8 编码",
        "problem.gbk": "文件不是 UTF-8 编码（看起来是某些 Windows 编辑器保存的 GBK/GB18030；请另存为 UTF-8）",
        "problem.yaml_syntax": "YAML 语法错误：{english}",
        "problem.yaml_alias": "不允许使用锚点和别名（{anchor}）；请直接写出取值",
        "problem.yaml_tag": "不允许使用显式标签（{tag}）",
        "problem.yaml_documents": "文件中有多个 YAML 文档；只保留一个",
        "problem.yaml_key": "映射的键必须是普通文本",
        "problem.too_deep": "嵌套超过{depth}层",
        "problem.wrong_plan": "此安排属于计划“{found}”，不是“{expected}”",
        "problem.unknown_post": "计划中县{county}没有{programme}岗位",
        "problem.over_quota": "安排到{county} {programme}的人数超过名额{quota}",
        "problem.placed_twice": "人员{id}被安排了两次",
        "pyd.string_type": "应为文本{hint}",
        "pyd.int_type": "应为整数{hint}",
        "pyd.int_parsing": "应为整数",
        "pyd.int_from_float": "应为整数，不能有小数部分",
        "pyd.decimal_type": "应为数值{hint}",
        "pyd.decimal_parsing": "应为数值",
        "pyd.finite_number": "应为有限数值",
        "pyd.decimal_max_places": "小数位数不能超过{decimal_places}位",
        "pyd.greater_than_equal": "应大于或等于{ge}",
        "pyd.less_than_equal": "应小于或等于{le}",
        "pyd.enum": "应为以下之一：{expected}",
        "pyd.list_type": "应为列表",
        "pyd.mapping": "应为键值映射",
        "pyd.too_short": "至少需要{min_length}项",
        "pyd.date_parsing": "不是有效日期：{english}",
        "pyd.date_from_datetime_parsing": "不是有效日期：{english}",
        "pyd.bool_hint": "（YAML 会把不加引号的 yes/no/on/off 读作真/假；请加引号）",
        "pyd.pattern.code4": "应为4位州（市）代码，不是{input!r}",
        "pyd.pattern.code6": "应为6位县级代码，不是{input!r}",
        "pyd.pattern.slug": "应为短标识（小写字母和数字，用 - 或 _ 连接），不是{input!r}",
        "pyd.pattern.not_blank": "不能为空",
        "pyd.money.finite": "应为有限金额",
        "pyd.money.negative": "不能为负数",
        "pyd.money.absurd": "数额大得离谱（超过{limit}）",
        "pyd.money.places": "小数超过两位（金额精确到分）",
        "pyd.money.float": "金额不接受二进制浮点数；请用字符串或 Decimal",
        "pyd.money.bool": "应为金额，不能是真/假",
        "cli.error": "错误：{message}",
        "cli.warning": "警告：{message}",
        "cli.empty_slots": "{posts}个岗位共{empty}个名额空缺",
        "cli.not_proven": "该安排未证明最优：{status}",
        "cli.interrupted": "已中断，未写入任何文件",
        "cli.agency_view": "--by agency 需要 --allocation FILE：人员安排后才知道各机构",
        "cli.internal": "内部错误：{error}（加 --debug 查看调用栈）",
        "cli.init_exists": "{path} 已存在，未写入任何文件",
        "cli.init_done": "已写入 {counties} 和 {agencies}；下一步：cd {folder} && sanqu validate",
    },
}
