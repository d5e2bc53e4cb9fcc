"""What happens during and after the year: keep and withdraw, diff, the roll-over to next year's plan."""
