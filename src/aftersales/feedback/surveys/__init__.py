"""Satisfaction surveys: invitations with one-time links, public answers, campaigns."""
