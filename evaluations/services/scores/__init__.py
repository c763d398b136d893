"""The score sheet: what it is given and how it is read, the review's checks, the vetoes hit, and its save."""
