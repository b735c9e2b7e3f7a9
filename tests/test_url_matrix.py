"""Every URL of the project × every role × GET and POST: the expected status, and
forbidden POSTs change nothing in the database.

The URLs are enumerated from the URL conf: a view without an entry in MATRIX (or,
for admin, without a registered ModelAdmin or an entry in ADMIN_EXTRA) fails
``test_every_url_has_an_entry``. Adding an entry is one line:

    "app:name": [C("/path/{plan}/", get="302 200 200 200 200", post="302 405 405 405 405")],

Statuses are given in the order of ROLES: anonymous, Läsare, Rapportör,
Trygghetssamordnare, Administratör. Paths are format strings; the placeholders
are the keys of the ``ctx`` fixture ({plan}, {own} = an activity the Rapportör's
actor BUF is responsible for, {other} = one it is not, {tertial}, {pk__app__model} …).
"""

import hashlib
import re
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from actors.permissions import ROLE_ADMIN, ROLE_COORDINATOR, ROLE_READER, ROLE_REPORTER
from actors.roles import ROLE_PERMISSIONS, sync_role_flags
from followup.models import FollowUp, ReportPdf, TertialClosure
from tests.seed_cache import every_table

ROLES = ("anon", ROLE_READER, ROLE_REPORTER, ROLE_COORDINATOR, ROLE_ADMIN)
LOGIN_REDIRECT = re.compile(r"^/(konto|admin)/login/")


@dataclass(frozen=True)
class C:
    """One URL to request: path template, expected GET and POST statuses per role."""

    path: str
    get: str
    post: str
    data: dict = field(default_factory=dict)
    htmx: bool = False
    #: The POST's 200 is a refusal page (admin's "cannot delete"): nothing may change.
    refusal: bool = False

    def status(self, method: str, role: str) -> int:
        codes = (self.get if method == "GET" else self.post).split()
        assert len(codes) == len(ROLES), f"{self.path}: {len(ROLES)} statuses needed"
        return int(codes[ROLES.index(role)])


# fmt: off
ALL_200 = "200 200 200 200 200"
LOGGED_IN = "302 200 200 200 200"
GET_ONLY = "302 405 405 405 405"       # login first, then only GET
NO_POST = "405 405 405 405 405"
STAFF = "302 403 403 200 200"          # Trygghetssamordnare and Administratör only
ADMIN_STAFF = "302 302 302 200 200"    # non-staff are sent to admin's login
ADMIN_GET_ONLY = "302 302 302 405 405"
FOLLOW_UP = {"status": "done", "comment": "Klart enligt plan", "version": "0"}
CONTRIBUTION = {"status": "started", "comment": "Påbörjat enligt plan"}
NO_POST_GET = "302 405 405 405 405"  # POST only, after login

