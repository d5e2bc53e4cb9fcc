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

