"""A large plan on the follow-up page: one focus area at a time, every activity two clicks away.

Plans above ``BOARD_ALL_AREAS_LIMIT`` activities show the plan's progress, a navigation list
of every focus area with its own progress and the activities of one area; the queries and
the rows read do not grow with the plan.
"""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import FollowUp, Status
from followup.selectors import BOARD_ALL_AREAS_LIMIT, plan_progress, plan_status
from followup.services import record_follow_up
from followup.tertial import Tertial
from plans.models import Activity

T1 = Tertial(2017, 1)
BOARD = "/uppfoljning/"


def get_board(client, plan, **params):
    return client.get(BOARD, {"plan": plan.slug, "tertial": T1.slug, **params})


def nav_links(html: str) -> list[tuple[str, bool]]:
    nav = re.search(r'<nav class="fu-areas" aria-label="Fokusområden">(.*?)</nav>', html, re.S)
    assert nav, "no focus-area navigation"
    return [
        (unescape(href), bool(current))
        for href, current in re.findall(r'<a href="([^"]+)"( aria-current="page")?', nav.group(1))
    ]


def shown(response) -> list[int]:
    return [row.activity.pk for g in response.context["groups"] for row in g["rows"]]


def _report(plan, user, n_areas=2):
    """Some entries this tertial and before it, to give the counts something to count."""
    for area in list(plan.focus_areas.order_by("order"))[:n_areas]:
        acts = list(area.activities.order_by("order"))
        record_follow_up(activity=acts[0], tertial=T1, user=user, status=Status.DONE)
        record_follow_up(activity=acts[1], tertial=T1, user=user, status=Status.STARTED)
        record_follow_up(
            activity=acts[2], tertial=T1.previous, user=user, status=Status.STRUCK, comment="Skäl."
        )
        record_follow_up(activity=acts[3], tertial=T1.previous, user=user, status=Status.DELAYED)


def test_small_plans_keep_every_area_on_one_page(client, seed_plan, coordinator):
    client.force_login(coordinator)
    response = get_board(client, seed_plan)
    assert not response.context["one_area"]
    assert len(shown(response)) == Activity.objects.filter(focus_area__plan=seed_plan).count()
    assert 'aria-label="Fokusområden"' not in response.content.decode()


def test_large_plan_shows_one_area_with_navigation_to_all(client, make_plan, coordinator):
    plan = make_plan(8, 25)  # 200 activities
    assert BOARD_ALL_AREAS_LIMIT < 200
    _report(plan, coordinator)
    client.force_login(coordinator)
    areas = list(plan.focus_areas.order_by("order"))
    response = get_board(client, plan)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["one_area"]
    assert shown(response) == list(
        areas[0].activities.order_by("order").values_list("pk", flat=True)
    )
    assert "4 av 200 rapporterade (2 %)" in html  # the whole plan's progress line
    assert f'name="area" value="{areas[0].pk}"' in html  # the filter form keeps the area shown
    assert "Rensa filter" not in html  # no filter chosen: showing one area is not a filter
    links = nav_links(html)
    assert len(links) == 8
    assert [current for _, current in links] == [True] + [False] * 7
    assert html.count("2 av 25 rapporterade") >= 2 and "0 av 25 rapporterade" in html
    # The second click: an area's link shows that area, marked as the current one.
    second = client.get(links[5][0])
    assert shown(second) == list(areas[5].activities.order_by("order").values_list("pk", flat=True))
    assert [current for _, current in nav_links(second.content.decode())][5]
    assert "Aktivitet 6.25" in second.content.decode()
    assert "Aktivitet 1.1<" not in second.content.decode()


def test_area_links_keep_the_tertial_and_the_other_filters(client, make_plan, coordinator):
    plan = make_plan(8, 25)
    client.force_login(coordinator)
    html = get_board(client, plan, status=Status.DONE, overdue="on", edit="5").content.decode()
    url = nav_links(html)[3][0]
    area = plan.focus_areas.get(order=4)
    assert url.startswith(reverse("followup:board") + "?")
    for part in (f"plan={plan.slug}", f"tertial={T1.slug}", "status=done", "overdue=on"):
        assert part in url
    assert f"area={area.pk}" in url and "edit=" not in url


def test_filters_apply_within_the_area_shown(client, make_plan, coordinator):
    plan = make_plan(8, 25)
    _report(plan, coordinator)
    client.force_login(coordinator)
    areas = list(plan.focus_areas.order_by("order"))
    done = get_board(client, plan, status=Status.DONE)
    assert shown(done) == [areas[0].activities.get(order=1).pk]
    assert shown(get_board(client, plan, status=Status.DONE, area=areas[1].pk)) == [
        areas[1].activities.get(order=1).pk
    ]
    nothing = get_board(client, plan, status=Status.DONE, area=areas[4].pk)
    assert shown(nothing) == [] and "Inga aktiviteter matchar filtret i det här" in (
        nothing.content.decode()
    )
    assert get_board(client, plan, area="999999").context["shown_area"] == areas[0].pk


