"""The JSON API under /api/v1/: read-only, scoped through orgs.permissions like the pages."""
