"""The admin of the evaluation process, one module per area (admin_<area>.py), imported here."""

from evaluations import admin_rewards  # noqa: F401
