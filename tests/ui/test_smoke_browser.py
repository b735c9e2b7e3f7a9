import pytest

from plans.models import Plan

pytestmark = pytest.mark.browser


def test_admin_shows_the_adopted_plan_in_a_real_browser(page, seed_plan, db, django_user_model):
    django_user_model.objects.create_superuser("chef", "chef@example.org", "Lösenord-för-test-1")
    page.goto("/admin/login/")
    page.fill("#id_username", "chef")
    page.fill("#id_password", "Lösenord-för-test-1")
    page.click("input[type=submit]")
    page.goto(f"/admin/plans/plan/{seed_plan.pk}/change/")
    assert page.locator("#id_registration_number").input_value() == "KS 2016.371"
    assert Plan.objects.count() == 1
