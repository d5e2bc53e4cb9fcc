"""`sanqu agreements`: one tripartite agreement (三方协议) per placement, and index.xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...i18n import Msg
from ..files import OutputError, check_folder, write_atomic, write_folder
from ..options import CountiesOpt, DebugOpt, LangOpt, QuietOpt, language
from ..running import be_quiet, checked, run, say


def agreements(
    ctx: typer.Context,
    allocation: Annotated[Path | None, typer.Option(
        "--allocation", metavar="<file>", dir_okay=False,
        help="The allocation whose placements get an agreement each.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FOLDER", file_okay=False,
        help="The folder to write (new or empty): one .docx per placement and index.xlsx, all or "
        "nothing.")] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", metavar="<file.docx>", dir_okay=False,
        help="The office's own agreement, with {{ placeholders }} (docxtpl); default: the bundled "
        "Chinese one.")] = None,
    write_template: Annotated[Path | None, typer.Option(
        "--write-template", metavar="<file.docx>", dir_okay=False,
        help="Write the bundled template, to edit and give back with --template; nothing else is done.")] = None,
    counties: CountiesOpt = None,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Write one tripartite agreement (三方协议) per placement, to sign before the deadline.

    The three parties (the sending agency, the county's civil affairs bureau, the
    professional, whose identity number is left blank to fill in by hand), the post, the
    service period, the funds per person by fiscal year, the duties and the signatures.
    Example: sanqu agreements --allocation allocation.json -o 协议/ --lang zh
    """
    lang = language(lang, ctx)
    be_quiet(quiet)
    run(debug, lambda: _agreements(allocation=allocation, output=output, template=template,
                                   write_template=write_template, counties=counties, lang=lang), lang)


def _agreements(*, allocation: Path | None, output: Path | None, template: Path | None,
                write_template: Path | None, counties: Path | None, lang: str) -> int:
    # The library loads only when the command runs: --help needs none of it.
    from ...loader import read_inputs
    from ...read.inputs import read_allocation
    from ...render.documents import agreement_context, agreement_docx, agreement_template, agreements_index
    from ...year.documents import agreements as make

    if write_template is not None:
        if write_template.exists():
            raise OutputError(Msg("cli.init_exists", {"path": write_template}))
        write_atomic(write_template, agreement_template(lang))
        say("cli.wrote", str(write_template), lang, style="green")
        return 0
    if allocation is None or output is None:
        raise typer.BadParameter("needs --allocation FILE and -o FOLDER", param_hint="'--allocation' / '-o'")
    check_folder(output)  # before any work: a folder of signed copies is never touched
    inputs = checked(read_inputs(counties, need_agencies=False), lang)
    plan = inputs.checked_plan()
    record = read_allocation(allocation, plan)
    base = template.read_bytes() if template is not None else agreement_template(lang)
    files: dict[str, bytes] = {}
    made = make(plan, record)
    for agreement in made:
        try:
            files[agreement.file_name] = agreement_docx(base, agreement_context(agreement, plan, lang))
        except Exception as exc:  # a broken template: say which file and why, write nothing
            raise OutputError(Msg("docs.bad_template", {"path": template, "why": f"{type(exc).__name__}: {exc}"})) \
                from None
    files["index.xlsx"] = agreements_index(made, plan, lang)
    write_folder(output, files, [inputs.plan_path, allocation, *([template] if template else [])])
    say("docs.wrote_agreements", "", lang, style="green", n=len(made), path=output)
    return 0
