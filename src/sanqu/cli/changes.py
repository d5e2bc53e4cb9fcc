"""What ``sanqu diff`` does: two allocations (or two plans) compared, laid out as the request."""

from __future__ import annotations

from pathlib import Path

from ..diffing import diff_allocations, diff_plans
from ..load import load_plan, read_allocation, read_inputs
from ..render import renderer
from ..yamlfile import load_yaml
from .jobs import checked
from .options import Format, pick_format
from .running import emit


def diff(old: Path, new: Path, counties: Path | None, fmt: Format | None,
         output: Path | None, lang: str) -> int:
    first = load_yaml(old, str(old)).data
    if isinstance(first, dict) and "prefectures" in first:  # two plan files
        result = diff_plans(load_plan(old), load_plan(new))
        used = [old, new]
    else:
        inputs = checked(read_inputs(counties, need_agencies=False), lang)
        plan = inputs.checked_plan()
        result = diff_allocations(plan, read_allocation(old, plan), read_allocation(new, plan))
        used = [inputs.plan_path, old, new]
    chosen = pick_format(fmt, output)
    emit(renderer("diff", chosen.value)(result, lang), output, used, chosen, lang)
    return 0
