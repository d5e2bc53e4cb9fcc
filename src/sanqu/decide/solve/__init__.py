"""Deciding who goes where, on plain data: the instance, the eligibility rule, the methods.

``instance`` (who may fill which post), ``envy`` (blocking pairs, the waiting list),
``assignment`` (the sparse matching), ``rules`` and ``model`` (the integer programme
as a pure builder), ``program`` (its level-by-level solve), ``greedy`` (the fallback),
and one module per method: ``optimal``, ``fair``, ``stable``. Nothing here imports
from outside this package except the input models and the message type.
"""
