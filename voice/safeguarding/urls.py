"""URLs of this part of pupil voice (see voice/urls.py)."""

urlpatterns: list = []
