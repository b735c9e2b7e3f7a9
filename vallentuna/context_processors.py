from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "SITE_NAME": settings.SITE_NAME,
        "ACCESSIBILITY_CONTACT_EMAIL": settings.ACCESSIBILITY_CONTACT_EMAIL,
    }