MATRIX: dict[str, list[C]] = {
    # --- vallentuna ---------------------------------------------------------------------------
    "overview": [C("/", LOGGED_IN, GET_ONLY)],
    "accessibility": [C("/tillganglighet/", ALL_200, NO_POST)],
    "set_language": [C("/i18n/setlang/", "302 302 302 302 302", "302 302 302 302 302", {"language": "en"})],
    # --- accounts (django.contrib.auth, actors) -------------------------------------------------
    "login": [C("/konto/login/", ALL_200, ALL_200, {"username": "x", "password": "y"})],
    "logout": [C("/konto/logout/", "302 405 405 405 405", "302 302 302 302 302")],
    "password_change": [C("/konto/password_change/", LOGGED_IN, LOGGED_IN)],
    "password_change_done": [C("/konto/password_change/done/", LOGGED_IN, GET_ONLY)],
    "password_reset": [C("/konto/password_reset/", ALL_200, "302 302 302 302 302", {"email": "x@example.org"})],
    "password_reset_done": [C("/konto/password_reset/done/", ALL_200, NO_POST)],
    "password_reset_confirm": [C("/konto/reset/MQ/fel-token/", ALL_200, ALL_200)],
    "password_reset_complete": [C("/konto/reset/done/", ALL_200, NO_POST)],
    # The Läsare has a TOTP device (see ctx); the others have none yet.
    "actors:otp_verify": [C("/konto/tvafaktor/", "302 200 302 302 302", "302 200 302 302 302", {"otp_token": "000000"})],
    "actors:otp_setup": [C("/konto/tvafaktor/aktivera/", "302 302 200 200 200", "302 302 200 200 200", {"otp_token": "000000"})],
    "actors:keep_alive": [C("/konto/fortsatt/", GET_ONLY, LOGGED_IN)],
    "actors:session_left": [C("/konto/sessionen/", LOGGED_IN, GET_ONLY)],
    "changelog:changelog_index": [C("/andringslogg/", STAFF, GET_ONLY)],
    "changelog:changelog": [C("/andringslogg/{plan}/", STAFF, GET_ONLY)],
    # A plan that exists is not a deleted one (tests/changelog has the deleted plan's log).
    "changelog:deleted_plan": [C("/andringslogg/borttagen/{pk__plans__plan}/", "302 403 403 404 404", GET_ONLY)],
    # --- plans ------------------------------------------------------------------------------------
    # Plan pages (issue #17): POST {} is an invalid form (400) for those who may write plans.
    "plans:list": [C("/planer/", LOGGED_IN, GET_ONLY)],
    "plans:create": [C("/planer/ny/", STAFF, "302 403 403 400 400")],
    "plans:plan": [C("/planer/{plan}/", LOGGED_IN, GET_ONLY)],
    "plans:edit": [C("/planer/{plan}/redigera/", STAFF, "302 403 403 400 400")],
    # the seed plan is already adopted: back to its page
    "plans:adopt": [C("/planer/{plan}/faststall/", "302 403 403 302 302", "302 403 403 302 302")],
    "plans:archive": [C("/planer/{plan}/arkivera/", NO_POST_GET, "302 403 403 302 302")],
    "plans:area_add": [C("/planer/{plan}/fokusomraden/ny/", STAFF, "302 403 403 400 400")],
    "plans:assessment": [C("/planer/{plan}/rekommendationer/1/", STAFF, "302 403 403 302 302")],
    "plans:area_edit": [C("/fokusomraden/{pk__plans__focusarea}/", STAFF, "302 403 403 400 400")],
    "plans:area_move": [C("/fokusomraden/{pk__plans__focusarea}/flytta/", NO_POST_GET, "302 403 403 302 302", {"riktning": "ned"})],
    "plans:area_delete": [C("/fokusomraden/{pk__plans__focusarea}/ta-bort/", NO_POST_GET, "302 403 403 302 302")],
    "plans:activity_add": [C("/fokusomraden/{pk__plans__focusarea}/aktiviteter/ny/", STAFF, "302 403 403 400 400")],
    "plans:activity_edit": [C("/aktiviteter/{pk__plans__activity}/", STAFF, "302 403 403 400 400")],
    "plans:activity_move": [C("/aktiviteter/{pk__plans__activity}/flytta/", NO_POST_GET, "302 403 403 302 302", {"riktning": "ned"})],
    "plans:activity_delete": [C("/aktiviteter/{pk__plans__activity}/ta-bort/", NO_POST_GET, "302 403 403 302 302")],
    "followup:carry_over": [C("/planer/{plan}/uppfoljande-plan/", STAFF, "302 403 403 400 400")],
    "spreadsheets:import": [C("/import/", STAFF, STAFF)],
    "spreadsheets:import_confirm": [C("/import/bekrafta/", "302 405 405 405 405", "302 403 403 302 302")],
    "spreadsheets:import_done": [C("/import/klar/{receipt}/", "302 403 403 200 404", GET_ONLY)],  # own import only
    "spreadsheets:import_template": [C("/import/mall.xlsx", STAFF, GET_ONLY)],
    "spreadsheets:export": [C("/export/", STAFF, GET_ONLY)],
    # --- followup (htmx: an anonymous request gets 200 with HX-Redirect to the login page) ---------
    "followup:board": [C("/uppfoljning/", LOGGED_IN, GET_ONLY)],
    "followup:activity": [C("/uppfoljning/aktivitet/{own}/", "302 302 302 302 302", GET_ONLY)],
    "followup:entry": [
        # The activity's follow-up is the coordinator's: a Rapportör gives contributions instead.
        C("/uppfoljning/aktivitet/{own}/{tertial}/", "302 302 302 302 302", "302 403 403 302 302", FOLLOW_UP),
        C("/uppfoljning/aktivitet/{other}/{tertial}/", "302 302 302 302 302", "302 403 403 302 302", FOLLOW_UP),
        C("/uppfoljning/aktivitet/{own}/{tertial}/", ALL_200, "200 403 403 200 200", FOLLOW_UP, htmx=True),
        C("/uppfoljning/aktivitet/{other}/{tertial}/", ALL_200, "200 403 403 200 200", FOLLOW_UP, htmx=True),
    ],
    "followup:entry_edit": [
        C("/uppfoljning/aktivitet/{own}/{tertial}/andra/", "302 403 403 302 302", GET_ONLY),
        C("/uppfoljning/aktivitet/{other}/{tertial}/andra/", "302 403 403 302 302", GET_ONLY),
        C("/uppfoljning/aktivitet/{other}/{tertial}/andra/", "200 403 403 200 200", "200 405 405 405 405", htmx=True),
    ],
    "followup:entry_unchanged": [
        # 'Oförändrat': the coordinator's, like the entry (refused when nothing to confirm)
        C("/uppfoljning/aktivitet/{own}/{tertial}/oforandrat/", GET_ONLY, "302 403 403 302 302"),
    ],
    "followup:assessment": [
        C("/uppfoljning/{plan}/{tertial}/bedomning/", GET_ONLY, "302 403 403 302 302", {"text": "Läget är gott."}),
    ],
    "followup:close": [C("/uppfoljning/{plan}/{tertial}/stang/", "302 405 405 405 405", "302 403 403 302 302", {"bekrafta": "1"})],
    "followup:reopen": [C("/uppfoljning/{plan}/{tertial}/oppna/", "302 405 405 405 405", "302 403 403 302 302")],
    # Contributions (Rapportör for BUF; the coordinator and admin in ctx work for no actor).
    "followup:contribution": [
        C("/uppfoljning/bidrag/{own}/{tertial}/", "302 403 200 403 403", "302 403 302 403 403", {"actor": "{buf}", **CONTRIBUTION}),
        C("/uppfoljning/bidrag/{other}/{tertial}/", "302 403 403 403 403", "302 403 403 403 403", {"actor": "{buf}", **CONTRIBUTION}),
    ],
    "followup:coordination": [C("/uppfoljning/{plan}/{tertial}/rapportering/", STAFF, GET_ONLY)],
    "followup:set_deadline": [C("/uppfoljning/{plan}/{tertial}/rapportering/sista-dag/", NO_POST_GET, "302 403 403 302 302", {"deadline": "2017-04-20"})],
    "followup:send_links": [C("/uppfoljning/{plan}/{tertial}/rapportering/skicka/", NO_POST_GET, "302 403 403 302 302")],
    "followup:revoke_link": [C("/uppfoljning/rapportlankar/{link_id}/aterkalla/", NO_POST_GET, "302 403 403 302 302")],
    # The report link: no login; only the link's actor's activities in its plan and tertial.
    "followup:report_link": [
        # valid: the page, and a contribution to one of Lopo Täby's activities saves
        C("/lank/{token_valid}/", ALL_200, "302 302 302 302 302", {"activity": "{police}", "tertial": "{tertial}", **CONTRIBUTION}),
        # another actor's activity through a valid link; a POST for another tertial
        C("/lank/{token_valid}/", ALL_200, "403 403 403 403 403", {"activity": "{not_police}", "tertial": "{tertial}", **CONTRIBUTION}),
        C("/lank/{token_valid}/", ALL_200, "403 403 403 403 403", {"activity": "{police}", "tertial": "T2-2017", **CONTRIBUTION}),
        # expired, revoked, closed tertial, unknown
        C("/lank/{token_expired}/", "410 410 410 410 410", "410 410 410 410 410", {"activity": "{police}", "tertial": "T2-2017", **CONTRIBUTION}),
        C("/lank/{token_revoked}/", "410 410 410 410 410", "410 410 410 410 410", {"activity": "{police}", "tertial": "{tertial}", **CONTRIBUTION}),
        C("/lank/{token_closed}/", "410 410 410 410 410", "410 410 410 410 410", {"activity": "{police}", "tertial": "T3-2016", **CONTRIBUTION}),
        C("/lank/okand-token-123/", "404 404 404 404 404", "404 404 404 404 404", {"activity": "{police}", "tertial": "{tertial}", **CONTRIBUTION}),
    ],
    "followup:report_index": [C("/rapporter/", LOGGED_IN, GET_ONLY)],
    "followup:report": [C("/rapporter/{plan}/2017/T1/", LOGGED_IN, GET_ONLY)],
    "followup:report_pdf": [C("/rapporter/{plan}/2017/T1/pdf/", LOGGED_IN, GET_ONLY)],
    "followup:report_pdf_job": [C("/rapporter/{plan}/2017/T1/pdf/{job}/", LOGGED_IN, GET_ONLY)],
    # the job is still queued: no file yet
    "followup:report_pdf_file": [C("/rapporter/{plan}/2017/T1/pdf/{job}/fil/", "302 404 404 404 404", GET_ONLY)],
    "followup:report_docx": [C("/rapporter/{plan}/2017/T1/word/", LOGGED_IN, GET_ONLY)],
}

