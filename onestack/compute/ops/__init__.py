"""The compute host's operations, one module per kind; the manager dispatches here."""
