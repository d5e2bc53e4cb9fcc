"""Which files a command reads: the ones given, the user's in ./data, or the bundled sample.

A user's file is never mixed with a bundled one (``shared/contract.md``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..i18n import Msg
from ..problems import Problem, ProblemError, make_problem

COUNTIES = "counties.yaml"
AGENCIES = "agencies.yaml"


def bundled_path(name: str) -> Path:
    """The copy of ``name`` shipped inside the package (or, in a source checkout, the repo's)."""
    packaged = resources.files("sanqu") / "data" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "data" / name


# The forms a user's own file may take in ./data, in the order they are looked for.
LOCAL_FORMS = (".yaml", ".yml", ".xlsx", ".xls", ".ods", ".csv")


def local_candidates(name: str) -> list[Path]:
    """``data/NAME`` in the current folder in each of its forms that is there.

    A dangling link or a folder in a file's place counts as there: it is the user's,
    and reading it gives a clear error instead of a silent switch to the sample data.
    """
    stem = Path(name).stem
    found = []
    for suffix in LOCAL_FORMS:
        path = Path("data") / f"{stem}{suffix}"
        if path.exists() or path.is_symlink():
            found.append(path)
    return found


@dataclass
class Sources:
    """Which files a command reads, and which of them are the bundled sample."""

    plan_path: Path
    agencies_path: Path | None
    bundled: list[Path]


def resolve(counties: Path | str | None, agencies: Path | str | None,
            need_agencies: bool = True) -> Sources:
    """The files to read: as given, else the user's ``data/`` files, else the bundled copies.

    A user's file is never mixed with a bundled one: with one of the two in ``data/``
    here and the other neither there nor given, this raises a ProblemError naming the
    missing one (shared/contract.md). Two forms of one file in ``data/`` are ambiguous.
    """
    problems = []
    chosen: dict[str, Path | None] = {}
    local: dict[str, list[Path]] = {}
    for name, given in ((COUNTIES, counties), (AGENCIES, agencies)):
        local[name] = local_candidates(name)
        if given is not None:
            chosen[name] = Path(given)
        elif len(local[name]) > 1:
            problems.append(make_problem(str(local[name][0]), 1, 1, "", "ambiguous-file", Msg(
                "problem.ambiguous_file", {"files": ", ".join(map(str, local[name])),
                                           "option": _OPTION[name]})))
            chosen[name] = local[name][0]
        else:
            chosen[name] = local[name][0] if local[name] else None
    users = [name for name in (COUNTIES, AGENCIES) if local[name]]
    if users:
        for name in (COUNTIES, AGENCIES):
            if chosen[name] is None and (name == COUNTIES or need_agencies):
                problems.append(make_problem(f"data/{name}", 1, 1, "", "missing-file", Msg(
                    "problem.missing_file", {"file": f"data/{name}", "option": _OPTION[name],
                                             "other": str(local[users[0]][0])})))
    if problems:
        raise ProblemError(problems)
    bundled: list[Path] = []
    for name in (COUNTIES, AGENCIES):
        if chosen[name] is None:
            path = chosen[name] = bundled_path(name)
            if name == COUNTIES or need_agencies:
                bundled.append(path)
    plan_path, agencies_path = chosen[COUNTIES], chosen[AGENCIES]
    assert plan_path is not None and agencies_path is not None  # both chosen just above
    return Sources(plan_path, agencies_path if need_agencies else None, bundled)


def folder_files(folder: Path, kinds: tuple[str, ...], other: str = "problem.skip_kind",
                 ) -> tuple[list[Path], list[Problem]]:
    """Every file of ``kinds`` in ``folder`` and all its subfolders, sorted; and a warning
    for each file or linked folder left out, naming it and why (never skipped without a word;
    ``other``: the words for a file of another kind)."""
    files, skipped = [], []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in [d for d in dirs if (Path(root) / d).is_symlink()]:
            dirs.remove(name)  # a link to a folder may loop or lead out: named, not followed
            skipped.append(make_problem(display_name(Path(root) / name), 1, 1, "", "skipped-file",
                                        Msg("problem.skip_linked_folder"), severity="warning"))
        for name in sorted(names):
            path = Path(root) / name
            shown = display_name(path)
            if name.startswith(("~$", ".")):
                why = "problem.skip_temporary"
            elif not path.exists():
                why = "problem.skip_dangling"
            elif path.suffix.lower().rstrip() not in kinds:
                why = other
            else:
                files.append(path)
                continue
            skipped.append(make_problem(shown, 1, 1, "", "skipped-file", Msg(
                why, {"kinds": ", ".join(kinds)}), severity="warning"))
    return files, skipped


_OPTION = {COUNTIES: "--counties", AGENCIES: "--agencies"}


def display_name(path: Path) -> str:
    """How a path is shown in messages: as the user gave it."""
    return str(path)