# --- admin ----------------------------------------------------------------------------------------
# The ModelAdmin pages (changelist, add, change, delete, history) are generated below from
# the role definitions; these are admin's other pages. Administratör is a superuser.
ADMIN_EXTRA: dict[str, list[C]] = {
    "admin:index": [C("/admin/", ADMIN_STAFF, ADMIN_STAFF)],
    "admin:login": [C("/admin/login/", "200 200 200 302 302", ALL_200, {"username": "x", "password": "y"})],
    "admin:logout": [C("/admin/logout/", ADMIN_GET_ONLY, "302 302 302 302 302")],
    "admin:password_change": [C("/admin/password_change/", ADMIN_STAFF, ADMIN_STAFF)],
    "admin:password_change_done": [C("/admin/password_change/done/", ADMIN_STAFF, ADMIN_GET_ONLY)],
    "admin:autocomplete": [C("/admin/autocomplete/?app_label=plans&model_name=activity&field_name=responsible&term=B", ADMIN_STAFF, ADMIN_GET_ONLY)],
    "admin:jsi18n": [C("/admin/jsi18n/", ADMIN_STAFF, ADMIN_GET_ONLY)],
    "admin:view_on_site": [C("/admin/r/{ct__plans__activity}/{own}/", "302 302 302 302 302", "302 302 302 302 302")],
    "admin:app_list": [C("/admin/plans/", ADMIN_STAFF, ADMIN_STAFF)],
    # The first user is the Läsare, whom a Trygghetssamordnare manages (an Administratör's
    # page answers 403 to them: tests/actors/test_user_admin.py).
    "admin:auth_user_password_change": [C("/admin/auth/user/{pk__auth__user}/password/", ADMIN_STAFF, ADMIN_STAFF)],
    "admin:otp_totp_totpdevice_config": [C("/admin/otp_totp/totpdevice/{pk__otp_totp__totpdevice}/config/", "302 302 302 403 200", "302 302 302 403 200")],
    "admin:otp_totp_totpdevice_qrcode": [C("/admin/otp_totp/totpdevice/{pk__otp_totp__totpdevice}/qrcode/", "302 302 302 403 200", "302 302 302 403 200")],
    "admin:plans_plan_import": [C("/admin/plans/plan/import/", ADMIN_STAFF, ADMIN_STAFF)],
    "admin:plans_plan_import_confirm": [C("/admin/plans/plan/import/bekrafta/", ADMIN_GET_ONLY, "302 302 302 302 302")],
    # Återställ borttagna: the list takes GET, the restore POST (a history row that is not a
    # delete is refused with a message: a redirect).
    "admin:plans_plan_deleted": [C("/admin/plans/plan/borttagna/", ADMIN_STAFF, ADMIN_GET_ONLY)],
    "admin:plans_plan_restore": [C("/admin/plans/plan/borttagna/{history__plans__plan}/aterstall/", ADMIN_GET_ONLY, "302 302 302 302 302")],
    "admin:plans_focusarea_deleted": [C("/admin/plans/focusarea/borttagna/", ADMIN_STAFF, ADMIN_GET_ONLY)],
    "admin:plans_focusarea_restore": [C("/admin/plans/focusarea/borttagna/{history__plans__focusarea}/aterstall/", ADMIN_GET_ONLY, "302 302 302 302 302")],
    "admin:plans_activity_deleted": [C("/admin/plans/activity/borttagna/", ADMIN_STAFF, ADMIN_GET_ONLY)],
    "admin:plans_activity_restore": [C("/admin/plans/activity/borttagna/{history__plans__activity}/aterstall/", ADMIN_GET_ONLY, "302 302 302 302 302")],
    "admin:plans_activity_export": [C("/admin/plans/activity/export/", ADMIN_STAFF, ADMIN_STAFF)],
    # Where a ModelAdmin deliberately differs from the generated expectation:
    # the actor is PROTECTed by network positions: the delete page explains, deletes nothing.
    "admin:actors_actor_delete": [C("/admin/actors/actor/{pk__actors__actor}/delete/", ADMIN_STAFF, ADMIN_STAFF, {"post": "yes"})],
    # The plan, focus area and activity reach a follow-up (ctx), which admin may not delete.
    "admin:plans_plan_delete": [C("/admin/plans/plan/{pk__plans__plan}/delete/", ADMIN_STAFF, "302 302 302 403 403", {"post": "yes"})],
    # Something with follow-up is not deleted: the page says why (plans.admin).
    "admin:plans_focusarea_delete": [C("/admin/plans/focusarea/{pk__plans__focusarea}/delete/", ADMIN_STAFF, "302 302 302 200 200", {"post": "yes"}, refusal=True)],
    "admin:plans_activity_delete": [C("/admin/plans/activity/{pk__plans__activity}/delete/", ADMIN_STAFF, "302 302 302 200 200", {"post": "yes"}, refusal=True)],
    # Follow-up is recorded on the follow-up page; admin only shows it.
    "admin:followup_followup_add": [C("/admin/followup/followup/add/", "302 302 302 403 403", "302 302 302 403 403")],
    "admin:followup_followup_change": [C("/admin/followup/followup/{pk__followup__followup}/change/", ADMIN_STAFF, "302 302 302 403 403")],
    "admin:followup_followup_delete": [C("/admin/followup/followup/{pk__followup__followup}/delete/", "302 302 302 403 403", "302 302 302 403 403", {"post": "yes"})],
    "admin:followup_tertialclosure_add": [C("/admin/followup/tertialclosure/add/", "302 302 302 403 403", "302 302 302 403 403")],
    "admin:followup_tertialclosure_change": [C("/admin/followup/tertialclosure/{pk__followup__tertialclosure}/change/", ADMIN_STAFF, "302 302 302 403 403")],
    "admin:followup_tertialclosure_delete": [C("/admin/followup/tertialclosure/{pk__followup__tertialclosure}/delete/", "302 302 302 403 403", "302 302 302 403 403", {"post": "yes"})],
    # django-axes' logs are read-only, for administrators.
    "admin:axes_accessattempt_change": [C("/admin/axes/accessattempt/{pk__axes__accessattempt}/change/", "302 302 302 403 200", "302 302 302 403 302")],
    "admin:axes_accesslog_change": [C("/admin/axes/accesslog/{pk__axes__accesslog}/change/", "302 302 302 403 200", "302 302 302 403 302")],
    "admin:axes_accessfailurelog_change": [C("/admin/axes/accessfailurelog/{pk__axes__accessfailurelog}/change/", "302 302 302 403 200", "302 302 302 403 302")],
}
# fmt: on

