from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME, "SITE_NAME": settings.SITE_NAME}
