"""Import (upload → preview → confirm) and export pages. Thin: the rules live in
``plans.services.import_plan`` and ``plans.exporting``."""

from __future__ import annotations

import base64
import contextlib
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from actors.permissions import can_import_plans
from plans.exporting import export_csv, export_filename, export_xlsx, template_xlsx
from plans.forms import ConfirmForm, ExportForm, ImportUploadForm
from plans.importing.reading import max_upload_bytes
from plans.models import ImportReceipt, Plan
from plans.services import NewPlan, confirmed_import, import_plan

TEMPLATES = {
    "upload": "plans/import.html",
    "preview": "plans/import_preview.html",
}


def plan_url(plan: Plan) -> str:
    """Where an imported plan is seen: its follow-up board."""
    return reverse("followup:board") + "?" + urlencode({"plan": plan.slug})


def _require_import_right(request: HttpRequest) -> None:
    if not can_import_plans(request.user):
        raise PermissionDenied(_("Du har inte behörighet att importera eller exportera planer."))


# --- temporary storage of the uploaded file between preview and confirm ------


def _storage(user, token: str):
    """django-import-export's configured temp storage (the cache: works on several servers)."""
    storage_class = import_string(
        getattr(
            settings, "IMPORT_EXPORT_TMP_STORAGE_CLASS", "import_export.tmp_storages.CacheStorage"
        )
    )
    # The name carries the user: a token is useless to anyone else.
    return storage_class(name=f"plans-import-{user.pk}-{token}", read_mode="r")


def store_upload(user, data: bytes) -> str:
    token = uuid.uuid4().hex
    _storage(user, token).save(base64.b64encode(data).decode("ascii"))
    return token


def load_upload(user, token: str) -> bytes | None:
    storage = _storage(user, token)
    try:
        stored = storage.read()
    except OSError:
        return None
    return base64.b64decode(stored) if stored else None


def discard_upload(user, token: str) -> None:
    with contextlib.suppress(OSError):
        _storage(user, token).remove()


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
def import_upload(request: HttpRequest, templates: dict | None = None, extra=None) -> HttpResponse:
    """Step 1 and 2: upload, then the preview (nothing is written yet)."""
    _require_import_right(request)
    templates = templates or TEMPLATES
    if request.method == "POST":
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = max_upload_bytes()
        if not length.isdigit() or int(length) > limit + MULTIPART_OVERHEAD:
            # Refused before Django reads (and stores) the body at all.
            messages.error(
                request,
                _("Filen är för stor. Den största fil som kan importeras är %(limit)s MB.")
                % {"limit": f"{limit / (1024 * 1024):.1f}".replace(".", ",")},
            )
            context = {**(extra or {}), "form": ImportUploadForm()}
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
        context.update(result=result, form=retry_form, confirm_form=confirm_form)
        return render(request, templates["preview"], context)
    context.update(form=form)
    return render(request, templates["upload"], context, status=400 if form.errors else 200)


@login_required
@require_POST
def import_confirm(
    request: HttpRequest, templates: dict | None = None, extra=None, done_url: str | None = None
) -> HttpResponse:
    """Step 3: import for real, the same file and options as previewed, in one transaction."""
    _require_import_right(request)
    templates = templates or TEMPLATES
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bekräftelsen var ofullständig. Ladda upp filen igen."))
        return redirect(done_url or "plans:import")
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
        return redirect(done_url or "plans:import")
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
        return redirect("plans:import_done", result.receipt_id)
    return redirect(done_url or "plans:import")


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
        return redirect("plans:import_done", receipt_id)
    return redirect(done_url or "plans:import")


@login_required
@require_http_methods(["GET"])
def import_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The imported plan, linked: shown to the user who imported it."""
    _require_import_right(request)
    receipt = get_object_or_404(
        ImportReceipt.objects.select_related("plan"), pk=pk, user=request.user
    )
    plan = receipt.plan
    return render(
        request,
        "plans/import_done.html",
        {"receipt": receipt, "plan": plan, "plan_url": plan_url(plan) if plan else ""},
    )


@login_required
@require_http_methods(["GET"])
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty workbook in the plan's layout, with a legend sheet of the abbreviations."""
    _require_import_right(request)
    response = HttpResponse(
        template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mall-handlingsplan.xlsx"'
    return response


@login_required
@require_http_methods(["GET"])
def export(request: HttpRequest) -> HttpResponse:
    """Choose plan, format and tertial; a valid choice downloads the file."""
    _require_import_right(request)
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        return export_response(
            form.cleaned_data["plan"], form.cleaned_data["format"], form.cleaned_data.get("tertial")
        )
    return render(request, "plans/export.html", {"form": form}, status=400 if form.errors else 200)


def export_response(plan, file_format: str, tertial=None) -> HttpResponse:
    if file_format == "csv":
        content, content_type = export_csv(plan, tertial), "text/csv; charset=utf-8"
    else:
        content = export_xlsx(plan, tertial)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(plan, "csv" if file_format == "csv" else "xlsx")}"'
    )
    return response
