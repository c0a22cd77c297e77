"""The Content-Security-Policy, with one allowance for the third-party admin screens."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

from portal.middleware import unprefixed

# The Wagtail and Django admin screens set inline style attributes. They get inline styles
# (never inline scripts); every page of the portal itself keeps the strict nonce policy.
ADMIN_PREFIXES = ("/cms/", "/django-admin/")


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if unprefixed(request.path_info).startswith(ADMIN_PREFIXES):
            parts.replace = {**(parts.replace or {}), "style-src": [SELF, UNSAFE_INLINE]}
        return parts
