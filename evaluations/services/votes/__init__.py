"""Satisfaction votes: surveys, one-time codes and ballots."""
