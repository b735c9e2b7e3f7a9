"""Admin that a coordinator can use: Swedish names, one "Grupper", the focus area's plan in
the picker, and "Visa på webbplats" leading to the activity on the follow-up page."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from plans.models import Activity, Plan

ENGLISH = [
    "AXES",
    "Axes",
    "Access attempts",
    "Access logs",
    "OTP_TOTP",
    "Otp_Totp",
    "TOTP devices",
    "Periodic tasks",
]


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chef", "c@example.org", "x"))
    return client


def test_the_admin_index_has_no_english_names_and_one_grupper(superuser_client, db):
    html = superuser_client.get(reverse("admin:index")).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    for english in ENGLISH:
        assert english not in text, english
    assert "Inloggningsspärrar" in text and "Tvåfaktorinloggning" in text
    assert len(re.findall(r"\bGrupper\b", text)) == 1
    assert "Roller" in text


def test_the_coordinator_sees_no_login_security_tables(client, coordinator):
    client.force_login(coordinator)
    text = client.get(reverse("admin:index")).content.decode()
    assert "Inloggningsspärrar" not in text and "Tvåfaktorinloggning" not in text
    assert "Användare" in text  # Rapportörer and Läsare


def test_the_focus_area_picker_names_the_plan(client, coordinator, seed_plan, make_plan):
    other = make_plan(1, 1, title="Nästa plan")
    client.force_login(coordinator)
    activity = Activity.objects.filter(focus_area__plan=seed_plan).first()
    html = client.get(reverse("admin:plans_activity_change", args=[activity.pk])).content.decode()
    select = re.search(r'<select name="focus_area".*?</select>', html, re.S).group(0)
    assert f"{seed_plan.title} – 1. " in select
    assert "Nästa plan – 1. Fokusområde 1" in select
    assert Plan.objects.filter(pk=other.pk).exists()


def test_view_on_site_leads_to_the_activity_on_the_board(client, coordinator, seed_plan):
    client.force_login(coordinator)
    activity = Activity.objects.filter(focus_area__plan=seed_plan).first()
    change = client.get(reverse("admin:plans_activity_change", args=[activity.pk]))
    ct = ContentType.objects.get_for_model(Activity).pk
    assert f"/admin/r/{ct}/{activity.pk}/" in change.content.decode()
    response = client.get(f"/admin/r/{ct}/{activity.pk}/", follow=True)
    final_url, status = response.redirect_chain[-1]
    assert final_url.startswith("/uppfoljning/?plan=vbe-2016-2017&tertial=")
    assert final_url.endswith(f"#a-{activity.pk}")
    assert response.status_code == 200
    assert f'id="a-{activity.pk}"' in response.content.decode()
