"""The follow-up page: roles, in-place editing with and without htmx, no lost updates, queries."""

import pytest
from django.urls import reverse

from actors.permissions import ROLE_COORDINATOR
from followup.models import FollowUp, Status
from followup.services import close_tertial, record_follow_up
from followup.tertial import Tertial

T1 = Tertial(2017, 1)
BOARD = "/uppfoljning/"


def entry_url(activity, tertial=T1):
    return reverse("followup:entry", args=[activity.pk, tertial.slug])


def board(client, **params):
    return client.get(BOARD, {"plan": "vbe-2016-2017", "tertial": "T1-2017", **params})


def test_urls_have_the_agreed_names():
    assert reverse("followup:board") == "/uppfoljning/"
    assert reverse("followup:report_index") == "/rapporter/"
    assert (
        reverse("followup:report", args=["vbe-2016-2017", 2017, 1])
        == "/rapporter/vbe-2016-2017/2017/T1/"
    )
    assert (
        reverse("followup:report_pdf", args=["vbe-2016-2017", 2017, 1])
        == "/rapporter/vbe-2016-2017/2017/T1/pdf/"
    )


def test_board_lists_activities_by_focus_area_with_status_and_comment(
    client, seed_plan, activities, coordinator
):
    record_follow_up(
        activity=activities[0],
        tertial=T1,
        user=coordinator,
        status=Status.DONE,
        comment="Lägesbild klar.",
    )
    client.force_login(coordinator)
    response = board(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lokal lägesbild om våldsbejakande extremism" in html
    assert "Lägesbild klar." in html
    assert "Genomförd" in html and "✓" in html  # text and icon, never colour alone
    assert "Trygghetssamordnaren och Lopo Täby" in html
    assert "1 av 8 rapporterade" in html
    assert "Passerad deadline" in html  # activities with 30 April deadline not done


def test_board_defaults_to_first_adopted_plan_and_a_tertial_within_its_period(
    client, seed_plan, coordinator
):
    client.force_login(coordinator)
    response = client.get(BOARD)
    assert response.status_code == 200
    assert response.context["plan"] == seed_plan
    assert seed_plan.period_start <= response.context["tertial"].start <= seed_plan.period_end


def test_unknown_plan_is_404_and_bad_tertial_falls_back_with_a_message(
    client, seed_plan, coordinator
):
    client.force_login(coordinator)
    assert client.get(BOARD, {"plan": "finns-inte"}).status_code == 404
    response = client.get(BOARD, {"tertial": "T9-2017"})
    assert response.status_code == 200
    assert "är inte en tertial" in response.content.decode()


def test_filters(client, seed_plan, activities, coordinator):
    record_follow_up(activity=activities[0], tertial=T1, user=coordinator, status=Status.DONE)
    client.force_login(coordinator)
    shown = lambda r: [row.activity.pk for g in r.context["groups"] for row in g["rows"]]  # noqa: E731
    assert shown(board(client, status=Status.DONE)) == [activities[0].pk]
    assert activities[0].pk not in shown(board(client, unreported="on"))
    assert len(shown(board(client, unreported="on"))) == 7
    area = activities[4].focus_area
    assert shown(board(client, area=area.pk)) == [
        a.pk for a in activities if a.focus_area_id == area.pk
    ]
    lopo = activities[0].responsible.get(code="Trygghetssamordnaren")
    assert shown(board(client, actor=lopo.pk)) == [activities[0].pk]
    overdue = shown(board(client, overdue="on"))
    assert activities[0].pk not in overdue  # done
    assert activities[1].pk in overdue  # 30 April 2017, not reported
    assert board(client, actor="nonsense", area="x").status_code == 200  # bad filters are ignored


def test_reader_sees_the_board_but_cannot_edit(client, seed_plan, activities, reader):
    client.force_login(reader)
    response = board(client)
    assert response.status_code == 200
    assert "fu-edit" not in response.content.decode()
    post = client.post(
        entry_url(activities[0]), {"status": Status.DONE, "comment": "x", "version": 0}
    )
    assert post.status_code == 403
    assert not FollowUp.objects.exists()


def test_a_reporter_gives_contributions_for_their_actors_and_never_writes_the_follow_up(
    client, seed_plan, activities, reporter
):
    """The activity's follow-up is the coordinator's: a Rapportör gives BUF's contribution."""
    from followup.models import Contribution

    client.force_login(reporter)
    mine, theirs = activities[1], activities[0]  # BUF is responsible for 2, not for 1
    html = board(client, show="alla").content.decode()
    assert reverse("followup:contribution", args=[mine.pk, T1.slug]) in html
    assert reverse("followup:contribution", args=[theirs.pk, T1.slug]) not in html
    assert reverse("followup:entry_edit", args=[mine.pk, T1.slug]) not in html
    for activity in (mine, theirs):
        response = client.post(
            entry_url(activity), {"status": Status.DONE, "comment": "x", "version": 0}
        )
        assert response.status_code == 403
    assert client.get(reverse("followup:entry_edit", args=[theirs.pk, T1.slug])).status_code == 403
    response = client.post(
        reverse("followup:contribution", args=[mine.pk, T1.slug]),
        {"actor": mine.responsible.get(code="BUF").pk, "status": Status.DONE, "comment": "Klart."},
    )
    assert response.status_code == 302
    assert Contribution.objects.get().activity == mine
    assert not FollowUp.objects.exists()


def test_anonymous_is_sent_to_login(client, seed_plan):
    response = client.get(BOARD)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_unknown_activity_is_404(client, seed_plan, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("followup:entry", args=[99999, "T1-2017"]), {}).status_code == 404
    assert client.post(reverse("followup:entry", args=[1, "T7-2017"]), {}).status_code == 404


def test_save_without_javascript_redirects_back_to_the_row(
    client, seed_plan, activities, coordinator
):
    client.force_login(coordinator)
    edit = client.get(reverse("followup:entry_edit", args=[activities[0].pk, T1.slug]))
    assert edit.status_code == 302 and f"edit={activities[0].pk}" in edit["Location"]
    page = client.get(edit["Location"])
    assert 'name="comment"' in page.content.decode()
    response = client.post(
        entry_url(activities[0]),
        {"status": Status.DONE, "comment": "Klar i december.", "version": 0},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#a-{activities[0].pk}")
    entry = FollowUp.objects.get()
    assert (entry.status, entry.comment, entry.reported_by) == (
        Status.DONE,
        "Klar i december.",
        coordinator,
    )
    assert entry.history.get().history_user == coordinator
    assert "är sparat." in client.get(response["Location"]).content.decode()


def test_save_with_htmx_returns_the_row_and_fresh_progress(
    client, seed_plan, activities, coordinator
):
    client.force_login(coordinator)
    edit = client.get(
        reverse("followup:entry_edit", args=[activities[0].pk, T1.slug]), HTTP_HX_REQUEST="true"
    )
    assert edit.status_code == 200
    assert "<select" in edit.content.decode() and "autofocus" in edit.content.decode()
    response = client.post(
        entry_url(activities[0]),
        {"status": Status.STARTED, "comment": "Pågår.", "version": 0},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="a-{activities[0].pk}"')
    assert "Pågår." in html and "Påbörjad" in html
    assert 'id="progress-plan" hx-swap-oob="true"' in html and "1 av 8 rapporterade" in html
    assert 'id="fu-live"' in html


def test_failed_save_keeps_what_was_typed_and_says_why(client, seed_plan, activities, coordinator):
    client.force_login(coordinator)
    data = {"status": Status.STRUCK, "comment": "", "version": 0}
    htmx = client.post(entry_url(activities[0]), data, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and "kräver ett skäl" in htmx.content.decode()
    plain = client.post(entry_url(activities[0]), {**data, "comment": " "}, follow=False)
    assert plain.status_code == 400
    html = plain.content.decode()
    assert "kräver ett skäl" in html
    assert '<option value="struck" selected>' in html
    assert not FollowUp.objects.exists()
    too_long = client.post(
        entry_url(activities[0]), {"status": Status.DONE, "comment": "å" * 5001, "version": 0}
    )
    assert too_long.status_code == 400 and "å" * 5001 in too_long.content.decode()


def test_no_lost_update_second_save_is_refused_showing_the_other_version(
    client, seed_plan, activities, coordinator, make_user
):
    """Two coordinators open the same row (no entry yet); both save; the second is refused."""
    other = make_user(role=ROLE_COORDINATOR, first_name="Olle", last_name="Olsson")
    first, second = client, client.__class__()
    first.force_login(coordinator)
    second.force_login(other)
    a = activities[0]
    assert (
        first.post(
            entry_url(a), {"status": Status.DONE, "comment": "Saras text.", "version": 0}
        ).status_code
        == 302
    )
    response = second.post(
        entry_url(a),
        {"status": Status.DELAYED, "comment": "Olles text.", "version": 0},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Sara Samordnare sparade" in html
    assert "Saras text." in html  # their version is shown
    assert "Olles text." in html  # what this user typed is kept
    assert 'name="version" value="1"' in html  # saving again is a deliberate overwrite
    entry = FollowUp.objects.get()
    assert (entry.comment, entry.version) == ("Saras text.", 1)
    again = second.post(
        entry_url(a), {"status": Status.DELAYED, "comment": "Olles text.", "version": 1}
    )
    assert again.status_code == 302
    assert FollowUp.objects.get().comment == "Olles text."
    assert FollowUp.objects.get().history.count() == 2


def test_closed_tertial_is_read_only_on_the_board(client, seed_plan, activities, coordinator):
    for a in activities:
        record_follow_up(activity=a, tertial=T1, user=coordinator, status=Status.STARTED)
    close_tertial(seed_plan, T1, coordinator)
    client.force_login(coordinator)
    html = board(client).content.decode()
    assert "T1 2017 stängdes" in html and "fu-edit" not in html
    response = client.post(
        entry_url(activities[0]), {"status": Status.DONE, "comment": "", "version": 1}
    )
    assert response.status_code == 400 and "är stängd" in response.content.decode()
    assert FollowUp.objects.get(activity=activities[0]).status == Status.STARTED


def test_close_and_reopen_need_the_permission(client, seed_plan, activities, coordinator, reporter):
    for a in activities:
        record_follow_up(activity=a, tertial=T1, user=coordinator, status=Status.STARTED)
    close_url = reverse("followup:close", args=[seed_plan.slug, T1.slug])
    client.force_login(reporter)
    assert client.post(close_url).status_code == 403
    client.force_login(coordinator)
    assert client.post(close_url).status_code == 302
    assert seed_plan.tertial_closures.get().closed
    client.post(reverse("followup:reopen", args=[seed_plan.slug, T1.slug]))
    assert not seed_plan.tertial_closures.get().closed


@pytest.mark.parametrize("size", [(3, 4), (12, 25)])
def test_board_runs_a_constant_number_of_queries(
    client, make_plan, coordinator, size, django_assert_max_num_queries
):
    plan = make_plan(*size)
    client.force_login(coordinator)
    for activity in plan.focus_areas.first().activities.all()[:3]:
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.DONE)
    client.get(
        BOARD, {"plan": plan.slug, "tertial": "T1-2017"}
    )  # warm caches (session, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(BOARD, {"plan": plan.slug, "tertial": "T1-2017"})
    assert response.status_code == 200
    # A plan above the limit shows (and reads) one focus area at a time: test_board_large.py.
    from followup.selectors import BOARD_ALL_AREAS_LIMIT

    total = size[0] * size[1]
    assert len(response.context["status"].rows) == (
        total if total <= BOARD_ALL_AREAS_LIMIT else size[1]
    )
    assert len(ctx.captured_queries) <= 20


def test_board_query_count_does_not_grow_with_the_plan(client, make_plan, coordinator):
    """Per kind of page: every area on one page (small plans), one area and a page of the
    area chooser (large plans, also in tests/followup/test_board_large.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    for sizes in [((2, 3), (15, 10)), ((8, 25), (40, 25))]:
        counts = []
        for size in sizes:
            plan = make_plan(*size)
            client.get(BOARD, {"plan": plan.slug, "tertial": "T1-2017"})
            with CaptureQueriesContext(connection) as ctx:
                client.get(BOARD, {"plan": plan.slug, "tertial": "T1-2017"})
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], (sizes, counts)


def test_closing_a_tertial_asks_for_confirmation_first(client, seed_plan, make_user):
    client.force_login(make_user(role="Trygghetssamordnare"))
    page = client.get(
        "/uppfoljning/", {"plan": seed_plan.slug, "tertial": "T3-2017"}
    ).content.decode()
    assert 'data-confirm="Stäng T3 2017? Uppföljningen för tertialen låses' in page
