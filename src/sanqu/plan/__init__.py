"""The contract's types at the bottom: the records of the input files, one value's rules,
periods, the plan's posts and who may fill them."""
