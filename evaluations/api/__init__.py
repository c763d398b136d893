"""The API of campaigns, evaluations and their scores, scoped like the pages."""
