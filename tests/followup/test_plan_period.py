"""Tertials inside the plan (issue #11): every entry point refuses a tertial outside the
plan's period (a Swedish 404 for URLs, a clear message for forms and commands), nothing
is saved, and years 1 and 9999 give 404, never 500."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from followup.models import Contribution, FollowUp, Status, TertialClosure
from followup.services import OutsidePlanError, record_follow_up
from followup.tertial import Tertial
from spreadsheets.exporting import export_xlsx
from spreadsheets.services import import_plan

OUTSIDE = ["T1-9999", "T3-9999", "T1-0001", "T1-2018", "T3-2015"]


def nothing_saved():
    assert not FollowUp.objects.exists()
    assert not Contribution.objects.exists()
    assert not TertialClosure.objects.exists()


@pytest.mark.parametrize("tertial", [Tertial(9999, 1), Tertial(1, 1), Tertial(2018, 1)])
def test_the_service_refuses_a_tertial_outside_the_plan(
    seed_plan, activities, coordinator, tertial
):
    with pytest.raises(OutsidePlanError, match="utanför planens period"):
        record_follow_up(
            activity=activities[0], tertial=tertial, user=coordinator, status=Status.DONE
        )
    nothing_saved()


@pytest.mark.parametrize("tertial", OUTSIDE)
def test_entry_urls_posts_and_htmx_give_a_swedish_404(
    client, seed_plan, activities, coordinator, reporter, tertial
):
    activity = activities[1]  # BUF's: the Rapportör's own
    data = {
        f"a{activity.pk}-status": "done",
        f"a{activity.pk}-comment": "",
        f"a{activity.pk}-version": "0",
    }
    for user in (coordinator, reporter):
        client.force_login(user)
        for method, url, kwargs in [
            ("post", reverse("followup:entry", args=[activity.pk, tertial]), {"data": data}),
            (
                "post",
                reverse("followup:entry", args=[activity.pk, tertial]),
                {"data": data, "HTTP_HX_REQUEST": "true"},
            ),
            (
                "get",
                reverse("followup:entry", args=[activity.pk, tertial]),
                {"HTTP_HX_REQUEST": "true"},
            ),
            (
                "get",
                reverse("followup:entry_edit", args=[activity.pk, tertial]),
                {"HTTP_HX_REQUEST": "true"},
            ),
            ("post", reverse("followup:entry_unchanged", args=[activity.pk, tertial]), {}),
            ("get", reverse("followup:contribution", args=[activity.pk, tertial]), {}),
            (
                "post",
                reverse("followup:contribution", args=[activity.pk, tertial]),
                {"data": {"actor": "1"}},
            ),
            ("post", reverse("followup:close", args=[seed_plan.slug, tertial]), {}),
            (
                "post",
                reverse("followup:assessment", args=[seed_plan.slug, tertial]),
                {"data": {"text": "x"}},
            ),
        ]:
            response = getattr(client, method)(url, **kwargs)
            if user == reporter and response.status_code == 403:
                continue  # the coordinator's pages: refused before the tertial is looked at
            assert response.status_code == 404, (user, method, url)
            assert "Sidan finns inte" in response.content.decode(), url  # the Swedish 404
    nothing_saved()


@pytest.mark.parametrize(
    "path",
    [
        "/rapporter/{slug}/1/T1/",
        "/rapporter/{slug}/9999/T3/",
        "/rapporter/{slug}/9999/T3/pdf/",
        "/rapporter/{slug}/1/T1/word/",
        "/rapporter/{slug}/2018/T1/",
        "/rapporter/{slug}/2015/T3/pdf/",
    ],
)
def test_report_urls_outside_the_plan_give_404(client, seed_plan, coordinator, path):
    client.force_login(coordinator)
    response = client.get(path.format(slug=seed_plan.slug))
    assert response.status_code == 404 and "Sidan finns inte" in response.content.decode()


@pytest.mark.parametrize("tertial", OUTSIDE + ["T9-2017"])
def test_the_board_refuses_a_tertial_outside_the_plan(client, seed_plan, coordinator, tertial):
    client.force_login(coordinator)
    response = client.get(reverse("followup:board"), {"plan": seed_plan.slug, "tertial": tertial})
    if tertial == "T9-2017":  # not a tertial at all: the plan's own, with a message
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert "Sidan finns inte" in response.content.decode()


def test_switching_plan_on_the_board_lands_on_a_tertial_of_that_plan(
    client, seed_plan, make_plan, coordinator
):
    other = make_plan(2, 2)
    other.period_start, other.period_end = datetime.date(2018, 1, 1), datetime.date(2019, 12, 31)
    other.save()
    client.force_login(coordinator)
    response = client.get(
        reverse("followup:board"),
        {"plan": other.slug, "tertial": "T3-2017", "fran_plan": seed_plan.slug},
    )
    assert response.status_code == 200
    assert response.context["tertial"] == Tertial(2019, 3)  # ended: its last tertial
    assert all(t.year in (2018, 2019) for t in response.context["tertials"])


def test_the_import_refuses_a_tertial_outside_the_plan(seed_plan, activities, coordinator):
    data = export_xlsx(seed_plan)
    result = import_plan(
        data,
        filename="plan.xlsx",
        plan=seed_plan,
        user=coordinator,
        dry_run=False,
        tertial=Tertial(2018, 1),
    )
    assert not result.applied
    assert any("utanför planens period" in str(issue) for issue in result.file_errors)
    nothing_saved()


@pytest.mark.parametrize(
    "command, options",
    [
        ("close_tertial", {"user": "sara"}),
        ("tertial_report", {"output": "/tmp/never.pdf"}),
        ("send_report_links", {}),
        ("export_plan", {"output": "/tmp/never.xlsx"}),
    ],
)
def test_commands_refuse_a_tertial_outside_the_plan(seed_plan, coordinator, command, options):
    with pytest.raises(CommandError, match="utanför planens period"):
        call_command(
            command, plan=seed_plan.slug, tertial="T1 2018", stdout=io.StringIO(), **options
        )
    nothing_saved()


def test_the_check_lists_entries_outside_their_plan_and_deletes_nothing(seed_plan, activities):
    stray = FollowUp.objects.create(
        activity=activities[0], year=2030, number=1, status=Status.DONE, reported_at=timezone.now()
    )
    FollowUp.objects.create(
        activity=activities[1], year=2017, number=1, status=Status.DONE, reported_at=timezone.now()
    )
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("check_followup_periods", stdout=out)
    assert exit_.value.code == 1
    text = out.getvalue()
    assert "T1 2030" in text and f"id {stray.pk}" in text and "T1 2017" not in text
    assert "1 uppföljningar ligger utanför" in text
    assert FollowUp.objects.count() == 2
    # advice that can be followed: 2030 is too far for the plan's period to reach (a plan
    # runs at most ten years), so the entry is taken for a typo, to be removed by command
    assert "ta bort dem i admin" not in text
    assert "T1 2030: ligger för långt från planens period" in text
    assert f"check_followup_periods --remove --id {stray.pk} --user" in text
    assert "slutar tidigast 2030" not in text


def test_remove_deletes_only_the_entries_named_with_history_and_carried_status(
    seed_plan, activities, coordinator
):
    from followup.models import LatestStatus

    inside = FollowUp.objects.create(
        activity=activities[0], year=2017, number=1, status=Status.STARTED,
        reported_at=timezone.now(),
    )  # fmt: skip
    stray = FollowUp.objects.create(
        activity=activities[0], year=9999, number=1, status=Status.DONE,
        reported_at=timezone.now(),
    )  # fmt: skip
    near = FollowUp.objects.create(
        activity=activities[1], year=2018, number=1, status=Status.STARTED,
        reported_at=timezone.now(),
    )  # fmt: skip
    assert LatestStatus.objects.get(activity=activities[0]).year == 9999
    # advice per tertial: T1 2018 can be reached by widening, T1 9999 cannot
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_followup_periods", stdout=out)
    text = out.getvalue()
    assert "T1 2018: hör de till planen" in text and "slutar tidigast 2018-04-30" in text
    assert "T1 9999: ligger för långt från planens period" in text
    assert f"--remove --id {stray.pk} --user" in text
    assert f"--id {near.pk} --id {stray.pk}" not in text  # never advised together
    remove = {"remove": True, "stdout": io.StringIO()}
    with pytest.raises(CommandError, match="--id N"):
        call_command("check_followup_periods", user=coordinator.username, **remove)
    with pytest.raises(CommandError, match="--user"):
        call_command("check_followup_periods", ids=[stray.pk], **remove)
    with pytest.raises(CommandError, match="ingen aktiv användare"):
        call_command("check_followup_periods", ids=[stray.pk], user="nobody", **remove)
    with pytest.raises(CommandError, match=f"Uppföljning {inside.pk} finns inte eller ligger inom"):
        call_command(
            "check_followup_periods", ids=[stray.pk, inside.pk], user=coordinator.username,
            **remove,
        )  # fmt: skip
    assert FollowUp.objects.count() == 3  # all or nothing
    out = io.StringIO()
    call_command(
        "check_followup_periods", remove=True, ids=[stray.pk], user=coordinator.username,
        reason="Felskriven tertial", stdout=out,
    )  # fmt: skip
    assert "1 uppföljningar utanför sin plans period togs bort" in out.getvalue()
    assert sorted(FollowUp.objects.values_list("pk", flat=True)) == [inside.pk, near.pk]
    gone = FollowUp.history.filter(id=stray.pk, history_type="-").get()
    assert gone.history_user == coordinator and gone.history_change_reason == "Felskriven tertial"
    assert (gone.year, gone.status) == (9999, Status.DONE)  # as it was
    latest = LatestStatus.objects.get(activity=activities[0])
    assert (latest.year, latest.status) == (2017, Status.STARTED)


def test_a_stray_entry_already_outside_does_not_stop_widening(seed_plan, activities):
    """Only what the period covers now can be left outside by a change."""
    from plans.services import update_plan

    FollowUp.objects.create(
        activity=activities[0], year=9999, number=1, status=Status.DONE,
        reported_at=timezone.now(),
    )  # fmt: skip
    update_plan(
        seed_plan,
        user=None,
        period_end=datetime.date(2018, 4, 30),
        decision_date=datetime.date(2016, 10, 3),
    )
    seed_plan.refresh_from_db()
    assert seed_plan.period_end == datetime.date(2018, 4, 30)


def test_the_check_s_advice_is_what_admin_and_the_plan_form_allow(
    admin_client, seed_plan, activities
):
    """Widening the period as advised is accepted and empties the list; admin offers no
    deletion of entries; an archived plan is said to be unchangeable."""
    from followup.management.commands.check_followup_periods import advice
    from plans.services import update_plan

    early = FollowUp.objects.create(
        activity=activities[0], year=2015, number=3, status=Status.DONE, reported_at=timezone.now()
    )
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_followup_periods", stdout=out)
    assert "så att den börjar senast 2015-09-01;" in out.getvalue()
    delete = reverse("admin:followup_followup_delete", args=[early.pk])
    assert admin_client.get(delete).status_code == 403
    update_plan(
        seed_plan,
        user=None,
        period_start=datetime.date(2015, 9, 1),
        decision_date=datetime.date(2016, 10, 3),
    )
    out = io.StringIO()
    call_command("check_followup_periods", stdout=out)
    assert "Alla uppföljningar ligger inom" in out.getvalue()
    seed_plan.status = seed_plan.Status.ARCHIVED
    assert "arkiverad och kan inte ändras" in advice(seed_plan, [early])[0]
