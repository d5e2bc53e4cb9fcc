"""The command line itself in Chinese (``--lang zh``, or a Chinese locale): each command's
and option's help, the help's headings, and usage errors (a mistyped option or value).

Typer writes these in English, with no hook for another language; so for Chinese the
help texts are replaced on the click command before it runs, the help formatter's
headings are translated, and a usage error is shown by ``show_usage_error`` below. The
words are in ``locales/zh.py`` under ``help.*`` and ``usage.*``.
"""

from __future__ import annotations

import re

from typer._click import core, exceptions
from typer._click.formatting import HelpFormatter
from typer._click.utils import echo

from ..i18n import has, t

_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class ChineseHelpFormatter(HelpFormatter):
    """click's help layout with Chinese headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")


def translate(command) -> None:
    """Put the Chinese help texts on ``command`` (the click group) and its subcommands,
    and Chinese headings and usage errors on every context of this process."""
    _reword(command, "sanqu")
    for name, sub in getattr(command, "commands", {}).items():
        _reword(sub, name)
    core.Context.formatter_class = ChineseHelpFormatter
    english_help_option = core.Command.get_help_option

    def help_option(self, ctx):
        option = english_help_option(self, ctx)
        if option is not None:
            option.help = t("zh", "help.opt.help")
        return option

    core.Command.get_help_option = help_option  # type: ignore[method-assign]
    exceptions.UsageError.show = show_usage_error  # type: ignore[method-assign]


def _reword(command, name: str) -> None:
    text = _zh(f"help.{name}")
    if text is not None:
        command.help = text
    for param in command.params:
        text = _zh(f"help.{name}.{param.name}") or _zh(f"help.opt.{param.name}")
        if text is not None and hasattr(param, "help"):
            param.help = text


def _zh(key: str) -> str | None:
    return t("zh", key) if has("zh", key) else None


def show_usage_error(self, file=None) -> None:
    """A usage error in Chinese: the usage line, where to find help, and what was wrong."""
    if file is None:
        file = exceptions.get_text_stderr()
    if self.ctx is not None:
        echo(self.ctx.get_usage(), file=file)
        echo(t("zh", "usage.hint", command=self.ctx.command_path), file=file)
    echo(t("zh", "usage.error", message=_message(self)), file=file)


def _message(error) -> str:
    if isinstance(error, exceptions.NoSuchOption):
        near = error.possibilities or []
        hint = t("zh", "usage.did_you_mean", options="、".join(sorted(near))) if near else ""
        return t("zh", "usage.no_such_option", option=error.option_name) + hint
    if isinstance(error, exceptions.MissingParameter):
        return t("zh", "usage.missing", param=_param(error))
    if isinstance(error, exceptions.BadParameter):
        return t("zh", "usage.bad_value", param=_param(error), reason=_reason(error.message))
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", error.message)
    if extra:
        return t("zh", "usage.extra", args=extra.group(1))
    command = re.match(r"No such command '(.*)'\.(?: Did you mean (.*)\?)?", error.message)
    if command:
        near = re.findall(r"'([^']*)'", command.group(2) or "")
        hint = t("zh", "usage.did_you_mean", options="、".join(near)) if near else ""
        return t("zh", "usage.no_such_command", command=command.group(1)) + hint
    return error.message


def _param(error) -> str:
    """The option or argument a usage error is about, as the user typed it."""
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.opts if error.param.param_type_name == "option" else [
            (error.param.name or "").upper()]
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    return str(hint or "").replace("'", "")


def _reason(message: str) -> str:
    """click's reason for refusing a value, in Chinese where sanqu knows its form."""
    choice = re.match(r"(?:Value error, )?'(.*)' is not one of (.*)\.$", message)
    if choice:
        options = "、".join(re.findall(r"'([^']*)'", choice.group(2)))
        return t("zh", "usage.not_a_choice", value=choice.group(1), options=options)
    if re.search(r"valid (number|float|integer)", message):
        return t("zh", "usage.not_a_number")
    return message
