"""The accessibility statement tells the truth about admin, which the coordinator uses."""

from django.test import Client


def test_the_statement_covers_admin_as_tested_with_its_known_gaps(db):
    html = Client().get("/tillganglighet/").content.decode()
    assert "används bara av systemförvaltare" not in html
    assert "de sidor i Admin som trygghetssamordnaren använder" in html
    assert "Sidorna som bara administratören använder" in html
    assert "Fortsätt" in html
