"""Pupil voice, in the `voice:` namespace: the pupils' pages under /voice/ and the staff's under
/portal/."""

from voice.answering import urls as answering_urls
from voice.asking import urls as asking_urls
from voice.audio import urls as audio_urls
from voice.review import urls as review_urls
from voice.safeguarding import urls as safeguarding_urls
from voice.sets import urls as set_urls

app_name = "voice"

urlpatterns = [
    *asking_urls.urlpatterns,
    *answering_urls.urlpatterns,
    *audio_urls.urlpatterns,
    *review_urls.urlpatterns,
    *safeguarding_urls.urlpatterns,
    *set_urls.urlpatterns,
]
