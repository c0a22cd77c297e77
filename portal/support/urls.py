"""SEN Support records under /portal/, in the `support:` namespace."""

app_name = "support"

urlpatterns: list = []
