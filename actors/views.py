"""Account pages: two-factor set-up and check, lockout and CSRF refusal pages."""

import hashlib

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from actors import security
from actors.forms import OTPTokenForm, PasswordResetForm
from actors.middleware import renew, seconds_left
from actors.services import CHOSEN_BEFORE_LOGIN, remember_language
from vallentuna.middleware import LANGUAGE_SESSION_KEY


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return "/"


def qr_code_svg(data: str) -> str:
    """An inline SVG QR code (no image file, no external service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=16)
    return image.to_string(encoding="unicode")


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Second step of the login: a code from the authenticator app."""
    if not user_has_device(request.user):
        return redirect(f"{reverse('actors:otp_setup')}?{request.GET.urlencode()}")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["otp_token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        security.log_event(security.OTP_FAILED, request)
        form.add_error(
            "otp_token",
            _("Koden stämmer inte eller har redan använts. Vänta på nästa kod och försök igen."),
        )
    return render(request, "actors/otp_verify.html", {"form": form, "next": _next_url(request)})


@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, confirm with a first code.

    A user who already has a confirmed device cannot replace it here (that would
    let someone with only the password take over the second factor); an
    administrator removes the old device in admin first.
    """
    user = request.user
    if user_has_device(user):
        return redirect("actors:otp_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Autentiseringsapp"), confirmed=False)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            security.log_event(security.OTP_ENROLLED, request, obj=device)
            return redirect(_next_url(request))
        security.log_event(security.OTP_FAILED, request, stage="setup")
        form.add_error(
            "otp_token",
            _(
                "Koden stämmer inte. Kontrollera att telefonens klocka går rätt, vänta på nästa kod och försök igen."
            ),
        )
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "actors/otp_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": mark_safe(qr_code_svg(device.config_url)),  # noqa: S308 - our own SVG
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@require_http_methods(["POST"])
def keep_alive(request: HttpRequest) -> JsonResponse:
    """ "Fortsätt" in the page's session warning: the session starts its inactivity time
    over. Answers ``{"expires_in": s, "absolute_in": s}`` so that the page can count anew.
    A session that has already ended never gets here (the middleware sends the login page).
    """
    return JsonResponse(renew(request))


@require_http_methods(["GET"])
def session_left(request: HttpRequest) -> JsonResponse:
    """``{"expires_in": s, "absolute_in": s}`` without renewing anything: the page's warning
    counts down conservatively and asks here before it says the session has ended, so that
    it never claims a logout that has not happened (activity in another tab, say). The
    middleware does not count this request as activity."""
    return JsonResponse(seconds_left(request))


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language switch: Django's ``set_language`` (the cookie), and the choice
    in the session too; a logged-in user's choice is stored on the account, so that it
    follows them to another browser and their e-mail is written in it. Which language a
    request gets is decided by ``vallentuna.middleware.ChosenLanguageMiddleware`` only."""
    response = i18n.set_language(request)
    cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie is not None:  # Django accepted the choice
        request.session[LANGUAGE_SESSION_KEY] = cookie.value
        if request.user.is_authenticated:
            remember_language(request.user, cookie.value)
        else:
            request.session[CHOSEN_BEFORE_LOGIN] = True
    return response


@login_not_required
def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes: too many failed logins for this username from this address."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/lockout.html", {"minutes": minutes}, status=429)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A Swedish page instead of Django's English CSRF explanation."""
    security.log_event(security.ACCESS_DENIED, request, reason="csrf")
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def _count_within_window(key: str) -> int:
    """How many times ``key`` was counted in the current window, this time included."""
    window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    """May another link for a new password be sent? At most PASSWORD_RESET_LIMIT_PER_ADDRESS
    per e-mail address and PASSWORD_RESET_LIMIT_PER_IP per client address in
    PASSWORD_RESET_WINDOW_MINUTES. Every request counts, whether the address has an
    account or not, so the answer says nothing about who has one."""
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    per_address = _count_within_window(f"password-reset:address:{address}")
    per_ip = _count_within_window(f"password-reset:ip:{security.client_ip(request)}")
    return (
        per_address <= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        and per_ip <= settings.PASSWORD_RESET_LIMIT_PER_IP
    )


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's page for a new password, with a limit per address and per IP.

    Over the limit nothing is sent and the page says exactly what it says otherwise
    (the neutral "if the address has an account …"), so it reveals neither the limit's
    state nor whether an account exists. The refusal goes to the security log. The e-mail
    is written in the account's language (``PasswordResetForm``).
    """

    form_class = PasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not password_reset_allowed(self.request, email):
            security.log_event(security.PASSWORD_RESET_LIMITED, self.request)
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
