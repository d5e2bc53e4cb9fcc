"""Money, exact to the fen: rounding half up, splits that add up, the budget by period."""
