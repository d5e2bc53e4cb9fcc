"""Deciding who goes where: allocate (and its reasons), compare, explain; the solvers in ``solve/``."""