def test_progress_counted_in_the_database_matches_the_rows(make_plan, coordinator):
    plan = make_plan(4, 10)
    _report(plan, coordinator, n_areas=4)
    for tertial, today in [(T1, datetime.date(2017, 6, 1)), (T1.previous, None), (T1, None)]:
        status = plan_status(plan, tertial, today=today)
        total, by_area = plan_progress(plan, tertial, today=today)
        assert vars(total) == vars(status.progress)
        for area in status.areas:
            assert vars(by_area[area.focus_area.pk]) == vars(area.progress)


def test_saving_in_a_large_plan_returns_to_the_activitys_area(client, make_plan, coordinator):
    plan = make_plan(8, 25)
    activity = plan.focus_areas.get(order=6).activities.get(order=3)
    client.force_login(coordinator)
    url = reverse("followup:entry_edit", args=[activity.pk, T1.slug])
    edit = client.get(url)
    assert f"area={activity.focus_area_id}" in edit["Location"]
    page = client.get(edit["Location"])
    assert page.context["edit_id"] == activity.pk and 'name="comment"' in page.content.decode()
    entry_url = reverse("followup:entry", args=[activity.pk, T1.slug])
    saved = client.post(entry_url, {"status": Status.DONE, "comment": "Klar.", "version": 0})
    assert f"area={activity.focus_area_id}" in saved["Location"]
    assert saved["Location"].endswith(f"#a-{activity.pk}")
    failed = client.post(entry_url, {"status": Status.STRUCK, "comment": "", "version": 1})
    assert failed.status_code == 400 and failed.context["shown_area"] == activity.focus_area_id
    assert f'name="area" value="{activity.focus_area_id}"' in failed.content.decode()
    htmx = client.post(
        entry_url,
        {"status": Status.STARTED, "comment": "", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert "1 av 200 rapporterade" in htmx.content.decode()
    assert "1 av 25 rapporterade" in htmx.content.decode()
    assert FollowUp.objects.get().status == Status.STARTED


@pytest.mark.parametrize("filters", [{}, {"status": Status.DONE}, {"area": "third"}])
def test_large_plan_query_count_and_rows_read_do_not_grow(client, make_plan, coordinator, filters):
    counts, rows = [], []
    client.force_login(coordinator)
    for size in [(8, 25), (16, 25)]:  # 200 and 400 activities, both above the limit
        plan = make_plan(*size)
        _report(plan, coordinator)
        params = dict(filters)
        if params.get("area") == "third":
            params["area"] = plan.focus_areas.get(order=3).pk
        get_board(client, plan, **params)  # warm caches (session, permissions)
        with CaptureQueriesContext(connection) as ctx:
            response = get_board(client, plan, **params)
        assert response.status_code == 200 and response.context["one_area"]
        counts.append(len(ctx.captured_queries))
        rows.append(len(response.context["status"].rows))
    # (+ the samlad bedömning, the course and the statuses carried forward: issue #11)
    assert counts[0] == counts[1] and counts[0] <= 23
    assert rows == [25, 25]  # one area read, whatever the plan's size


def test_a_plan_with_many_focus_areas_lists_a_page_of_them_with_search(
    client, make_plan, coordinator
):
    plan = make_plan(45, 4)  # 180 activities in 45 focus areas: three pages of 20
    areas = list(plan.focus_areas.order_by("order"))
    client.force_login(coordinator)
    html = get_board(client, plan).content.decode()
    links = nav_links(html)
    assert len(links) == 20 + 1  # the page's areas and "Nästa"
    assert "45 fokusområden. Sida 1 av 3." in html
    assert 'name="area"' in html and "<select" in html and "Fokusområde 21" not in html
    assert not re.search(r"<option[^>]*>[^<]*Fokusområde", html)  # no option per focus area
    # an area on the third page: that page is listed, the area marked as shown
    third = get_board(client, plan, area=areas[42].pk)
    page3 = third.content.decode()
    assert "Sida 3 av 3." in page3 and third.context["shown_area"] == areas[42].pk
    current = [href for href, is_current in nav_links(page3) if is_current]
    assert len(current) == 1 and f"area={areas[42].pk}" in current[0]
    previous = client.get(third.context["chooser"]["previous_url"])
    assert "Sida 2 av 3." in previous.content.decode()
    assert previous.context["shown_area"] == areas[42].pk  # paging keeps the area shown
    # search by number or by words of the title
    found = get_board(client, plan, omraden_sok="37").content.decode()
    assert "1 fokusområde matchar ”37”." in found and "37. Fokusområde 37" in found
    words = get_board(client, plan, omraden_sok="område 4").content.decode()
    assert "10 fokusområden matchar ”område 4”." in words  # 4, 14, 24, 34 and 40–45
    nothing = get_board(client, plan, omraden_sok="finns inte")
    assert nothing.status_code == 200 and "0 fokusområden matchar" in nothing.content.decode()
    assert get_board(client, plan, omraden="99").status_code == 200  # an old link: page 1


def test_the_area_chooser_costs_the_same_for_45_and_90_focus_areas(client, make_plan, coordinator):
    counts = []
    client.force_login(coordinator)
    for n_areas in (45, 90):
        plan = make_plan(n_areas, 4)
        area = plan.focus_areas.get(order=30)
        get_board(client, plan, area=area.pk)
        with CaptureQueriesContext(connection) as ctx:
            response = get_board(client, plan, area=area.pk)
        counts.append(len(ctx.captured_queries))
        assert len(response.context["chooser"]["links"]) == 20
    assert counts[0] == counts[1], counts
