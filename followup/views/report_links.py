"""The report-link page: a contact person gives their actor's contributions without logging in.

It opens only what the link is tied to: the link's actor's activities in the link's plan
and tertial. Every use and every refusal (unknown, revoked, expired, closed, another
activity, another tertial, too many requests) is written to the security log, with the
token hidden. Requests are counted per IP address (``REPORT_LINK_RATE_LIMIT`` a minute).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from actors import security
from followup import report_links, services
from followup.contribution_forms import ContributionForm
from followup.contributions import record_contribution, summaries
from followup.report_links import LinkRefused
from plans.models import Activity
from vallentuna import ratelimit

#: What the logs show instead of the token.
HIDDEN = "[token]"


def _refuse(request: HttpRequest, status: int, message: str, *, reason: str, link=None):
    security.log_event(
        security.REPORT_LINK_REFUSED,
        request,
        obj=link,
        reason=reason,
        status=status,
        link=link.pk if link else "-",
    )
    request._security_logged = True  # the middleware need not log it (with the token) again
    response = render(
        request, "followup/report_link_refused.html", {"message": message}, status=status
    )
    response._has_been_logged = True  # nor django.request (it would write the path)
    return response


def _activities(link) -> list[Activity]:
    return list(
        Activity.objects.filter(focus_area__plan_id=link.plan_id, responsible=link.actor_id)
        .select_related("focus_area")
        .prefetch_related("responsible")
        .order_by("focus_area__order", "order")
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def report_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the actor's activities with a form each. POST: one activity's contribution."""
    request.security_log_path = reverse("followup:report_link", args=[HIDDEN])
    ip = security.client_ip(request) or "-"
    if not ratelimit.allow(f"report-link:{ip}", settings.REPORT_LINK_RATE_LIMIT):
        return _refuse(
            request,
            429,
            _("För många försök på kort tid. Vänta en minut och försök igen."),
            reason="rate_limited",
        )
    try:
        link = report_links.resolve(token)
    except LinkRefused as exc:
        status = 404 if exc.reason == "unknown" else 410
        return _refuse(request, status, str(exc), reason=exc.reason, link=exc.link)
    tertial = link.tertial
    activities = _activities(link)
    forms: dict[int, ContributionForm] = {}
    status = 200
    if request.method == "POST":
        if request.POST.get("tertial") != tertial.slug:
            return _refuse(
                request,
                403,
                _("Länken gäller bara %(tertial)s.") % {"tertial": tertial.label},
                reason="other_tertial",
                link=link,
            )
        try:
            activity_id = int(request.POST.get("activity", ""))
        except ValueError:
            activity_id = None
        activity = next((a for a in activities if a.pk == activity_id), None)
        if activity is None:
            return _refuse(
                request,
                403,
                _("Länken gäller bara %(actor)s aktiviteter.") % {"actor": link.actor.code},
                reason="other_activity",
                link=link,
            )
        activity.focus_area.plan = link.plan
        form = ContributionForm(request.POST, prefix_id=activity.pk)
        forms[activity.pk] = form
        if form.is_valid():
            try:
                record_contribution(
                    activity=activity,
                    tertial=tertial,
                    actor=link.actor,
                    status=form.cleaned_data["status"],
                    comment=form.cleaned_data["comment"],
                    contact=link.contact,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except services.FollowUpError as exc:
                form.add_error(None, str(exc))
            else:
                security.log_event(
                    security.REPORT_LINK_USED,
                    request,
                    obj=link,
                    action="contribution",
                    activity=activity.pk,
                )
                report_links.record_use(link)
                messages.success(
                    request,
                    _("Bidraget från %(actor)s till aktivitet %(n)s.%(m)s är sparat.")
                    % {
                        "actor": link.actor.code,
                        "n": activity.focus_area.order,
                        "m": activity.order,
                    },
                )
                return redirect(f"{request.path}#a-{activity.pk}")
        status = 400
    else:
        security.log_event(security.REPORT_LINK_USED, request, obj=link, action="view")
        report_links.record_use(link)
    given = summaries(activities, tertial)
    items = []
    for activity in activities:
        current = next(
            (a.contribution for a in given[activity.pk].actors if a.actor.pk == link.actor_id),
            None,
        )
        form = forms.get(activity.pk) or ContributionForm(
            initial={
                "status": current.status if current else "",
                "comment": current.comment if current else "",
            },
            prefix_id=activity.pk,
        )
        items.append({"activity": activity, "current": current, "form": form})
    response = render(
        request,
        "followup/report_link.html",
        {
            "link": link,
            "tertial": tertial,
            "plan": link.plan,
            "actor": link.actor,
            "items": items,
            "waiting": sum(1 for item in items if item["current"] is None),
            "deadline": report_links.deadline_for(link.plan, tertial),
            "valid_until": report_links.valid_until(link.plan, tertial),
        },
        status=status,
    )
    # Not "no-referrer": browsers then send "Origin: null" and Django's CSRF check refuses
    # the form. The site's "same-origin" policy already keeps the token from other sites.
    response._has_been_logged = True
    return response
