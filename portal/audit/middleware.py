"""Every request gets an id (or keeps a well-formed one from the proxy) for logs and audit rows."""

from portal.audit.actors import request_id_of


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_of(request)
        response = self.get_response(request)
        response.setdefault("X-Request-ID", request_id)
        return response
