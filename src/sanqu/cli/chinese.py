"""The command line itself in Chinese (``--lang zh``, or a Chinese locale): each command's
and option's help, the help's headings, and usage errors (a mistyped option or value).

Only typer's public interface, and no library class patched: the help texts are put
on the commands when the app is built, from ``i18n/zh_cli.py``; a Chinese help
formatter (the context's ``formatter_class``, click's hook for a layout of one's own)
writes the usage line, the headings and click's one fixed phrase ("Show this message
and exit."); and the command runs outside click's standalone mode, so that a usage
error comes back here and is shown in Chinese from its own fields. (typer carries its
own copy of click with click's gettext calls taken out, so the gettext route that
click itself offers is not there to use.)
"""

from __future__ import annotations

import re
import sys

import typer

from ..i18n import has, t

# typer's click, reached through typer's public Context class: no private import.
_Formatter = typer.Context.formatter_class
_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_HELP_OPTION = "Show this message and exit."  # click's text for --help, fixed in click


class ChineseHelpFormatter(_Formatter):  # type: ignore[misc, valid-type]
    """click's help layout with Chinese headings, placeholders and punctuation."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, t("zh", "help.opt.help") if text == _HELP_OPTION else text) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


class ChineseContext(typer.Context):
    formatter_class = ChineseHelpFormatter


def translate(command) -> None:
    """Put the Chinese help texts and layout on ``command`` (the group) and its subcommands."""
    _reword(command, "sanqu")
    for name, sub in getattr(command, "commands", {}).items():
        _reword(sub, name)


def _reword(command, name: str) -> None:
    command.context_class = ChineseContext
    text = _zh(f"help.{name}")
    if text is not None:
        command.help = text
    for param in command.params:
        text = _zh(f"help.{name}.{param.name}") or _zh(f"help.opt.{param.name}")
        if text is not None and hasattr(param, "help"):
            param.help = text


def _zh(key: str) -> str | None:
    return t("zh", key) if has("zh", key) else None


def run_in_chinese(command, args: list[str]) -> None:
    """Run the command line; a usage error is shown in Chinese (exit 2)."""
    try:
        code = command.main(args, prog_name="sanqu", standalone_mode=False)
    except typer.Abort:
        typer.echo(t("zh", "cli.interrupted"), err=True)
        sys.exit(1)
    except Exception as error:
        if not _is_usage_error(error):
            raise
        show_usage_error(error)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _is_usage_error(error: Exception) -> bool:
    """click's UsageError and its kinds (typer exports BadParameter, not their base)."""
    return getattr(error, "exit_code", None) == 2 and hasattr(error, "ctx") and hasattr(error, "format_message")


def show_usage_error(error) -> None:
    """A usage error in Chinese: the usage line, where to find help, and what was wrong."""
    if error.ctx is not None:
        typer.echo(error.ctx.get_usage(), err=True)
        typer.echo(t("zh", "usage.hint", command=error.ctx.command_path), err=True)
    typer.echo(t("zh", "usage.error", message=_message(error)), err=True)


def _message(error) -> str:
    kind = type(error).__name__  # click's kinds by name: typer exports BadParameter alone
    if kind == "NoSuchOption":
        near = error.possibilities or []
        hint = t("zh", "usage.did_you_mean", options="、".join(sorted(near))) if near else ""
        return t("zh", "usage.no_such_option", option=error.option_name) + hint
    if kind == "MissingParameter":
        return t("zh", "usage.missing", param=_param(error))
    if isinstance(error, typer.BadParameter):
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