#: Models whose admin refuses adding or changing for everyone (read-only logs).
ADMIN_READ_ONLY = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def _may(role: str, perm: str) -> bool:
    perms = ROLE_PERMISSIONS[role]
    return perms == "__all__" or perm in perms


def _admin_model_cases() -> dict[str, list[C]]:
    """Changelist, add, change, delete and history of every ModelAdmin, from the role spec."""
    cases: dict[str, list[C]] = {}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        app, name = model._meta.app_label, model._meta.model_name
        base = f"/admin/{app}/{name}/"
        obj = f"{{pk__{app}__{name}}}"

        def statuses(action: str, ok: int = 200, label=label, app=app, name=name) -> str:
            def one(role: str) -> int:
                if role in ("anon", ROLE_READER, ROLE_REPORTER):
                    return 302
                if label in ADMIN_READ_ONLY and action in ("add", "change"):
                    return 403 if action == "add" else ok
                if action in ("view", "change") and _may(role, f"{app}.view_{name}"):
                    return ok
                return ok if _may(role, f"{app}.{action}_{name}") else 403

            return " ".join(str(one(r)) for r in ROLES)

        cases[f"admin:{app}_{name}_changelist"] = [C(base, statuses("view"), statuses("view"))]
        cases[f"admin:{app}_{name}_add"] = [C(f"{base}add/", statuses("add"), statuses("add"))]
        cases[f"admin:{app}_{name}_change"] = [
            C(f"{base}{obj}/change/", statuses("change"), statuses("change"))
        ]
        cases[f"admin:{app}_{name}_history"] = [
            C(f"{base}{obj}/history/", statuses("view"), statuses("view"))
        ]
        # A confirmed delete (post=yes) redirects when allowed.
        cases[f"admin:{app}_{name}_delete"] = [
            C(f"{base}{obj}/delete/", statuses("delete"), statuses("delete", 302), {"post": "yes"})
        ]
        if hasattr(model_admin, "object_history_form_template"):  # simple-history
            cases[f"admin:{app}_{name}_simple_history"] = [
                C(
                    f"{base}{obj}/history/{{history__{app}__{name}}}/",
                    statuses("change"),
                    statuses("change"),
                )
            ]
    return cases


