"""Rapportering: the coordinator's page for a plan's tertial.

The reporting deadline (editable), each responsible actor's progress and contacts, the
button that sends report links, the sent links (last used, revoke) and every e-mail sent.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from actors.decorators import permission_required
from actors.models import Actor, Contact
from actors.permissions import can_manage_reporting
from followup import reminders, report_links, selectors
from followup.contribution_forms import DeadlineForm
from followup.contribution_models import ReminderDelivery, ReportLink
from followup.contributions import actor_progress
from followup.services import FollowUpError
from followup.views.links import board_url, tertial_or_404
from plans.models import Plan

PAGE_LIMIT = 200


def _reporting_url(plan: Plan, tertial) -> str:
    return reverse("followup:coordination", args=[plan.slug, tertial.slug])


@login_required
@require_GET
@permission_required(can_manage_reporting)
def reporting(request: HttpRequest, slug: str, tertial: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    return _page(request, plan, tertial_or_404(tertial, plan))


def _page(request: HttpRequest, plan: Plan, tertial_value, form: DeadlineForm | None = None):
    deadline = report_links.deadline_for(plan, tertial_value)
    progress = actor_progress(plan, tertial_value)
    contacts: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(actor__in=[p.actor for p in progress]).order_by("name"):
        contacts.setdefault(contact.actor_id, []).append(contact)
    links = list(
        ReportLink.objects.filter(plan=plan, year=tertial_value.year, number=tertial_value.number)
        .select_related("contact", "actor", "created_by", "revoked_by", "plan")
        .order_by("-created_at")[:PAGE_LIMIT]
    )
    closed = selectors.is_closed(plan.pk, tertial_value)
    until = report_links.valid_until(plan, tertial_value)
    now = timezone.now()
    for link in links:
        link.state = (
            "revoked"
            if link.revoked_at
            else "inactive"
            if not link.contact.active
            else "closed"
            if closed
            else "expired"
            if now > until
            else "valid"
        )
    deliveries = list(
        ReminderDelivery.objects.filter(
            plan=plan, year=tertial_value.year, number=tertial_value.number
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")[:PAGE_LIMIT]
    )
    return render(
        request,
        "followup/reporting.html",
        {
            "plan": plan,
            "tertial": tertial_value,
            "deadline": deadline,
            "deadline_is_default": report_links.deadline_is_default(plan, tertial_value),
            "valid_until": until,
            "form": form or DeadlineForm(initial={"deadline": deadline}),
            "progress": [{"p": p, "contacts": contacts.get(p.actor.pk, [])} for p in progress],
            "links": links,
            "deliveries": deliveries,
            "closed": closed,
            "board_url": board_url(plan, tertial_value),
        },
        status=400 if form is not None else 200,
    )


@login_required
@require_POST
@permission_required(can_manage_reporting)
def set_deadline(request: HttpRequest, slug: str, tertial: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    tertial_value = tertial_or_404(tertial, plan)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        return _page(request, plan, tertial_value, form=form)
    try:
        report_links.set_deadline(plan, tertial_value, form.cleaned_data["deadline"], request.user)
    except FollowUpError as exc:
        messages.error(request, str(exc))
        return redirect(_reporting_url(plan, tertial_value))
    messages.success(
        request,
        _("Sista dag att rapportera %(t)s är nu %(d)s.")
        % {"t": tertial_value.label, "d": date_format(form.cleaned_data["deadline"], "j F Y")},
    )
    return redirect(_reporting_url(plan, tertial_value))


@login_required
@require_POST
@permission_required(can_manage_reporting)
def send_links(request: HttpRequest, slug: str, tertial: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    tertial_value = tertial_or_404(tertial, plan)
    actor = None
    if value := request.POST.get("actor", ""):
        actor = Actor.objects.filter(pk=value).first() if value.isdigit() else None
        if actor is None:
            messages.error(request, _("Aktören finns inte."))
            return redirect(_reporting_url(plan, tertial_value))
    try:
        deliveries = reminders.send_report_links(
            plan, tertial_value, actor=actor, user=request.user
        )
    except FollowUpError as exc:
        messages.error(request, str(exc))
        return redirect(_reporting_url(plan, tertial_value))
    if deliveries:
        messages.success(
            request,
            ngettext(
                "%(n)s rapportlänk skickas (se Utskick nedan).",
                "%(n)s rapportlänkar skickas (se Utskick nedan).",
                len(deliveries),
            )
            % {"n": len(deliveries)},
        )
    else:
        messages.error(
            request,
            _(
                "Ingen kontaktperson att skicka till. Lägg till kontaktpersoner för aktörerna i admin."
            ),
        )
    return redirect(_reporting_url(plan, tertial_value))


@login_required
@require_POST
@permission_required(can_manage_reporting)
def revoke_link(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_object_or_404(ReportLink.objects.select_related("plan", "contact"), pk=link_id)
    report_links.revoke(link, request.user)
    messages.success(request, _("Länken till %(c)s är återkallad.") % {"c": link.contact.name})
    return redirect(_reporting_url(link.plan, link.tertial))
