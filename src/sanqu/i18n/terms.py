"""The words sanqu reads in its inputs, whatever the language they are written in: the
Chinese names of the terms, the spreadsheets' Chinese headers and sheet names, and the
ways of saying "any county". Each maps to the contract's key.
"""

# The Chinese names of the terms, as sanqu prints them and agencies write them: read as
# the keys wherever a term is expected (YAML and spreadsheets alike).
QUALIFICATIONS = {"无": "none", "助理社会工作师": "assistant", "社会工作师": "intermediate",
                  "高级社会工作师": "senior"}
PROGRAMMES = {"县级服务": "county_service", "乡镇（街道）社工站支持": "station_support",
              "乡镇(街道)社工站支持": "station_support"}

SHEET_NAMES = ("applicants", "申请人")  # the applicants' sheet of a workbook

# key -> Chinese header, in the template's column order
HEADERS = {
    "agency": "机构编号", "agency_name": "机构名称", "id": "编号", "name": "姓名",
    "qualification": "职业资格", "score": "评分", "preferences": "志愿", "programmes": "项目类别",
    "experience_years": "工作年限", "id_card": "身份证号", "phone": "联系电话", "note": "备注",
}

ANY_COUNTY = {"", "any", "服从调剂"}  # a preference cell that names no county

# Other headers agencies really write, each for one key; "_ignore" is a column read and
# left alone (a row number). A header that could mean two keys is refused, naming both.
HEADER_SYNONYMS = {
    "机构代码": "agency", "单位编号": "agency", "派出机构编号": "agency",
    "派出机构": "agency_name", "派出单位": "agency_name", "单位名称": "agency_name", "机构": "agency_name",
    "人员编号": "id", "个人编号": "id",
    "资格": "qualification", "职业水平": "qualification", "社工资格": "qualification", "职业资格等级": "qualification",
    "得分": "score", "分数": "score", "评审得分": "score",
    "服务意向": "preferences", "意向县": "preferences", "志愿县": "preferences", "服务志愿": "preferences",
    "项目": "programmes",
    "从业年限": "experience_years",
    "身份证号码": "id_card", "证件号码": "id_card", "身份证": "id_card", "公民身份号码": "id_card",
    "手机号码": "phone", "手机": "phone", "电话": "phone", "联系方式": "phone",
    "性别": "gender", "gender": "gender",
    "序号": "_ignore", "no.": "_ignore", "no": "_ignore",
}
AMBIGUOUS_HEADERS = {"名称": ("name", "agency_name"), "号码": ("id_card", "phone"), "编码": ("agency", "id")}

# The assessment (``sanqu apportion --assessment``): its sheet, its headers, its grades.
ASSESSMENT_SHEETS = ("assessment", "assessments", "考核", "考核结果", "绩效评价")
ASSESSMENT_HEADERS = {
    "county": "county", "县": "county", "县(市、区)": "county", "县区": "county", "服务县": "county",
    "programme": "programme", "项目类别": "programme",
    "score": "score", "得分": "score", "评分": "score", "分数": "score", "考核得分": "score",
    "grade": "grade", "等次": "grade", "等级": "grade", "考核等次": "grade", "考核结果": "grade",
    "agency": "agency", "机构编号": "agency", "agency_name": "agency_name", "机构名称": "agency_name",
    "note": "note", "备注": "note",
    "need": "need", "需求": "need", "quota": "quota", "名额": "quota",
}
GRADES = {"excellent": "excellent", "优秀": "excellent", "good": "good", "良好": "good",
          "pass": "pass", "合格": "pass", "fail": "fail", "不合格": "fail"}

# The spending ledger (``--ledger``): its sheet, its headers (key -> Chinese first), its sources.
LEDGER_SHEETS = ("ledger", "支出明细", "明细", "支出")
LEDGER_HEADERS = {
    "date": "日期", "voucher": "凭证号", "county": "县", "programme": "项目类别", "source": "资金来源",
    "item": "支出科目", "amount": "金额", "person_days": "培训人天", "professional": "人员编号", "note": "摘要",
}
LEDGER_SYNONYMS = {
    "支付日期": "date", "记账日期": "date", "凭证日期": "date", "凭证编号": "voucher", "凭证号码": "voucher",
    "凭证字号": "voucher", "县(市、区)": "county", "县区": "county", "服务县": "county", "县名": "county",
    "县代码": "county", "来源": "source", "经费来源": "source", "科目": "item", "用途": "item",
    "支出用途": "item", "金额(元)": "amount", "支出金额": "amount", "支出金额(元)": "amount",
    "发生额": "amount", "人天": "person_days", "培训人天数": "person_days", "人员": "professional",
    "编号": "professional", "备注": "note", "序号": "_ignore",
}
SOURCES = {"central": "central", "中央": "central", "中央财政": "central", "中央资金": "central",
           "local": "local", "地方": "local", "地方配套": "local", "地方财政": "local", "地方资金": "local",
           "training": "training", "培训": "training", "培训经费": "training"}
