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
