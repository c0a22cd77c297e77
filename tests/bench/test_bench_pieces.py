"""The benchmark's pieces, without a load: the bare view exists only under the bench URLconf,
the query count header, sessions made in the database that the portal treats as signed in and
verified, and the shape of the results file."""

import json

import pytest
from django.test import Client

from bench import run
from bench.sessions import session_make
from portal.auth.rules import needs_second_factor
from tests.factories import PupilFactory, link_parent

pytestmark = pytest.mark.django_db


def test_the_bare_view_does_not_exist_under_normal_settings(client):
    assert client.get("/bench/bare", follow=True).status_code == 404


def test_the_bench_urlconf_serves_the_bare_view_and_counts_queries(client, world, settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    response = client.get("/bench/bare")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["X-Query-Count"] == "0"

    client.cookies["sessionid"] = session_make(world.parent_1)
    dashboard = client.get("/portal/")
    assert dashboard.status_code == 200
    assert int(dashboard["X-Query-Count"]) > 0


def test_a_made_session_signs_staff_in_with_a_verified_second_factor(world):
    assert needs_second_factor(world.senco_a)
    client = Client()
    client.cookies["sessionid"] = session_make(world.senco_a)
    response = client.get(f"/portal/schools/{world.school_a.pk}/")
    # Not sent to the second-factor page: the register itself.
    assert response.status_code == 200
    assert response.wsgi_request.user == world.senco_a
    assert response.wsgi_request.user.is_verified()
    assert world.pupil_a1.legal_last_name in response.content.decode()


def test_a_made_session_signs_a_parent_in_to_their_childs_page(world):
    pupil = PupilFactory(school=world.school_a, legal_first_name="Esme")
    link_parent(world.parent_2, pupil)
    client = Client()
    client.cookies["sessionid"] = session_make(world.parent_2)
    assert client.get(f"/portal/pupils/{pupil.pk}/").status_code == 200
    assert client.get(f"/portal/pupils/{world.pupil_a1.pk}/").status_code == 404


def test_the_results_file_holds_each_figure_its_ratio_to_p_and_the_machine(tmp_path):
    def one(target, round_, rps, cpu):
        return {
            "target": target,
            "label": target,
            "path": "/",
            "users": 10,
            "round": round_,
            "requests": int(rps * 10),
            "errors": 0,
            "rps": rps,
            "p50_ms": 10.0,
            "p95_ms": 20.0,
            "p99_ms": 30.0,
            "cpu_ms_per_request": cpu,
            "status": 200,
            "bytes": 1000,
            "queries": 5,
        }

    runs = [
        one("bare", 1, 500.0, 2.0),
        one("home", 1, 250.0, 4.0),
        one("bare", 2, 400.0, 2.0),
        one("home", 2, 100.0, 8.0),
        one("bare", 3, 600.0, 2.0),
        one("home", 3, 300.0, 4.0),
    ]
    figures = run.summarise(runs)
    home = next(f for f in figures if f["target"] == "home")
    assert home["rps"] == {"min": 100.0, "median": 250.0, "max": 300.0}
    assert home["ratio_to_p"] == {"min": 0.25, "median": 0.5, "max": 0.5}
    assert home["cpu_ratio_to_p"]["median"] == 2.0
    assert home["rounds"] == 3
    assert run.failed_pages(figures) == []
    broken = run.summarise([*runs, {**one("report", 1, 0.0, 0.0), "requests": 0}])
    assert run.failed_pages(broken) == ["report at 10 users: 0 errors in 0 requests"]

    growth = run.growth_rows(runs[:2], [{**runs[1], "queries": 7, "bytes": 2000}], 50)
    assert growth == [
        {
            "target": "home",
            "label": "home",
            "schools": [1, 50],
            "p95_ms": [20.0, 20.0],
            "bytes": [1000, 2000],
            "queries": [5, 7],
            "queries_grow": True,
        }
    ]
    document = run.results_document(
        figures=figures,
        growth=growth,
        machine=run.machine("sqlite", False),
        settings={"quick": True},
        scale={"schools": 2},
    )
    written = json.loads(json.dumps(document))
    assert set(written) == {"generated_at", "machine", "settings", "scale", "figures", "growth"}
    assert {"cpu_model", "cores", "python", "database"} <= set(written["machine"])
    assert written["machine"]["database"] == "sqlite"
    assert "home" in run.table(figures, growth)


def test_every_manifest_page_is_a_target_and_p_comes_first():
    manifest = {
        "report_path": "/riverside1/sen-information-report/",
        "parent": {"user_id": 1, "pupil_id": 7, "school_id": 1, "email": "p@example.org"},
        "senco": {"user_id": 2, "school_id": 1, "register_size": 50, "email": "s@example.org"},
        "senco_small": {"user_id": 3, "school_id": 3, "register_size": 40, "email": "t@e.org"},
        "senco_big": {"user_id": 4, "school_id": 4, "register_size": 1000, "email": "u@e.org"},
        "trust_lead": {"user_id": 5, "trust_id": 1, "email": "l@example.org"},
    }
    targets = run.targets_for(manifest)
    assert targets[0].path == "/bench/bare"
    names = {t.name for t in targets}
    assert {
        "home",
        "home_csrf",
        "report",
        "report_csrf",
        "parent_dashboard",
        "child",
        "senco_small_dashboard",
        "senco_small_register",
        "senco_big_dashboard",
        "senco_big_register",
        "trust_dashboard",
        "sign_in",
    } <= names
    assert next(t for t in targets if t.name == "child").path == "/portal/pupils/7/"


def test_a_journeys_pages_named_in_the_manifest_are_targets():
    manifest = {
        "parent": {"user_id": 1, "pupil_id": 7, "school_id": 1, "email": "p@example.org"},
        "journeys": {
            "messaging.concerns": {
                "targets": [
                    {
                        "name": "concern_list",
                        "label": "SENCO: concerns",
                        "path": "/portal/schools/1/concerns/",
                        "account": "senco",
                    },
                    {
                        "name": "concern_big",
                        "label": "SENCO: concerns (large school)",
                        "path": "/portal/schools/4/concerns/",
                        "account": "senco_big",
                        "growth": False,
                    },
                ]
            }
        },
    }
    targets = {t.name: t for t in run.targets_for(manifest)}
    assert targets["concern_list"].path == "/portal/schools/1/concerns/"
    assert targets["concern_list"].account == "senco"
    assert targets["concern_list"].growth is True
    assert targets["concern_big"].growth is False


def test_a_journey_names_accounts_of_its_own_and_each_gets_sessions(world):
    from bench.sessions import sessions_for_manifest

    manifest = {
        "parent": {"user_id": world.parent_1.pk, "pupil_id": 1, "school_id": 1, "email": "p"},
        "journeys": {"voice": {"targets": [], "accounts": {"dsl": {"user_id": world.senco_a.pk}}}},
    }
    sessions = sessions_for_manifest(manifest, per_account=2)
    assert set(sessions) == {"parent", "dsl"}
    assert len(set(sessions["dsl"])) == 2
    client = Client()
    client.cookies["sessionid"] = sessions["dsl"][0]
    response = client.get(f"/portal/schools/{world.school_a.pk}/")
    assert response.wsgi_request.user == world.senco_a
    assert response.wsgi_request.user.is_verified()


def test_only_the_pages_asked_for_are_loaded_with_p_first():
    manifest = {
        "parent": {"user_id": 1, "pupil_id": 7, "school_id": 1, "email": "p@example.org"},
        "journeys": {
            "voice": {
                "targets": [
                    {"name": "voice_sets_senco", "label": "sets", "path": "/s/", "account": "p"},
                    {"name": "voice_queue_dsl", "label": "queue", "path": "/q/", "account": "d"},
                ]
            }
        },
    }
    targets = run.targets_for(manifest)
    assert [t.name for t in run.chosen(targets, "voice_")] == [
        "bare",
        "voice_sets_senco",
        "voice_queue_dsl",
    ]
    assert [t.name for t in run.chosen(targets, "voice_queue,child")] == [
        "bare",
        "child",
        "voice_queue_dsl",
    ]
    assert run.chosen(targets, "") == targets
