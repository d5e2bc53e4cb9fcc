"""The inputs of a command, read and checked: each file and both together (``read/``), then,
once both are valid, whether the applicants can fill the plan at all (``decide/``).

Like beancount's ``loader.py``, the one place that composes the stages below it, so that
``read/`` never needs the solver and every command gets the same warnings.
"""

from __future__ import annotations

from pathlib import Path

from .decide.solve.bound import most_filled
from .i18n import Msg
from .plan.models import Applicants, Plan
from .problems import Problem
from .read.inputs import Inputs, read_files
from .read.report import ValidationReport


def read_inputs(counties: Path | str | None = None, agencies: Path | str | None = None,
                *, need_agencies: bool = True) -> Inputs:
    """Load and check the plan (and the applicants); collect every problem.

    Raises ProblemError only when the files themselves cannot be chosen.
    """
    inputs = read_files(counties, agencies, need_agencies=need_agencies)
    if inputs.instance is not None and inputs.plan_doc is not None:
        inputs.problems = sorted(inputs.problems + _fill_problems(inputs))
    return inputs


def _fill_problems(inputs: Inputs) -> list[Problem]:
    """A warning when the applicants cannot fill the whole plan together."""
    instance, plan_doc = inputs.instance, inputs.plan_doc
    assert instance is not None and plan_doc is not None
    slots = sum(ref.quota for ref in instance.posts)
    if not slots or not instance.people:
        return []
    # Post by post there may be enough candidates while, together, the same people
    # are counted at several posts: the maximum flow says what can really be filled.
    most = most_filled(instance)
    if most >= slots:
        return []
    rule = instance.plan.rules.min_team > 1
    return [plan_doc.problem((), "plan-unfillable", Msg(
        "problem.plan_unfillable_teams" if rule else "problem.plan_unfillable",
        {"most": most, "slots": slots}), severity="warning")]


def load_inputs(counties: Path | str | None = None,
                agencies: Path | str | None = None) -> tuple[Plan, Applicants]:
    """The checked plan and applicants, checked against each other. Raises ProblemError."""
    return read_inputs(counties, agencies).checked()


def validate(counties: Path | str | None = None, agencies: Path | str | None = None) -> ValidationReport:
    """Check both input files and each against the other; never raises for bad input."""
    return ValidationReport(read_inputs(counties, agencies))