def all_cases() -> dict[str, list[C]]:
    return {**_admin_model_cases(), **MATRIX, **ADMIN_EXTRA}


def url_names() -> list[str]:
    """Every named URL of the URL conf, with its namespace."""
    names = []

    def walk(patterns, namespace: str = "") -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else p.namespace
                walk(p.url_patterns, ns or namespace)
            elif isinstance(p, URLPattern):
                if p.name is None:
                    # Only admin's redirects (old object URLs, catch-all) are nameless.
                    assert namespace == "admin", f"URL without a name: {p.pattern}"
                    continue
                names.append(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns)
    return sorted(set(names))


def test_every_url_has_an_entry():
    missing = sorted(set(url_names()) - set(all_cases()))
    assert not missing, "URL utan rad i tests/test_url_matrix.py: " + ", ".join(missing)


def test_the_matrix_has_no_entries_for_urls_that_do_not_exist():
    assert not sorted(set(all_cases()) - set(url_names()))


# --- the requests -----------------------------------------------------------------------


def _params():
    for name, cases in sorted(all_cases().items()):
        for i, case in enumerate(cases):
            yield pytest.param(name, case, id=f"{name}[{i}]")


def _report_links(plan) -> dict:
    """Report links for Lopo Täby's contact: valid (T1 2017), expired (T2 2017), revoked,
    and for a closed tertial (T3 2016); the activities to post to."""
    import datetime

    from actors.models import Actor, Contact
    from followup import report_links
    from followup.tertial import Tertial
    from plans.models import Activity

    police = Actor.objects.get(code="Lopo Täby")
    contact = Contact.objects.create(actor=police, name="Polly Polis", email="polly@example.org")
    t1, t2, t3 = Tertial(2017, 1), Tertial(2017, 2), Tertial(2016, 3)
    report_links.set_deadline(plan, t1, timezone.localdate() + datetime.timedelta(days=5), None)
    report_links.set_deadline(plan, t2, datetime.date(2017, 8, 20), None)
    valid = report_links.issue_link(contact, plan, t1)
    revoked = report_links.issue_link(contact, plan, t1)
    report_links.revoke(revoked[0], None)
    return {
        "token_valid": valid[1],
        "token_revoked": revoked[1],
        "token_expired": report_links.issue_link(contact, plan, t2)[1],
        "token_closed": report_links.issue_link(contact, plan, t3)[1],
        "link_id": valid[0].pk,
        "police": Activity.objects.filter(responsible=police).first().pk,
        "not_police": _activity_of_another_plan(Actor.objects.get(code="BUF")).pk,
        "buf": Actor.objects.get(code="BUF").pk,
    }


