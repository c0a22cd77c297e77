"""A safeguarding flag keeps the pupil's words as they were when flagged (and each later version
while it is open), and a views request keeps when it was cancelled.

Existing flags keep no words: what their answer holds now may not be what was flagged, and the
DSL's page says the words were not kept and shows the answer as it is now. Existing cancelled
requests take the time of their cancellation from the audit trail, in one query.
"""

from django.db import migrations, models
from django.db.models import Max

CANCELLED_ACTION = "voice.request_cancelled"


def fill(apps, schema_editor):
    ViewsRequest = apps.get_model("voice", "ViewsRequest")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    cancelled = {
        str(pk): pk
        for pk in ViewsRequest.objects.filter(
            status="cancelled", cancelled_at__isnull=True
        ).values_list("pk", flat=True)
    }
    if not cancelled:
        return
    when = (
        AuditEvent.objects.filter(
            action=CANCELLED_ACTION,
            object_type="voice.viewsrequest",
            object_id__in=list(cancelled),
        )
        .values("object_id")
        .annotate(at=Max("created_at"))
    )
    rows = []
    for row in when:
        request = ViewsRequest(pk=cancelled[row["object_id"]], cancelled_at=row["at"])
        rows.append(request)
    ViewsRequest.objects.bulk_update(rows, ["cancelled_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0009_alter_auditevent_action"),
        ("voice", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="safeguardingflag",
            name="words",
            field=models.JSONField(
                blank=True, default=list, verbose_name="the pupil's words when flagged"
            ),
        ),
        migrations.AddField(
            model_name="viewsrequest",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
