"""Writes of secretaries' star management (Jinyuan, seed 001), one module per concern."""
