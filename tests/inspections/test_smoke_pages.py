"""Every supervision and staff page answers for the roles that use it, in both languages."""

import pytest

from tests.inspections.test_pages import login, web  # noqa: F401 - the fixture

PAGES = [
    ("inspector", "/inspections"),
    ("inspector", "/inspections/new"),
    ("inspector", "/inspections/new?template=mystery_shopper&counter=S1-F1-C01"),
    ("inspector", "/inspections/new?template=complaint_test_call&counter=S1-F1-C01"),
    ("counter_manager", "/corrective-actions"),
    ("staff", "/corrective-actions"),
    ("admin", "/inspection-templates"),
    ("dept_manager", "/inspections/trends?store=S1"),
    ("dept_manager", "/staff"),
    ("floor_supervisor", "/training"),
    ("staff", "/staff/me"),
    ("dept_manager", "/surveys"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("who", "path"), PAGES)
def test_the_page_answers(web, who, path, lang):  # noqa: F811
    login(web, who)
    web.get(f"/lang/{lang}")
    page = web.get(path)
    assert page.status_code == 200, page.text[:500]


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("staff", "/inspection-templates"),
        ("staff", "/training"),
        ("inspector", "/surveys"),
        ("staff", "/inspections/new"),
    ],
)
def test_the_wrong_role_is_refused(web, who, path):  # noqa: F811
    login(web, who)
    assert web.get(path).status_code == 403