def _activity_of_another_plan(actor):
    """Lopo Täby is responsible for every activity of the seed plan: BUF's in another plan."""
    import datetime

    from plans.models import Activity, FocusArea, Plan

    plan = Plan.objects.create(
        title="Annan plan",
        period_start=datetime.date(2017, 1, 1),
        period_end=datetime.date(2017, 12, 31),
    )
    area = FocusArea.objects.create(plan=plan, title="Område", order=1)
    activity = Activity.objects.create(focus_area=area, order=1, title="BUF:s aktivitet")
    activity.responsible.add(actor)
    return activity


def _celery_beat_rows() -> None:
    """One row of each schedule model django-celery-beat shows in admin."""
    import datetime

    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    every_day = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    CrontabSchedule.objects.create(minute="0", hour="7")
    SolarSchedule.objects.create(event="sunrise", latitude=59.53, longitude=18.08)
    ClockedSchedule.objects.create(clocked_time=timezone.now() + datetime.timedelta(days=1))
    PeriodicTask.objects.create(name="exempel", task="celery.backend_cleanup", interval=every_day)


@pytest.fixture(scope="module")
def ctx(django_db_setup, django_db_blocker):
    """The objects the paths point at, one user per role, and the database's fingerprint.

    Made once for the module, in a transaction rolled back after its last test: each test
    runs in a savepoint inside it (pytest-django's ``db``), so every test starts from the
    same rows, and the fingerprint taken here is the state before each request.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        values = _matrix_data()
        values["before"] = database_fingerprint()
        yield values
        transaction.set_rollback(True)


def _matrix_user(role: str, groups: dict, actors: tuple[str, ...] = ()):
    from django.contrib.auth import get_user_model

    from actors.models import Actor, Membership

    user = get_user_model().objects.create_user(
        username=f"matrix-{role}".lower(), password="Lösenord-för-test-1"
    )
    user.groups.add(groups[role])
    for code in actors:
        Membership.objects.create(user=user, actor=Actor.objects.get(code=code))
    sync_role_flags(user, set())
    return user


def _matrix_data() -> dict:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from actors.roles import sync_roles
    from plans.checklist_data import load_twelve
    from plans.models import Activity, Plan
    from vallentuna.history import load_fixtures

    load_twelve()
    load_fixtures("vallentuna_2016_2017")
    seed_plan = Plan.objects.get(registration_number="KS 2016.371")
    groups = sync_roles()
    users = {
        role: _matrix_user(role, groups, ("BUF",) if role == ROLE_REPORTER else ())
        for role in ROLES[1:]
    }
    TOTPDevice.objects.create(user=users[ROLE_READER], name="telefon", confirmed=True)
    AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="10.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1", locked_out=False)
    _celery_beat_rows()
    own = Activity.objects.filter(responsible__code="BUF").first()
    other = Activity.objects.exclude(responsible__code="BUF").first()
    FollowUp.objects.create(activity=other, year=2016, number=3, reported_at=timezone.now())
    TertialClosure.objects.create(plan=seed_plan, year=2016, number=3)
    job = ReportPdf.objects.create(plan=seed_plan, year=2017, number=1, data_version="x")
    links = _report_links(seed_plan)
    from plans.models import ImportReceipt, Recommendation

    receipt = ImportReceipt.objects.create(
        token_hash="0" * 64, plan=seed_plan, user=users[ROLE_COORDINATOR]
    )
    from plans.models import Assessment

    Assessment.objects.create(plan=seed_plan, recommendation=Recommendation.objects.first())
    values = {
        "receipt": receipt.pk,
        "job": job.pk,
        "plan": seed_plan.slug,
        "own": own.pk,
        "other": other.pk,
        "tertial": "T1-2017",
        "users": users,
        **links,
    }
    for model in admin.site._registry:
        label = model._meta.label_lower
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        assert pk is not None, f"ctx: inget {label} att peka på"
        key = label.replace(".", "__")
        values[f"pk__{key}"] = pk
        values[f"ct__{key}"] = ContentType.objects.get_for_model(model).pk
        if hasattr(model, "history"):
            history = model.history.filter(id=pk).values_list("history_id", flat=True).first()
            if history is None:  # objects loaded without history (fixtures): make one
                model.history.model.objects.create(
                    **{
                        f.attname: getattr(model.objects.get(pk=pk), f.attname)
                        for f in model._meta.concrete_fields
                    },
                    history_date=timezone.now(),
                    history_type="~",
                )
                history = model.history.filter(id=pk).values_list("history_id", flat=True)[0]
            values[f"history__{key}"] = history
    values["ct__plans__activity"] = ContentType.objects.get_for_model(Activity).pk
    # The admin delete cases are refusals: the objects they point at have follow-up.
    assert FollowUp.objects.filter(activity_id=values["pk__plans__activity"]).exists()
    assert FollowUp.objects.filter(activity__focus_area_id=values["pk__plans__focusarea"]).exists()
    return values


#: Tables that change on any request and say nothing about the data.
_NOISE = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "axes.accessattemptexpiration",
}


def database_fingerprint() -> dict[str, str]:
    """A digest of every row of every table, many-to-many tables included (seed-sized data).

    Read with plain SQL: the ORM's per-row conversions made it 3-5 times slower, and the
    matrix takes it after every refused POST.
    """
    quote = connection.ops.quote_name
    result = {}
    with connection.cursor() as cursor:
        for model in every_table():
            meta = model._meta
            if meta.label_lower in _NOISE:
                continue
            table, key = quote(meta.db_table), quote(meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {key}")  # noqa: S608 - names
            rows = repr(cursor.fetchall())
            result[meta.label_lower] = hashlib.sha256(rows.encode()).hexdigest()
    return result


def _request(
    name: str, case: C, role: str, method: str, ctx: dict, before: dict | None = None
) -> str | None:
    """One request in a transaction that is rolled back; returns what was wrong, if anything.

    ``before``: the database's fingerprint before any request of the test (each request is
    rolled back, so it is the same before each); computed here when not given.
    """
    with transaction.atomic():
        client = Client()
        if role != "anon":
            client.force_login(ctx["users"][role])
        path = case.path.format(**ctx)
        headers = {"HX-Request": "true"} if case.htmx else {}
        expected = case.status(method, role)
        if method == "POST" and before is None:
            before = database_fingerprint()
        if method == "GET":
            response = client.get(path, headers=headers)
        else:
            data = {k: v.format(**ctx) if isinstance(v, str) else v for k, v in case.data.items()}
            response = client.post(path, data, headers=headers)
        problem = None
        if response.status_code != expected:
            problem = f"{method} {path} som {role}: {response.status_code}, väntat {expected}"
            if response.status_code == 302:
                problem += f" (→ {response['Location']})"
        to_login = LOGIN_REDIRECT.match(response.get("Location", "")) or LOGIN_REDIRECT.match(
            response.get("HX-Redirect", "")
        )
        refused = (
            case.refusal
            or expected in (403, 404, 405, 410, 429)
            or (expected in (200, 302) and to_login and name not in ("logout", "admin:logout"))
        )
        if method == "POST" and refused and problem is None:
            after = database_fingerprint()
            changed = [table for table in before if before[table] != after.get(table)]
            if changed:
                problem = f"{method} {path} som {role} ({response.status_code}) ändrade {changed}"
        transaction.set_rollback(True)
    return problem


@pytest.fixture
def no_last_login():
    """Logging the matrix's users in does not touch their rows (Django's last_login), so the
    fingerprint taken before the test's requests is the state before each of them."""
    from django.contrib.auth.models import update_last_login
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    yield
    user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")


