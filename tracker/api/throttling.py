from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousClientThrottle(AnonRateThrottle):
    """Anonymous clients' rate, read from ``settings.API_ANONYMOUS_RATE`` on each request
    (DRF's own class reads its rates once, at import)."""

    def get_rate(self) -> str:
        return settings.API_ANONYMOUS_RATE
