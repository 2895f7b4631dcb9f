"""The console's policy versions: the admin edits a draft in the TOML editor, sees what it
refuses, the diff, replays and activates; other roles cannot."""

import re

import pytest

from aftersales.db import make_session_factory
from aftersales.policysets import service
from aftersales.policysets.demo import demo_draft_files
from tests.support.pages import csrf, login, page_client


@pytest.fixture
def web(sqlite_engine, tmp_path):
    with page_client(sqlite_engine, tmp_path) as client:
        yield client


def _editor_form(page: str) -> dict[str, str]:
    files = dict(
        (name, text)
        for name, text in re.findall(
            r'<textarea class="toml" name="file:([^"]+)"[^>]*>(.*?)</textarea>', page, re.S
        )
        if name != "__new__"
    )
    import html

    return {f"file:{k}": html.unescape(v) for k, v in files.items()}


def test_the_admin_saves_a_draft_sees_the_diff_replays_and_activates(web, sqlite_engine):
    token = login(web, "admin", then="/policy/versions")
    listing = web.get("/policy/versions")
    assert listing.status_code == 200 and "v1" in listing.text
    editor = web.get("/policy/versions/new")
    assert editor.status_code == 200
    form = _editor_form(editor.text)
    assert "file:footwear.toml" in form and "file:policyset.toml" in form

    # A typo is refused with file, clause and reason; the texts stay in the editor.
    bad = dict(form)
    bad["file:fraud.toml"] = form["file:fraud.toml"].replace(
        "[[clause]]", "[[clause]]\nkindd = 1", 1
    )
    answer = web.post(
        "/policy/versions", data=bad | {"note": "typo", "csrf_token": csrf(editor.text)}
    )
    assert answer.status_code == 422
    assert "fraud.toml" in answer.text and "kindd" in answer.text
    assert "kindd = 1" in answer.text  # the admin's text is kept

    files = demo_draft_files({k.removeprefix("file:"): v for k, v in form.items()})
    good = {f"file:{k}": v for k, v in files.items()}
    answer = web.post(
        "/policy/versions",
        data=good | {"note": "胶鞋三个月", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    page = web.get(answer.headers["location"])
    assert "胶鞋三个月" in page.text and "footwear.toml" in page.text
    assert 'class="add"' in page.text and "3 months" in page.text
    draft_id = int(answer.headers["location"].rsplit("/", 1)[1])

    replay = web.post(
        f"/policy/versions/{draft_id}/replays",
        data={"months": "6", "csrf_token": csrf(page.text)},
        follow_redirects=False,
    )
    assert replay.status_code == 303, replay.text
    result = web.get(replay.headers["location"])
    assert result.status_code == 200 and 'id="claims-changed"' in result.text
    bad_months = web.post(
        f"/policy/versions/{draft_id}/replays", data={"months": "x", "csrf_token": csrf(page.text)}
    )
    assert bad_months.status_code == 422

    with make_session_factory(sqlite_engine)() as session:
        shipped = service.active_row(session).id
    try:
        activated = web.post(
            f"/policy/versions/{draft_id}/activate",
            data={"version": "1", "csrf_token": csrf(page.text)},
            follow_redirects=False,
        )
        assert activated.status_code == 303
        assert 'id="version-status">' in web.get(f"/policy/versions/{draft_id}").text
        with make_session_factory(sqlite_engine)() as session:
            assert service.active_set(session).id == draft_id
    finally:
        back = web.get(f"/policy/versions/{shipped}")
        web.post(
            f"/policy/versions/{shipped}/activate",
            data={"csrf_token": csrf(back.text)},
            follow_redirects=False,
        )
    with make_session_factory(sqlite_engine)() as session:
        assert service.active_set(session).id == shipped


def test_a_clerk_has_no_policy_versions(web):
    login(web, "staff")
    assert web.get("/policy/versions").status_code == 403
    assert "/policy/versions" not in web.get("/home").text
