"""The solvers, on plain data: the problem comes from ``plan/posts.py`` (who may fill which post).

``envy`` (blocking pairs, the waiting list), ``assignment`` (the exact sparse matching),
``rules`` and ``formulation`` (the integer programme, a pure builder, solved level by
level through ``sanqu/highs.py``), ``bound`` (the most slots any allocation can fill),
``greedy`` (the fallback that obeys every rule), ``outcome`` (what is shown when time
runs out), ``order`` (a method's order as a comparable value), ``solution`` (what a
method returns), and one module per method: ``optimal``, ``fair``, ``stable``.
"""
