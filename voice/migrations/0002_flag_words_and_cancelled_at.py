"""A safeguarding flag keeps the pupil's words as they were when flagged, and a views request
keeps when it was cancelled.

Existing flags get the words their answer holds now (its free words, then the text in its
value, as the screening reads them): the closest record there is. A flag whose answer is gone
keeps none. Existing cancelled requests take the time of their cancellation from the audit
trail.
"""

from django.db import migrations, models

CANCELLED_ACTION = "voice.request_cancelled"


def _texts_in(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts_in(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts_in(item)]
    return []


def _pupil_words(text, value):
    pieces = []
    for piece in [text or "", *_texts_in(value)]:
        piece = piece.strip()
        if piece and piece not in pieces:
            pieces.append(piece)
    return "\n".join(pieces)


def fill(apps, schema_editor):
    SafeguardingFlag = apps.get_model("voice", "SafeguardingFlag")
    ViewsRequest = apps.get_model("voice", "ViewsRequest")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    flags = []
    for flag in (
        SafeguardingFlag.objects.filter(answer__isnull=False, words="")
        .select_related("answer")
        .iterator(chunk_size=500)
    ):
        flag.words = _pupil_words(flag.answer.text, flag.answer.value)
        flags.append(flag)
        if len(flags) >= 500:
            SafeguardingFlag.objects.bulk_update(flags, ["words"])
            flags = []
    if flags:
        SafeguardingFlag.objects.bulk_update(flags, ["words"])
    cancelled = ViewsRequest.objects.filter(status="cancelled", cancelled_at__isnull=True)
    for views_request in cancelled.iterator(chunk_size=500):
        event = (
            AuditEvent.objects.filter(
                action=CANCELLED_ACTION,
                object_type="voice.viewsrequest",
                object_id=str(views_request.pk),
            )
            .order_by("-created_at")
            .first()
        )
        if event is not None:
            ViewsRequest.objects.filter(pk=views_request.pk).update(cancelled_at=event.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0009_alter_auditevent_action"),
        ("voice", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="safeguardingflag",
            name="words",
            field=models.TextField(blank=True, verbose_name="the pupil's words when flagged"),
        ),
        migrations.AddField(
            model_name="viewsrequest",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
