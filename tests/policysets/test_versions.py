"""Policy set versions in the database (both databases): the shipped set in force, drafts
refused unless they validate as `policy validate` does, activation audited, claims keeping
the version that decided them."""

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.claims.open import open_claim
from aftersales.errors import Forbidden, StaleVersion
from aftersales.policysets import service
from aftersales.policysets.errors import DraftInvalid
from aftersales.policysets.models import PolicySetVersion, VersionStatus
from tests.claims.factories import claim_in, person, sale
from tests.policysets.helpers import FUTURE, rubber_draft


def _versions(session) -> int:
    return session.scalar(select(func.count()).select_from(PolicySetVersion))


def test_the_shipped_files_are_the_active_version(session):
    row = service.active_row(session)
    assert row is not None and row.origin == "shipped"
    assert row.files == service.shipped_files()
    active = service.active_set(session)
    assert active.id == row.id and active.policy_set.version == row.label
    assert service.ensure_shipped(session) is None  # stored once


def test_a_draft_with_an_unknown_key_is_refused_naming_file_clause_and_reason(session):
    admin = person(session, "admin")
    files = dict(service.active_row(session).files)
    files["footwear.toml"] = files["footwear.toml"].replace(
        'id = "footwear.break.replace"', 'id = "footwear.break.replace"\ncondtion_none = []', 1
    )
    before, active = _versions(session), service.active_set(session)
    with pytest.raises(DraftInvalid) as refused:
        service.save_draft(session, files=files, note="typo", actor=admin)
    error = refused.value.errors[0]
    assert error["file"] == "footwear.toml"
    assert error["clause"] == "footwear.break.replace"
    assert "condtion_none" in error["message"]
    assert refused.value.field == "files.footwear.toml" and refused.value.status == 422
    assert _versions(session) == before
    assert service.active_set(session) is active


def test_a_draft_that_is_not_toml_or_breaks_a_check_is_refused(session):
    admin = person(session, "admin")
    files = dict(service.active_row(session).files)
    broken = files | {"fraud.toml": files["fraud.toml"] + "\n[[clause]\n"}
    with pytest.raises(DraftInvalid) as refused:
        service.save_draft(session, files=broken, note="x", actor=admin)
    assert refused.value.errors[0]["file"] == "fraud.toml"
    assert "not valid TOML" in refused.value.errors[0]["message"]
    # A check finding (not the loader): a category mapped to a policy nobody defines.
    mapped = files | {
        "policyset.toml": files["policyset.toml"].replace(
            'general = "general"', 'general = "general"\ntoys = "toys"', 1
        )
    }
    with pytest.raises(DraftInvalid) as refused:
        service.save_draft(session, files=mapped, note="x", actor=admin)
    assert refused.value.errors[0]["file"] == "policyset.toml"
    assert "toys" in refused.value.errors[0]["message"]


def test_only_an_admin_edits_and_activates(session):
    staff, manager = person(session, "staff"), person(session, "dept_manager")
    with pytest.raises(Forbidden):
        rubber_draft(session, staff)
    draft = rubber_draft(session, person(session, "admin"))
    with pytest.raises(Forbidden):
        service.activate(session, version_id=draft, actor=manager)
    assert service.get_version(session, user=manager, version_id=draft).status == "draft"


def test_activation_is_audited_and_every_claim_keeps_its_version(session):
    admin = person(session, "admin")
    first = service.active_set(session)
    receipt_no = sale(session, days_ago=18)
    old_claim = open_claim(
        session, data=claim_in(receipt_no), actor=person(session, "staff"), now=FUTURE
    )
    assert old_claim.policy_version_id == first.id
    draft = rubber_draft(session, admin)
    row = service.get_version(session, user=admin, version_id=draft)
    with pytest.raises(StaleVersion):
        service.activate(session, version_id=draft, actor=admin, expected_version=row.version + 1)
    service.activate(session, version_id=draft, actor=admin, expected_version=row.version)
    assert service.active_set(session).id == draft
    assert session.get(PolicySetVersion, first.id).status == VersionStatus.retired
    events = session.scalars(
        select(Event).where(Event.entity == "policy_set_version", Event.entity_id == draft)
    ).all()
    activated = [e for e in events if e.action == "activated"]
    assert len(activated) == 1 and activated[0].actor == "admin"
    new_claim = open_claim(
        session,
        data=claim_in(sale(session, days_ago=18)),
        actor=person(session, "staff"),
        now=FUTURE,
    )
    assert new_claim.policy_version_id == draft
    session.refresh(old_claim)
    assert old_claim.policy_version_id == first.id
    # Going back to the retired version is an activation like any other.
    service.activate(session, version_id=first.id, actor=admin)
    assert service.active_set(session).id == first.id


def test_the_diff_shows_the_changed_lines_only(session):
    admin = person(session, "admin")
    active = service.active_row(session)
    draft = service.get_version(session, user=admin, version_id=rubber_draft(session, admin))
    changed = [d for d in service.diff(active.files, draft.files) if d.change != "same"]
    assert [d.name for d in changed] == ["footwear.toml"]
    assert any(kind == "del" and 'rubber = "2 months"' in line for kind, line in changed[0].lines)
    assert any(kind == "add" and '"3 months"' in line for kind, line in changed[0].lines)


def test_a_draft_is_set_aside_without_touching_the_active_one(session):
    admin = person(session, "admin")
    draft = rubber_draft(session, admin)
    service.discard(session, version_id=draft, actor=admin)
    assert session.get(PolicySetVersion, draft).status == VersionStatus.retired
    assert service.active_row(session).origin == "shipped"
