"""The security log: logins, failures, lockouts, refused accesses and imports.

One line per event on the logger named ``security`` (configured in settings), so
that operations can ship it wherever the municipality keeps its logs. Each line
says what happened, who, from which IP address and on which object. Passwords,
tokens and codes are never written, and line breaks in anything a user typed
are escaped so that nobody can forge a log line.
"""

import logging
import re
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

logger = logging.getLogger("security")

# Event names used across the project (others may be added by callers).
LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOCKOUT = "lockout"
LOGOUT = "logout"
ACCESS_DENIED = "access_denied"
NOT_FOUND = "not_found"
IMPORT = "import"
OTP_FAILED = "otp_failed"
OTP_ENROLLED = "otp_enrolled"
SESSION_ENDED = "session_ended"
# Report links for actors without an account (followup.report_links): every use and refusal.
REPORT_LINK_USED = "report_link_used"
REPORT_LINK_REFUSED = "report_link_refused"
REPORT_LINK_RATE_LIMITED = "report_link_rate_limited"

# Keys whose values must never reach a log, whatever the caller passes: a key is
# secret when one of its underscore-separated parts is one of these words.
_SECRET_PARTS = {
    "password",
    "passwd",
    "pwd",
    "password1",
    "password2",
    "pass",
    "token",
    "secret",
    "otp",
    "totp",
    "csrf",
    "csrfmiddlewaretoken",
    "sessionid",
    "session",
    "cookie",
    "key",
    "apikey",
    "authorization",
}
_SECRET_KEYS = {"code", "otp_token", "new_password1", "new_password2", "old_password"}
_REDACTED = "[borttaget]"
_MAX_VALUE_LENGTH = 500


def escape(value: Any) -> str:
    """Text safe for one log line: control characters escaped, quotes escaped, length capped."""
    text = str(value)
    if len(text) > _MAX_VALUE_LENGTH:
        text = text[:_MAX_VALUE_LENGTH] + "…"
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    # Any other control character (including Unicode line separators).
    return re.sub(
        r"[\x00-\x1f\x7f\u2028\u2029\x85]",
        lambda m: f"\\x{ord(m.group()):02x}",
        text,
    )


def client_ip(request: HttpRequest | None) -> str:
    """The client's address. Behind our proxy (BEHIND_PROXY=1) the address the proxy added.

    The proxy appends the address it saw to X-Forwarded-For, so only the last entry
    can be trusted: earlier ones are whatever the client sent (and an attacker
    could otherwise pick a new "address" for every guess and dodge the lockout).
    """
    if request is None:
        return ""
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [e.strip() for e in forwarded.split(",") if e.strip()]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR", "")


def is_secret(key: str) -> bool:
    key = key.lower()
    return key in _SECRET_KEYS or bool(_SECRET_PARTS & set(re.split(r"[_\-.]", key)))


def _redact(value: Any) -> Any:
    """Mappings (e.g. a form's data) lose the values of their secret keys."""
    if hasattr(value, "items"):
        return {k: (_REDACTED if is_secret(str(k)) else _redact(v)) for k, v in value.items()}
    return value


def _describe_user(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "-"
    return f"{user.get_username()}#{user.pk}"


def _describe_object(obj: Any) -> str:
    if obj is None:
        return ""
    meta = getattr(obj, "_meta", None)
    if meta is not None:
        return f"{meta.label}:{obj.pk} {obj}"
    return str(obj)


def format_event(
    event: str,
    request: HttpRequest | None = None,
    user: Any = None,
    obj: Any = None,
    **details: Any,
) -> str:
    """The log line for an event (separate from logging so tests can check it)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    fields: list[tuple[str, Any]] = [
        ("event", event),
        ("time", timezone.now().isoformat(timespec="seconds")),
        ("user", _describe_user(user)),
        ("ip", client_ip(request) or "-"),
    ]
    if request is not None and request.path:
        fields.append(("method", request.method or ""))
        # A view may hide a secret in its path (a report link's token): ``security_log_path``.
        fields.append(("path", getattr(request, "security_log_path", request.path)))
    if obj is not None:
        fields.append(("object", _describe_object(obj)))
    for key, value in sorted(details.items()):
        fields.append((key, _REDACTED if is_secret(key) else _redact(value)))
    return " ".join(f'{escape(key)}="{escape(value)}"' for key, value in fields)


def log_event(
    event: str,
    request: HttpRequest | None = None,
    user: Any = None,
    obj: Any = None,
    **details: Any,
) -> None:
    """Write one security event: what, who, when, from where and on what.

    ``user`` defaults to ``request.user``. ``details`` are extra key=value pairs
    (e.g. ``attempted_username``, ``rows``); keys that look like secrets are
    written as redacted, never with their value.
    """
    logger.info(format_event(event, request=request, user=user, obj=obj, **details))
    if request is not None and event in (ACCESS_DENIED, NOT_FOUND):
        request._security_logged = True  # the middleware need not log it again
    if request is not None and event == IMPORT:
        request._import_logged = True


# --- Receivers: authentication events become security-log lines ------------------
# Connected when this module is imported (actors.admin imports it, and admin
# modules are loaded by django.setup()), with dispatch_uid so only once.


def _on_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        from actors.middleware import mark_login

        mark_login(request)
    log_event(LOGIN, request, user=user)


def _on_logout(sender, request, user, **kwargs) -> None:
    log_event(LOGOUT, request, user=user)
    if request is not None and user is not None:
        from django.contrib import messages
        from django.utils.translation import gettext as _

        # Shown on the login page the user lands on (not a security matter).
        messages.info(request, _("Du är utloggad."), fail_silently=True)


def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password in ``credentials``; we keep only the name.
    log_event(LOGIN_FAILED, request, attempted_username=credentials.get("username", ""))


def _on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    log_event(LOCKOUT, request, attempted_username=username or "", locked_ip=ip_address)


def connect_receivers() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(_on_login, dispatch_uid="security_log_login")
    user_logged_out.connect(_on_logout, dispatch_uid="security_log_logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="security_log_login_failed")
    user_locked_out.connect(_on_locked_out, dispatch_uid="security_log_locked_out")


connect_receivers()
