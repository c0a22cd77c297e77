"""SEN Support records under /portal/, in the `support:` namespace."""

from portal.support.checklist import urls as checklist_urls
from portal.support.consent import urls as consent_urls
from portal.support.evidence import urls as evidence_urls
from portal.support.meetings import urls as meeting_urls
from portal.support.notices import urls as notice_urls
from portal.support.passports import urls as passport_urls
from portal.support.plans import urls as plan_urls

app_name = "support"

urlpatterns = [
    *plan_urls.urlpatterns,
    *meeting_urls.urlpatterns,
    *consent_urls.urlpatterns,
    *notice_urls.urlpatterns,
    *passport_urls.urlpatterns,
    *checklist_urls.urlpatterns,
    *evidence_urls.urlpatterns,
]
