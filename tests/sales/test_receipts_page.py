"""The receipt search page: the form shows again as typed, a bad phone is named."""

import re

from tests.sales.test_sale_entry_page import _logged_in


def test_the_search_form_shows_again_as_typed(engine):
    web = _logged_in(engine, "admin")
    page = web.get("/receipts?q=NOPE-1&phone=12&store=S1&counter=S1-F1-C01&date_from=2026-01-01")
    assert page.status_code == 200
    for name, value in (("q", "NOPE-1"), ("phone", "12"), ("counter", "S1-F1-C01")):
        assert re.search(rf'name="{name}" value="{value}"', page.text)
    assert 'value="2026-01-01"' in page.text
    blank = web.get("/receipts")
    assert blank.status_code == 200 and 'name="q" value=""' in blank.text
