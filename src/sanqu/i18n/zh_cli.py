"""The command line's own words in Chinese: help texts, headings, usage errors (cli/chinese.py).

Part of zh.py's table, kept apart because it is long.
"""


COMMAND_LINE = {
    "help.sanqu": "“三区”社会工作专业人才支持计划的计划校验、人员安排与经费预算。",
    "help.validate": ("校验计划文件和申请人文件；一次列出全部问题，按位置排序。\n\n"
                      "示例：sanqu validate --counties my/counties.yaml --agencies my/agencies.yaml"),
    "help.allocate": "决定谁去哪里：用申请人填满各岗位。\n\n示例：sanqu allocate --format json -o allocation.json",
    "help.budget": "计划的经费：中央财政资金、地方配套资金、培训经费，按地区和财政年度。\n\n示例：sanqu budget --by year",
    "help.diff": ("两份安排（或两份计划文件）之间的变化及其经费。\n\n按省级审批的调整申请编排："
                  "谁离开、谁加入或调动、自哪天起；调整前后的经费及其变化，按资金来源和年度。\n"
                  "示例：sanqu diff allocation.json allocation-october.json -o request.xlsx --lang zh"),
    "help.template": ("生成各机构填写的申报工作簿：每位申请人一行。\n\n中文表头下附英文键名，"
                      "职业资格和项目类别为下拉列表，另有计划所含县的工作表和填表说明。发给各机构，"
                      "把收回的文件放在一个文件夹里，然后：sanqu validate --agencies 文件夹\n"
                      "示例：sanqu template registration.xlsx --counties data/counties.yaml"),
    "help.init": ("开始一个新计划：写出带注释的模板文件 FOLDER/data/counties.yaml 和 agencies.yaml。\n\n"
                  "模板本身可通过校验；按本省和本年度修改即可。\n"
                  "示例：sanqu init yunnan-2025 && cd yunnan-2025 && sanqu validate"),
    "help.spending": ("资金使用情况：预算、序时进度、已支出、结余和执行率，按资金来源、支出科目、县和季度；"
                      "并在明细账的对应行列出违反资金管理规定的问题。\n\n示例：sanqu spending --ledger 支出明细.xlsx --as-of 2022-12-31"),
    "help.spending.ledger": ("已支付的资金：工作簿（工作表 ledger 或 支出明细）、.csv、YAML（entries:）或存放这些文件的文件夹；"
                             "列为 日期、凭证号、县、资金来源、支出科目、金额、培训人天、人员编号、摘要。"),
    "help.spending.allocation": "按此安排文件中实际安排的人员及其服务月数计算预算，而不是按各岗位名额；并核对每行的人员当时是否在岗。",
    "help.spending.as_of": "只计日期不晚于此日（如 2022-12-31）的明细行。默认：明细账中最晚的日期。",
    "help.spending.strict": "有任何错误类问题时以退出码 1 结束（供脚本使用）。",
    "help.report": ("季度工作进展情况报告：季末各岗位在岗人数、服务人月、本季度人员变动、截至季末的资金使用情况、"
                    "培训人天和发现的问题。\n\n示例：sanqu report --quarter 2022Q4 --allocation allocation.json "
                    "--ledger 支出明细.xlsx -o 2022Q4.xlsx"),
    "help.report.quarter": "要报告的季度，如 2022Q4（2022年10月至12月）。",
    "help.report.allocation": "按此安排文件中实际安排的人员（含人员变动）报告，而不是按各岗位名额。",
    "help.report.ledger": "已支付的资金（同 sanqu spending）：截至季末的资金使用情况、培训人天和问题。不给出时：只报预算。",
    "help.report.agreements": "配合 --allocation：已签订的三方协议（列：人员编号、签订日期）；季末时截止日期已过仍未签订的安排给出警告。",
    "help.allocate.force": "允许 -o 替换已存在的人员安排文件（一项已保存的决定）。",
    "help.opt.sample_ledger": "同时写出 FOLDER/sample-ledger.csv：一份示例支出明细账（已标明为示例，只有传给 --ledger 时才会读取），用来试用 sanqu spending。",
    "help.opt.counties": "计划文件。默认：当前目录的 data/counties.yaml，否则用内置示例计划。",
    "help.opt.agencies": ("申请人：YAML 文件、工作簿（.xlsx、.xls、.ods）、.csv 文件，或存放这些文件的文件夹"
                          "（每个机构一个文件，自动合并）。默认：当前目录的 data/agencies.yaml，否则用内置示例。"),
    "help.opt.format": ("输出格式：table、json、csv（带 BOM 的 UTF-8，供 Excel 打开）、markdown，"
                        "或 xlsx（须配合 -o FILE.xlsx）。默认：按 -o 文件的扩展名，否则为 table。"),
    "help.opt.output": "把结果写入此文件（原子写入），而不是标准输出。",
    "help.opt.quiet": "警告只计数、合为一行，不逐条列出；错误始终逐条列出。",
    "help.opt.lang": "表格、原因和提示所用的语言：zh 或 en（sanqu/i18n 中的任一语言）。默认：按系统区域设置（LANG=zh_CN.UTF-8 即 zh）。",
    "help.opt.debug": "出错时显示 Python 调用栈。",
    "help.opt.help": "显示本帮助并退出。",
    "help.opt.version": "显示版本号并退出。",
    "help.opt.install_completion": "为当前 shell 安装命令补全。",
    "help.opt.show_completion": "显示当前 shell 的命令补全脚本，以便复制或自定义安装。",
    "help.opt.method": ("fair（先填满最多名额，再使正当嫉妒对最少，再使总分最高；证明最优）、optimal"
                        "（先填满最多名额，再使总分最高；证明最优）或 stable（延迟接受算法）。"),
    "help.opt.compare": "用同一输入运行 optimal、fair 和 stable 并排比较：填满名额、总分、正当嫉妒对、第一志愿、未安排人数。",
    "help.opt.explain": "说明这位专业人才被安排到哪里，或为什么没有被安排。",
    "help.opt.keep": ("保留此安排 JSON（由 sanqu allocate --format json -o FILE 生成）中的全部安排，"
                      "退出者除外；空出的名额和原本空缺的名额由未安排的人填补。"),
    "help.opt.withdraw": "配合 --keep：退出的专业人才（可重复，或用逗号分隔多个编号）。不再被安排。",
    "help.opt.effective": "配合 --keep：变更生效日期，须为服务期内某月的第一天（默认：计划的 service_start）。",
    "help.opt.time_limit": "求解的时间上限（秒）；到时给出已知最好的安排，并标明未证明最优。0：不限时（含规则的全国计划可能要运行数小时）。",
    "help.opt.strict": "有任何名额空缺时以退出码 1 结束。",
    "help.opt.allocation": "按此文件（由 sanqu allocate --format json -o FILE 生成）中实际安排的人编制预算，而不是按各岗位名额；并增加按机构的明细。",
    "help.budget.agencies": ("配合 --allocation：用来核对该文件的申请人（每个人都存在、属于该机构、"
                             "所在岗位是其可去的岗位）。不给出时不核对该文件，并给出警告。"),
    "help.opt.by": "表格、markdown 和 CSV 显示哪种明细：prefecture、county、year、quarter、month 或 agency。默认：prefecture（CSV 为 county）。",
    "help.opt.old": "调整前的安排 JSON（或计划文件）。",
    "help.opt.new": "调整后的安排 JSON（或计划文件）。",
    "help.opt.path": "要写出的工作簿（.xlsx）；已存在时不会覆盖。",
    "help.opt.folder": "新计划所在的文件夹；不存在时自动创建。",
    "help.opt.start_from": "从此计划（上一年度的）开始：沿用其县、岗位、经费和规则，移到新年度；申请人从空开始。",
    "help.opt.xlsx": "同时写出 FOLDER/registration.xlsx，即各机构填写的申报工作簿。",
    "usage.hint": "运行“{command} --help”查看帮助。\n",
    "usage.error": "错误：{message}",
    "usage.no_such_option": "没有选项 {option}",
    "usage.did_you_mean": "（是否应为 {options}？）",
    "usage.missing": "缺少参数 {param}",
    "usage.bad_value": "{param} 的取值无效：{reason}",
    "usage.not_a_choice": "“{value}”不是可选值之一：{options}",
    "usage.not_a_number": "应为数字",
    "usage.no_such_command": "没有命令 {command}",
    "usage.extra": "多余的参数（{args}）",
    "help.apportion": ("按本年度考核结果分配下一年度名额：按加权因素算出份额（因素法），再用分配方法化为整数名额，并遵守上下限。\n\n"
                       "示例：sanqu apportion --assessment assessment.xlsx --slots 100 --min 2 -o places.xlsx"),
    "help.apportion.assessment": ("本年度考核结果：每个岗位一行（县；县有两个岗位时注明项目类别；得分和/或等次；"
                                  "可有数值因素列，如 需求）；工作簿、.csv 或 YAML（assessments:）。"),
    "help.apportion.slots": "要分配的名额数。默认：本年度名额合计。",
    "help.apportion.method": "largest_remainder（最大余数法，默认）、dhondt（洪德法）、sainte_lague（圣拉古法）或 huntington_hill（亨廷顿-希尔法）。",
    "help.apportion.minimum": "每个岗位至少这么多名额（考核不合格的岗位不安排）。",
    "help.apportion.maximum": "每个岗位至多这么多名额。默认：全部名额数。",
    "help.apportion.factor": "因素及其权重（因素法），可重复：score=0.7 need=0.3；quota 为本年度名额。默认：score=1（考核表只有等次时为 quota=1）。",
    "help.apportion.grade": "各等次对份额的系数，可重复。默认：excellent=1.2 good=1.0 pass=0.8 fail=0。",
    "help.apportion.compare": "在相同份额和上下限下并排显示四种方法的结果。",
    "help.apportion.next_plan": "按这些名额写出下一年度计划（同 init --from）；已存在的文件不会覆盖。",
    "help.publicity": ("拟选派人员名单公示：编号列出姓名、派出机构、服务县和项目类别，附公示期和反映方式。\n\n"
                       "可写成 Word 文档（-o 公示.docx）、工作簿（.xlsx）、Markdown 或表格。不含身份证号、电话和评分。\n"
                       "示例：sanqu publicity --allocation allocation.json --from 2022-07-20 -o 公示.docx --lang zh"),
    "help.publicity.allocation": "要公示的人员安排（由 sanqu allocate --format json -o FILE 生成）。",
    "help.publicity.start": "公示的第一天（默认：今天）。",
    "help.publicity.days": "公示的工作日数（跳过国务院公布的节假日）。",
    "help.agreements": ("为每个安排写一份三方协议（三方协议），在截止日期前签订。\n\n"
                        "三方（派出机构、受援县民政局、专业人才本人，身份证号码留空手填）、服务岗位、服务期限、"
                        "按财政年度的人均经费、服务内容和签字栏。\n"
                        "示例：sanqu agreements --allocation allocation.json -o 协议/ --lang zh"),
    "help.agreements.allocation": "为其中每个安排写一份协议的人员安排文件。",
    "help.agreements.output": "要写入的文件夹（新建或空文件夹）：每个安排一个 .docx 及 index.xlsx，要么全部写入，要么不写。",
    "help.agreements.template": "本单位自己的协议模板，含 {{ 占位符 }}（docxtpl）；默认：内置中文模板。",
    "help.agreements.write_template": "写出内置模板，供修改后用 --template 使用；不做其他事。",
    "help.validate.allocation": "配合 --agreements：需要签订协议的人员安排。",
    "help.validate.agreements": "已签订的三方协议（列：人员编号、签订日期）：截止日期后仍未签订的安排给出警告。",
}
