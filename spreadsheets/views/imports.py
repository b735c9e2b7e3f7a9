"""Import (upload → preview → confirm) and export pages. Thin: the rules live in
``spreadsheets.services.import_plan`` and ``spreadsheets.exporting``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from actors.decorators import permission_required
from actors.permissions import can_import_plans
from spreadsheets.forms import ConfirmForm, ImportUploadForm
from spreadsheets.importing.reading import max_upload_bytes, megabytes
from spreadsheets.services import NewPlan, import_plan
from spreadsheets.uploads import discard_upload, load_upload, store_upload

NO_RIGHT = _lazy("Du har inte behörighet att importera eller exportera planer.")

TEMPLATES = {
    "upload": "spreadsheets/import.html",
    "preview": "spreadsheets/import_preview.html",
}


def run_import(request: HttpRequest, form, data: bytes, filename: str, *, dry_run: bool):
    """Call the import service with the options of a valid upload or confirm form."""
    options = form.cleaned_data
    plan = options.get("plan")
    return import_plan(
        data,
        expected_fingerprint=options.get("fingerprint", ""),
        filename=filename,
        plan=plan,
        new_plan=None if plan else NewPlan(title=options["new_plan_title"]),
        user=request.user,
        dry_run=dry_run,
        create_actors=options.get("create_actors", False),
        tertial=options.get("tertial"),
    )


# --- views --------------------------------------------------------------------


# Room for the form's other fields and the multipart boundaries around the file.
MULTIPART_OVERHEAD = 64 * 1024


@csrf_exempt  # the CSRF check reads the whole body: the size is checked first, then CSRF
@login_required
@require_http_methods(["GET", "POST"])
@permission_required(can_import_plans, message=NO_RIGHT)
def import_upload(request: HttpRequest, templates: dict | None = None, extra=None) -> HttpResponse:
    """Step 1 and 2: upload, then the preview (nothing is written yet)."""
    templates = templates or TEMPLATES
    if request.method == "POST":
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = max_upload_bytes()
        if not length.isdigit() or int(length) > limit + MULTIPART_OVERHEAD:
            # Refused before Django reads (and stores) the body at all.
            messages.error(
                request,
                _("Filen är för stor. Den största fil som kan importeras är %(limit)s.")
                % {"limit": megabytes(limit)},
            )
            context = {**(extra or {}), "form": ImportUploadForm(), "page_error": True}
            return render(request, templates["upload"], context, status=413)
    return _import_upload(request, templates, extra)


@csrf_protect
def _import_upload(request: HttpRequest, templates: dict, extra) -> HttpResponse:
    context = dict(extra or {})
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        result = run_import(request, form, data, upload.name, dry_run=True)
        confirm_form = None
        if result.ok:
            token = store_upload(request.user, data)
            confirm_form = ConfirmForm(
                initial={
                    **form.cleaned_data,
                    "token": token,
                    "filename": upload.name,
                    "fingerprint": result.fingerprint(),
                }
            )
            if form.cleaned_data.get("tertial"):
                confirm_form.initial["tertial"] = form.cleaned_data["tertial"].label
            if form.cleaned_data.get("plan"):
                confirm_form.initial["plan"] = form.cleaned_data["plan"].pk
        context.update(result=result, form=form, confirm_form=confirm_form)
        return render(request, templates["preview"], context)
    context.update(form=form)
    return render(request, templates["upload"], context, status=400 if form.errors else 200)


@login_required
@require_POST
@permission_required(can_import_plans, message=NO_RIGHT)
def import_confirm(
    request: HttpRequest, templates: dict | None = None, extra=None, done_url: str | None = None
) -> HttpResponse:
    """Step 3: import for real, the same file and options as previewed, in one transaction."""
    templates = templates or TEMPLATES
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bekräftelsen var ofullständig. Ladda upp filen igen."))
        return redirect(done_url or "spreadsheets:import")
    token = form.cleaned_data["token"]
    data = load_upload(request.user, token)
    if data is None:
        messages.error(
            request, _("Förhandsgranskningen har gått ut eller finns inte. Ladda upp filen igen.")
        )
        return redirect(done_url or "spreadsheets:import")
    result = run_import(request, form, data, form.cleaned_data["filename"], dry_run=False)
    if not result.applied:
        context = dict(extra or {})
        confirm_form = None
        if result.stale and result.ok:
            # The plan changed since the preview: show the new preview to confirm instead.
            messages.warning(
                request,
                _(
                    "Planen har ändrats sedan förhandsgranskningen. Inget är sparat: granska "
                    "den nya förhandsgranskningen och bekräfta igen."
                ),
            )
            confirm_form = ConfirmForm(
                initial={**form.cleaned_data, "fingerprint": result.fingerprint()}
            )
        context.update(result=result, form=ImportUploadForm(), confirm_form=confirm_form)
        return render(request, templates["preview"], context, status=409)
    discard_upload(request.user, token)
    counts = result.counts
    messages.success(
        request,
        _(
            "Importen är klar till planen ”%(plan)s”: %(new)s nya, %(update)s ändrade och "
            "%(unchanged)s oförändrade aktiviteter."
        )
        % {"plan": result.plan_title, **counts},
    )
    return redirect(done_url or "spreadsheets:import")
