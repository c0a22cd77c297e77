"""Page weight: what a first visit to the pages people use most costs a phone, in bytes and in
requests, measured in the browser and held under a budget.

Each page is loaded with the browser's cache off, as on a first visit, and every HTTP request
it makes until the network is quiet is counted: the HTML, the stylesheet, the scripts and
anything they fetch. The live-notification socket is a connection, not page weight, and is not
counted.

Bytes are counted decoded (the bodies as the browser uses them), which does not depend on
whether the server compresses: the test server sends static files and HTML uncompressed, a
production server may not. For the reader, each body's gzipped size (level 6, as a server
would) is reported too, with the bytes the test server actually sent.

Run with `-s` (or `-rP`) to see the figures; to change a budget, measure, and leave headroom
for ordinary growth, not for a whole new library.
"""

from __future__ import annotations

import gzip
from collections import Counter
from dataclasses import dataclass, field

from portal.pupils.models import AreaOfNeed, SenStatus
from tests.browser.test_pages import (  # noqa: F401 - the signed-in SENCO fixtures
    senco_page,
    senco_with_backup_code,
    sign_in_through_ui,
)
from tests.content.conftest import site  # noqa: F401 - the public pages fixture
from tests.factories import PupilFactory

KB = 1024
# A small primary school's SEN register: about a fifth of 200 pupils.
REGISTER_SIZE = 40


@dataclass(frozen=True)
class Budget:
    kilobytes: int  # decoded bytes of every response, over 1024
    requests: int


# Measured when set (decoded, cache off): the report 172 KB, the child page 163 KB, the register
# with 40 pupils 181 KB, each in 5 requests (the HTML, main.css 105 KB, and three scripts
# together 50 KB). With the whole of govuk-frontend compiled into main.css (155 KB) every page
# was 50 KB heavier and over these budgets.
BUDGETS = {
    "SEN information report": Budget(kilobytes=200, requests=6),
    "parent's view of a child": Budget(kilobytes=190, requests=6),
    "SEN register": Budget(kilobytes=215, requests=6),
}


@dataclass
class Weight:
    label: str
    url: str
    requests: int = 0
    decoded_bytes: int = 0
    gzipped_bytes: int = 0
    sent_bytes: int = 0  # bodies and headers as the test server sent them
    by_type: Counter = field(default_factory=Counter)  # decoded bytes per resource type
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        types = ", ".join(f"{kind} {size / KB:.1f}" for kind, size in self.by_type.most_common())
        return (
            f"{self.label}: {self.requests} requests, {self.decoded_bytes / KB:.1f} KB decoded "
            f"({types}), {self.gzipped_bytes / KB:.1f} KB gzipped, "
            f"{self.sent_bytes / KB:.1f} KB sent by the test server"
        )


def weigh(page, label: str, url: str) -> Weight:
    """Load `url` in `page` with the cache off and add up every HTTP request it makes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    finished = []
    failed = []

    def on_finished(request):
        finished.append(request)

    def on_failed(request):
        failed.append(request)

    page.on("requestfinished", on_finished)
    page.on("requestfailed", on_failed)
    try:
        response = page.goto(url)
        status = response and response.status
        assert response is not None and response.ok, f"{url} answered {status}"
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("requestfinished", on_finished)
        page.remove_listener("requestfailed", on_failed)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.detach()

    weight = Weight(label=label, url=url)
    for request in finished:
        response = request.response()
        body = response.body() if response is not None else b""
        sizes = request.sizes()
        weight.requests += 1
        weight.decoded_bytes += len(body)
        weight.gzipped_bytes += len(gzip.compress(body, compresslevel=6))
        weight.sent_bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        weight.by_type[request.resource_type] += len(body)
        if response is None or response.status >= 400:
            weight.failures.append(f"{request.url} answered {response and response.status}")
    for request in failed:
        weight.requests += 1
        weight.failures.append(f"{request.url} failed: {request.failure}")
    return weight


def assert_within_budget(weight: Weight) -> None:
    print(weight.line())
    budget = BUDGETS[weight.label]
    assert not weight.failures, f"{weight.label}: requests that failed:\n" + "\n".join(
        weight.failures
    )
    assert weight.requests <= budget.requests, (
        f"{weight.label} makes {weight.requests} requests, over its budget of {budget.requests}"
    )
    assert weight.decoded_bytes <= budget.kilobytes * KB, (
        f"{weight.label} weighs {weight.decoded_bytes / KB:.1f} KB, over its budget of "
        f"{budget.kilobytes} KB:\n{weight.line()}"
    )


def test_the_sen_information_report_stays_within_its_budget(live_server, site, page):  # noqa: F811
    weight = weigh(page, "SEN information report", live_server.url + site.report_a.url)

    assert page.locator("h1").inner_text() == "SEN information report"
    assert_within_budget(weight)


def test_the_parents_view_of_a_child_stays_within_its_budget(live_server, world, page):
    sign_in_through_ui(page, live_server.url, world.parent_1.email)
    weight = weigh(
        page, "parent's view of a child", f"{live_server.url}/portal/pupils/{world.pupil_a1.pk}/"
    )

    assert page.locator("h1").inner_text() == "Aisha Khan"
    assert_within_budget(weight)


def test_the_sen_register_stays_within_its_budget(live_server, world, senco_page):  # noqa: F811
    statuses = list(SenStatus)
    areas = list(AreaOfNeed)
    on_register = world.school_a.pupils.count()
    for n in range(REGISTER_SIZE - on_register):
        PupilFactory(
            school=world.school_a,
            year_group=n % 7,
            sen_status=statuses[n % len(statuses)],
            areas=[areas[n % len(areas)], areas[(n + 1) % len(areas)]],
        )

    weight = weigh(
        senco_page, "SEN register", f"{live_server.url}/portal/schools/{world.school_a.pk}/"
    )

    assert senco_page.locator("table", has_text="Williams, Leo").count() == 1
    assert_within_budget(weight)
