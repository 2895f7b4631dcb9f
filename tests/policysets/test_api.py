"""The policy version routes (both databases)."""

from aftersales.policysets.demo import demo_draft_files


def test_drafts_are_validated_diffed_and_replayed(client, as_user):
    admin = as_user("admin")
    listing = client.get("/api/v1/policy-versions", headers=admin)
    assert listing.status_code == 200
    body = listing.json()
    assert set(body) == {"items", "next"}
    active = next(v for v in body["items"] if v["status"] == "active")
    files = client.get(f"/api/v1/policy-versions/{active['id']}", headers=admin).json()["files"]

    broken = files | {"general.toml": files["general.toml"] + "\nnonsense = 1\n"}
    refused = client.post(
        "/api/v1/policy-versions", json={"files": broken, "note": "x"}, headers=admin
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["code"] == "policy_invalid" and problem["field"] == "files.general.toml"
    assert problem["errors"][0]["file"] == "general.toml" and "nonsense" in problem["message"]
    still = client.get("/api/v1/policy-versions", headers=admin).json()["items"]
    assert next(v for v in still if v["status"] == "active")["id"] == active["id"]

    made = client.post(
        "/api/v1/policy-versions",
        json={"files": demo_draft_files(files), "note": "rubber"},
        headers=admin | {"Idempotency-Key": "draft-rubber-1"},
    )
    assert made.status_code == 201, made.text
    again = client.post(
        "/api/v1/policy-versions",
        json={"files": demo_draft_files(files), "note": "rubber"},
        headers=admin | {"Idempotency-Key": "draft-rubber-1"},
    )
    assert again.json()["id"] == made.json()["id"]
    draft = client.get(f"/api/v1/policy-versions/{made.json()['id']}", headers=admin).json()
    assert [d["file"] for d in draft["diff_against_active"]] == ["footwear.toml"]

    replay = client.post(
        f"/api/v1/policy-versions/{draft['id']}/replays", json={"months": 3}, headers=admin
    )
    assert replay.status_code == 201, replay.text
    figures = replay.json()
    assert figures["claims_read"] >= figures["claims_decided"] >= 0
    changes = client.get(f"/api/v1/policy-replays/{figures['id']}/changes", headers=admin)
    assert changes.status_code == 200 and set(changes.json()) == {"items", "next"}

    staff = as_user("staff")
    assert (
        client.post(
            f"/api/v1/policy-versions/{draft['id']}/activate",
            json={"version": draft["version"]},
            headers=staff,
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/v1/policy-versions/{draft['id']}/replays", json={"months": 0}, headers=admin
        ).status_code
        == 422
    )
