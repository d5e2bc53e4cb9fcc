"""The language tables: complete, used, and chosen by the locale."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, run
from sanqu.i18n import Msg, available, default_lang, en, zh

SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "sanqu").rglob("*.py"))


def test_every_key_the_code_uses_exists_in_english():
    used = set(re.findall(r'(?:Msg\(|t\(\w+, |t\(lang, |t\(language, )"([a-z_.]+)"', SOURCE))
    assert used, "no message keys found: the pattern is stale"
    # "programme." + value and the like: a prefix that some keys must complete
    missing = sorted(k for k in used if k not in en.STRINGS
                     and not (k.endswith(".") and any(e.startswith(k) for e in en.STRINGS)))
    assert missing == []


def test_chinese_translates_every_sentence_a_person_reads():
    # Keys that only forward a library's English text may stay untranslated.
    allowed = {k for k, v in en.STRINGS.items() if v.startswith("{english}")}
    missing = sorted(set(en.STRINGS) - set(zh.STRINGS) - allowed)
    assert missing == []
    # pyd.*: pydantic's own kinds; help.* and usage.*: the command line's words, whose
    # English is typer's (the option declarations) and is checked by the help test below.
    assert set(zh.STRINGS) <= set(en.STRINGS) | {k for k in zh.STRINGS if k.startswith(("pyd.", "help.", "usage."))}


def test_placeholders_match_between_languages():
    for key, text in zh.STRINGS.items():
        if key in en.STRINGS:
            names = lambda s: set(re.findall(r"\{(\w+)", s))  # noqa: E731
            assert names(text) <= names(en.STRINGS[key]) | {"english"}, key


def test_locale_picks_the_language():
    assert available() == ["en", "zh"]
    assert default_lang({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert default_lang({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    assert default_lang({"LANG": "fr_FR.UTF-8"}) == "en"
    assert default_lang({}) == "en"
    assert Msg("short.only", {"n": 3}).render("zh") == "仅有3名申请人能填补此岗位"


def test_messages_after_the_error_word_are_chinese_too(small_files, tmp_path):
    counties, agencies = small_files
    args = ["--counties", counties, "--agencies", agencies, "--lang", "zh"]
    cases = [
        (["allocate", *args, "-o", counties, "--format", "json"], "不会覆盖输入文件"),
        (["allocate", *args, "-o", tmp_path / "missing" / "a.json"], "不存在"),
        (["allocate", *args, "--explain", "P999"], "没有编号为P999的人员"),
        (["allocate", *args, "--format", "xlsx"], "生成工作簿"),
    ]
    for command, words in cases:
        result = run(*command)
        assert result.exit_code == 1, result.stderr
        assert result.stderr.startswith("错误：") and words in result.stderr, result.stderr


def _installed(*args: str, env: dict | None = None):
    """The command as a user runs it: help and usage errors come before any sanqu code."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "sanqu", *args], capture_output=True, text=True,
                          env=environment, check=False)


def test_help_and_usage_errors_are_chinese_with_lang_zh_or_a_chinese_locale():
    shown = _installed("budget", "--help", "--lang", "zh")
    assert shown.returncode == 0
    assert shown.stdout.startswith("用法：sanqu budget [选项]") and "选项：" in shown.stdout
    assert "计划的经费" in shown.stdout and "显示本帮助并退出。" in shown.stdout
    assert "Usage" not in shown.stdout and "Show this message" not in shown.stdout
    wrong = _installed("budget", "--by", "x", env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert wrong.returncode == 2
    assert "错误：--by 的取值无效：“x”不是可选值之一：prefecture、county、year、quarter、month、agency" in wrong.stderr
    assert "Invalid value" not in wrong.stderr and "Error" not in wrong.stderr
    typo = _installed("alocate", "--lang", "zh")
    assert typo.returncode == 2 and "没有命令 alocate（是否应为 allocate" in typo.stderr
    before = _installed("--lang", "zh", "--help")  # --lang before the command works too
    assert before.stdout.startswith("用法：sanqu [选项] 命令 [参数]...") and "命令：" in before.stdout
    assert "90人 × 40,000.00" in _installed("--lang", "zh", "budget", env={"LANG": "C", "LC_ALL": ""}).stdout
    english = _installed("budget", "--by", "x", env={"LANG": "C", "LC_ALL": ""})
    assert english.returncode == 2 and "Invalid value for '--by'" in english.stderr


def test_every_command_and_option_has_its_chinese_help():
    import typer

    from sanqu.cli import app
    from sanqu.i18n import has

    group = typer.main.get_command(app)
    missing = [f"{name}.{p.name}" for name, command in [("sanqu", group), *group.commands.items()]
               for p in command.params if not (has("zh", f"help.{name}.{p.name}") or has("zh", f"help.opt.{p.name}"))]
    missing += [name for name in group.commands if not has("zh", f"help.{name}")]
    assert missing == []


def test_yaml_syntax_errors_are_explained_in_chinese(tmp_path):
    plan = tmp_path / "counties.yaml"
    plan.write_text('plan:\n  id: "unclosed\n', encoding="utf-8")
    zh = run("validate", "--counties", plan, "--lang", "zh")
    assert zh.exit_code == 1 and "YAML 语法错误：引号没有闭合（从第2行开始）" in zh.stderr
    assert "scanning" not in zh.stderr
    plan.write_text("plan:\n  id: a: b\n", encoding="utf-8")
    assert "此处不能再出现“键: 值”" in run("validate", "--counties", plan, "--lang", "zh").stderr


@pytest.mark.parametrize("value, reason", [("2022-13-01", "月份应在1到12之间"), ("2022-02-30", "该月没有这一天"),
                                           ("soon", "应为“年-月-日”")])
def test_impossible_dates_are_explained_in_chinese(tmp_path, value, reason):
    plan = tmp_path / "counties.yaml"
    plan.write_text((REPO / "tests" / "fixtures" / "valid" / "counties.yaml").read_text(encoding="utf-8").replace(
        "service_start: 2022-08-01", f"service_start: {value}"), encoding="utf-8")
    zh = run("validate", "--counties", plan, "--lang", "zh").stderr
    assert f"不是有效日期：{reason}" in zh and "Input should" not in zh
