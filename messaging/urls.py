"""Concerns and conversations, under /portal/ in the `messaging:` namespace."""

from messaging.concerns import urls as concern_urls
from messaging.conversations import urls as conversation_urls

app_name = "messaging"

urlpatterns = [
    *concern_urls.urlpatterns,
    *conversation_urls.urlpatterns,
]
