"""Views of the follow-up app, one job per module (see followup/urls.py)."""
