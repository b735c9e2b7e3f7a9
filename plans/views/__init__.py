"""The plan pages: one job per module (list, page, edit, status, structure, checklist)."""
