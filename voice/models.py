"""Pupil voice: question sets, the views requests a pupil answers with a one-time code, their
answers, and the safeguarding flags raised on them.

A pupil has no account. They reach a request by its code (or a member of staff opens it for
them, supervised); services name them with `portal.audit.actors.PupilActor`.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files.models import private_storage


class QuestionKind(models.TextChoices):
    FEELINGS = "feelings", _("Feelings scale (faces)")
    SORT = "sort", _("Sort the cards (I like it, not sure, I don't like it)")
    CHOICE = "choice", _("Choose one card")
    YES_NO = "yes_no", _("Yes, no or not sure")
    HELPS = "helps", _("Things that help me (choose several)")
    FREE_TEXT = "free_text", _("Say it in my own words")
    WHO_HELPED = "who_helped", _("Who helped me")


class SetPurpose(models.TextChoices):
    ALL_ABOUT_ME = "all_about_me", _("All about me (feeds the one-page profile)")
    BEFORE_REVIEW = "before_review", _("Before my review")
    SUPPORT_GOING = "support_going", _("How is my support going?")
    OTHER = "other", _("Other")


class SetScope(models.TextChoices):
    BUILT_IN = "built_in", _("Built in")
    TRUST = "trust", _("Published by the trust")
    SCHOOL = "school", _("The school's own")


class SetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready to use")
    ARCHIVED = "archived", _("Archived")


class QuestionSet(models.Model):
    """A set of questions a pupil answers one at a time.

    Built-in sets belong to no school or trust; their words are English msgids, translated
    when shown. A school's copy (or a trust's) starts from another set and is edited freely.
    """

    scope = models.CharField(_("whose set"), max_length=20, choices=SetScope.choices)
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    trust = models.ForeignKey(
        "schools.Trust", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Built-in sets have a stable key, so a fresh database finds the same set.
    key = models.SlugField(_("key"), max_length=50, blank=True)
    purpose = models.CharField(_("what it is for"), max_length=20, choices=SetPurpose.choices)
    title = models.CharField(_("title"), max_length=120)
    introduction = models.CharField(_("what the pupil reads first"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SetStatus.choices, default=SetStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("question set")
        constraints = [
            models.CheckConstraint(
                name="voice_set_owner_matches_scope",
                condition=(
                    Q(scope=SetScope.BUILT_IN, school__isnull=True, trust__isnull=True)
                    | Q(scope=SetScope.TRUST, school__isnull=True, trust__isnull=False)
                    | Q(scope=SetScope.SCHOOL, school__isnull=False, trust__isnull=True)
                ),
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(scope=SetScope.BUILT_IN),
                name="voice_one_built_in_set_per_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of question"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question, in words a child understands"), max_length=200)
    # An OpenMoji code point sequence such as "1F600" (the file name without ".svg").
    symbol = models.CharField(_("symbol"), max_length=40, blank=True)
    # For the feelings scale: 3 or 5 faces.
    scale_size = models.PositiveSmallIntegerField(_("number of faces"), null=True, blank=True)
    allow_audio = models.BooleanField(_("the pupil may record an answer"), default=False)
    # For "All about me": the passport heading this answer feeds ("" for none).
    passport_heading = models.CharField(_("passport heading it feeds"), max_length=200, blank=True)

    class Meta:
        ordering = ["question_set", "order", "id"]
        verbose_name = _("question")
        constraints = [
            models.CheckConstraint(
                name="voice_feelings_scale_has_three_or_five_faces",
                condition=~Q(kind="feelings") | Q(scale_size__in=[3, 5]),
            ),
        ]

    def __str__(self) -> str:
        return self.text


class QuestionOption(models.Model):
    """A card for a sort, a choice or "things that help me"."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("words on the card"), max_length=120)
    symbol = models.CharField(_("symbol"), max_length=40, blank=True)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("card")

    def __str__(self) -> str:
        return self.text


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the pupil")
    STARTED = "started", _("Started")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class ViewsRequest(models.Model):
    """Staff ask a pupil for their views: one set, optionally for a meeting, reached by a
    one-time code until it expires or the pupil finishes."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="+")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "support_meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Eight characters from an alphabet with no look-alikes; unique while anyone could use it.
    code = models.CharField(_("code"), max_length=8, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    expires_at = models.DateTimeField(_("the code works until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Where the pupil stopped: the order of the next question to show (resume goes there).
    position = models.PositiveSmallIntegerField(default=0)
    # The display the pupil (or the adult with them) chose; staff set the first choice.
    symbols_on = models.BooleanField(_("show symbols"), default=True)
    calm = models.BooleanField(_("calm display"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("views request")
        indexes = [models.Index(fields=["school", "status"], name="voice_req_school_status")]

    def __str__(self) -> str:
        return f"{self.pupil_id}: {self.question_set_id}"


class GatheredHow(models.TextChoices):
    INDEPENDENTLY = "independently", _("The pupil answered on their own")
    WITH_HELP = "with_help", _("The pupil answered with help")
    SCRIBED = "scribed", _("An adult wrote down what the pupil said")
    OBSERVATION = "observation", _("Through observation")
    SYMBOLS = "symbols", _("With symbols or the sort")


class ReviewStatus(models.TextChoices):
    NOT_REVIEWED = "not_reviewed", _("Not reviewed yet")
    REVIEWED = "reviewed", _("Reviewed")


class Response(models.Model):
    """A pupil's answers to one request, and how they were gathered."""

    request = models.OneToOneField(ViewsRequest, on_delete=models.CASCADE, related_name="response")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="+")
    # Supervised: a signed-in member of staff opened the form on their own device.
    supervised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    gathered_how = models.CharField(
        _("how the views were gathered"), max_length=20, choices=GatheredHow.choices, blank=True
    )
    helped_by = models.CharField(_("who helped"), max_length=200, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    review_status = models.CharField(
        _("review"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.NOT_REVIEWED,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("note for the record"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("pupil's response")
        indexes = [models.Index(fields=["pupil", "review_status"], name="voice_resp_pupil_review")]

    def __str__(self) -> str:
        return f"{self.pupil_id}: {self.request_id}"

    @property
    def ended_unfinished(self) -> bool:
        """The pupil never finished and the code no longer works: the request was cancelled or
        its code expired. What the pupil answered is still their views."""
        if self.finished_at is not None:
            return False
        views_request = self.request
        return views_request.status == RequestStatus.CANCELLED or (
            views_request.status != RequestStatus.FINISHED
            and views_request.expires_at <= timezone.now()
        )

    @property
    def ended_at(self) -> datetime.datetime | None:
        """When the code of an unfinished response stopped working (None when not known)."""
        if not self.ended_unfinished:
            return None
        if self.request.status == RequestStatus.CANCELLED:
            return self.request.cancelled_at
        return self.request.expires_at

    @property
    def reviewable(self) -> bool:
        """Finished, or ended before the pupil finished. While the code still works the pupil
        may still be answering."""
        return self.finished_at is not None or self.ended_unfinished


class Wording(models.TextChoices):
    OWN_WORDS = "own_words", _("The pupil's own words")
    PARAPHRASE = "paraphrase", _("An adult's paraphrase")


def audio_path(instance: Answer, filename: str) -> str:
    """A random name under the school's folder, never the name the browser gave."""
    return f"voice/{instance.response.school_id}/{uuid.uuid4().hex}"


class Answer(models.Model):
    """One answer, saved the moment it is given.

    `value` depends on the kind: {"face": 1..5}, {"sort": {"<option id>": "like" | "not_sure" |
    "dislike"}}, {"choice": <option id>}, {"answer": "yes" | "no" | "not_sure" |
    "dont_understand"}, {"picked": [<option id>, ...]}, {"text": "..."} or, for who helped,
    {"who": ["<who>", ...]}. Free words are in `text` for every kind.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(_("answer"), default=dict, blank=True)
    text = models.TextField(_("in my own words"), blank=True)
    audio = models.FileField(
        _("recorded answer"), upload_to=audio_path, storage=private_storage, blank=True
    )
    audio_seconds = models.FloatField(_("length of the recording"), null=True, blank=True)
    audio_type = models.CharField(_("kind of recording"), max_length=60, blank=True)
    just_for_teacher = models.BooleanField(_("just for my teacher"), default=False)
    wording = models.CharField(
        _("whose words"), max_length=20, choices=Wording.choices, default=Wording.OWN_WORDS
    )
    answered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["response", "question__order", "question_id"]
        verbose_name = _("answer")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="voice_one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.question_id}"


class CommunicationNote(models.Model):
    """ "How I communicate and give my views": kept on the pupil's profile for whoever asks next."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.OneToOneField("pupils.Pupil", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("how I communicate and give my views"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("how the pupil communicates")

    def __str__(self) -> str:
        return str(self.pupil_id)


class TargetCheckIn(models.Model):
    """ "My targets": the pupil says with a face how one of their targets is going."""

    request = models.ForeignKey(ViewsRequest, on_delete=models.CASCADE, related_name="check_ins")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="+")
    outcome = models.ForeignKey("support_plans.Outcome", on_delete=models.CASCADE, related_name="+")
    # The target's words as the pupil saw them.
    target = models.TextField(_("my target"))
    face = models.PositiveSmallIntegerField(_("how it is going"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("how a target is going")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "outcome"], name="voice_one_check_in_per_target_and_request"
            ),
            models.CheckConstraint(
                name="voice_check_in_face_1_to_5", condition=Q(face__gte=1, face__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id}: {self.outcome_id}"


class SafeguardingWords(models.Model):
    """The school's list of words and phrases that flag an answer, one a line. A school with no
    row uses the default list (`voice/data/safeguarding_words.txt`)."""

    school = models.OneToOneField("schools.School", on_delete=models.CASCADE, related_name="+")
    phrases = models.TextField(_("words and phrases, one a line"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("safeguarding words")

    def __str__(self) -> str:
        return str(self.school_id)


class FlagStatus(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


# Between two versions of the pupil's words on a flag: the earlier above, the later below.
class SafeguardingFlag(models.Model):
    """An answer whose words matched the school's list. The response is held from parents until
    the DSL resolves every flag on it and says parents may see it."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="flags")
    answer = models.ForeignKey(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="flags"
    )
    # The phrases that matched, one a line (for the DSL only).
    matched = models.TextField(_("words that matched"))
    # The pupil's words as they were when flagged, then each later version while the flag was
    # open, as a list of strings: the answer may change or go, these stay. Empty for a flag
    # raised before the words were kept. For the DSL only, like `matched`.
    words = models.JSONField(_("the pupil's words when flagged"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FlagStatus.choices, default=FlagStatus.NEW
    )
    parents_may_see = models.BooleanField(_("parents may see the views"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("safeguarding flag")
        indexes = [models.Index(fields=["school", "status"], name="voice_flag_school_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["answer"],
                condition=Q(answer__isnull=False) & ~Q(status="resolved"),
                name="voice_one_open_flag_per_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id}: {self.status}"


class FlagNote(models.Model):
    flag = models.ForeignKey(SafeguardingFlag, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note on a flag")

    def __str__(self) -> str:
        return str(self.flag_id)
