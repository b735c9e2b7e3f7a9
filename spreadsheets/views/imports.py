"""Import (upload → preview → confirm) and export pages. Thin: the rules live in
``spreadsheets.services.import_plan`` and ``spreadsheets.exporting``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actors.decorators import permission_required
from actors.permissions import can_import_plans
from plans.models import ImportReceipt, Plan
from spreadsheets.exporting import template_xlsx
from spreadsheets.forms import ConfirmForm, ImportUploadForm
from spreadsheets.importing.reading import max_upload_bytes, megabytes
from spreadsheets.services import NewPlan, confirmed_import, import_plan
from spreadsheets.uploads import discard_upload, load_upload, store_upload

NO_RIGHT = _lazy("Du har inte behörighet att importera eller exportera planer.")

TEMPLATES = {
    "upload": "spreadsheets/import.html",
    "preview": "spreadsheets/import_preview.html",
}


def plan_url(plan: Plan) -> str:
    """Where an imported plan is seen: its follow-up board."""
    return reverse("followup:board") + "?" + urlencode({"plan": plan.slug})


def run_import(request: HttpRequest, form, data: bytes, filename: str, *, dry_run: bool):
    """Call the import service with the options of a valid upload or confirm form."""
    options = form.cleaned_data
    plan = options.get("plan")
    return import_plan(
        data,
        expected_fingerprint=options.get("fingerprint", ""),
        claim="" if dry_run else options.get("token", ""),
        filename=filename,
        plan=plan,
        new_plan=None if plan else NewPlan(title=options.get("new_plan_title") or ""),
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
        if upload is not None:
            data, filename = upload.read(), upload.name
            token = store_upload(request.user, data)
        else:  # the file chosen before an error, kept
            token = form.cleaned_data["stored_token"]
            filename = form.cleaned_data["stored_filename"]
            data = load_upload(request.user, token)
            if data is None:
                form.add_error(
                    "file", _("Den tidigare valda filen finns inte längre. Välj filen igen.")
                )
                context.update(form=form)
                return render(request, templates["upload"], context, status=400)
        result = run_import(request, form, data, filename, dry_run=True)
        options = {**form.cleaned_data}
        if options.get("tertial"):
            options["tertial"] = options["tertial"].label
        if options.get("plan"):
            options["plan"] = options["plan"].pk
        confirm_form = None
        if result.ok:
            confirm_form = ConfirmForm(
                initial={
                    **options,
                    "new_plan_title": "" if options.get("plan") else result.plan_title,
                    "token": token,
                    "filename": filename,
                    "fingerprint": result.fingerprint(),
                }
            )
        # After an error the same options and file are offered again, ready to re-try.
        retry_form = ImportUploadForm(
            initial={**options, "stored_token": token, "stored_filename": filename}
        )
        for issue in result.file_errors:
            if issue.field in retry_form.fields:  # fixable in the form: summary and field
                retry_form.show_import_error(issue.field, issue.message)
        context.update(result=result, form=retry_form, confirm_form=confirm_form)
        return render(request, templates["preview"], context)
    if form.is_bound and "file" not in form.errors and request.FILES.get("file"):
        form = _keep_the_file(request, form)
    context.update(form=form)
    return render(request, templates["upload"], context, status=400 if form.errors else 200)


def _keep_the_file(request: HttpRequest, form: ImportUploadForm) -> ImportUploadForm:
    """The form again after an error in its options, with the chosen file kept for the re-try."""
    upload = request.FILES["file"]
    data = request.POST.copy()
    data["stored_token"] = store_upload(request.user, upload.read())
    data["stored_filename"] = upload.name
    kept = ImportUploadForm(data)
    kept.is_valid()  # the same errors, now without the file
    return kept


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
    receipt = confirmed_import(token, request.user)
    if receipt is not None:
        # A second submit of the same preview (double click, a second tab, reload).
        return _already(request, receipt.plan, receipt.pk, done_url)
    data = load_upload(request.user, token)
    if data is None:
        messages.error(
            request, _("Förhandsgranskningen har gått ut eller finns inte. Ladda upp filen igen.")
        )
        return redirect(done_url or "spreadsheets:import")
    result = run_import(request, form, data, form.cleaned_data["filename"], dry_run=False)
    if result.already_imported:  # the same preview confirmed at the same moment
        plan = Plan.objects.filter(pk=result.plan_id).first()
        return _already(request, plan, result.receipt_id, done_url)
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
    return _done(request, result, done_url)


def _done(request: HttpRequest, result, done_url: str | None) -> HttpResponse:
    """After an import: the page with the link to the plan (the admin: the plan's page)."""
    if done_url is not None and result.plan_id:
        return redirect("admin:plans_plan_change", result.plan_id)
    if result.receipt_id:
        return redirect("spreadsheets:import_done", result.receipt_id)
    return redirect(done_url or "spreadsheets:import")


def _already(request: HttpRequest, plan, receipt_id, done_url: str | None) -> HttpResponse:
    messages.info(
        request,
        _(
            "Den här förhandsgranskningen är redan importerad till planen ”%(plan)s”. Inget "
            "importerades en gång till."
        )
        % {"plan": plan.title if plan else "–"},
    )
    if done_url is not None and plan is not None:
        return redirect("admin:plans_plan_change", plan.pk)
    if receipt_id:
        return redirect("spreadsheets:import_done", receipt_id)
    return redirect(done_url or "spreadsheets:import")


@login_required
@require_GET
@permission_required(can_import_plans, message=NO_RIGHT)
def import_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The imported plan, linked: shown to the user who imported it."""
    receipt = get_object_or_404(
        ImportReceipt.objects.select_related("plan"), pk=pk, user=request.user
    )
    plan = receipt.plan
    return render(
        request,
        "spreadsheets/import_done.html",
        {"receipt": receipt, "plan": plan, "plan_url": plan_url(plan) if plan else ""},
    )


@login_required
@require_GET
@permission_required(can_import_plans, message=NO_RIGHT)
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty workbook in the plan's layout, with a legend sheet of the abbreviations."""
    response = HttpResponse(
        template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mall-handlingsplan.xlsx"'
    return response