@pytest.mark.parametrize("name, case", list(_params()))
def test_url_matrix(name, case, ctx, db, settings, no_last_login):
    """Each role, GET and POST: the expected status; a refused POST changes nothing."""
    settings.TWO_FACTOR_REQUIRED = False  # the matrix is about roles; 2FA has its own tests
    settings.REPORT_LINK_RATE_LIMIT = 100_000  # the rate limit has its own test
    # Every request is rolled back, and logging in writes nothing but noise (the session,
    # axes; last_login is switched off): the database is as ``ctx`` left it before each.
    before = ctx["before"]
    problems = [
        problem
        for role in ROLES
        for method in ("GET", "POST")
        if (problem := _request(name, case, role, method, ctx, before))
    ]
    assert not problems, "\n".join(problems)


def test_a_forbidden_follow_up_post_really_would_have_changed_something(ctx, db):
    """The matrix's POST data is real: the same post by an allowed user saves."""
    client = Client()
    client.force_login(ctx["users"][ROLE_COORDINATOR])
    response = client.post(f"/uppfoljning/aktivitet/{ctx['own']}/T1-2017/", FOLLOW_UP)
    assert response.status_code == 302
    assert FollowUp.objects.filter(activity_id=ctx["own"], year=2017, number=1).exists()


def test_the_link_and_contribution_posts_of_the_matrix_really_would_save(ctx, db):
    """The valid report link's POST and the Rapportör's contribution save (the refused
    ones in the matrix change nothing)."""
    from followup.models import Contribution

    response = Client().post(
        f"/lank/{ctx['token_valid']}/",
        {"activity": ctx["police"], "tertial": "T1-2017", **CONTRIBUTION},
    )
    assert response.status_code == 302
    assert Contribution.objects.get().attribution == "Lopo Täby – Polly Polis (via länk)"
    client = Client()
    client.force_login(ctx["users"][ROLE_REPORTER])
    response = client.post(
        f"/uppfoljning/bidrag/{ctx['own']}/T1-2017/", {"actor": ctx["buf"], **CONTRIBUTION}
    )
    assert response.status_code == 302
    assert Contribution.objects.filter(actor_id=ctx["buf"], activity_id=ctx["own"]).exists()
    assert Group.objects.count() == 4
