"""Reading an Activity: tenant, rep and timezone."""

from __future__ import annotations

from botbuilder.schema import Activity

from bot.teams.activities import tenant_of, timezone_of, user_of
from tests.adapters.teams_activities import TENANT, fixture, message


def test_documented_message_gives_tenant_rep_and_timezone():
    activity = Activity().deserialize(fixture("message_activity.json"))
    assert tenant_of(activity) == TENANT
    user = user_of(activity)
    assert user.external_id == "7faf8ab2-3d56-4244-b585-20c8a42ed2b8"
    assert user.display_name == "Megan Bowen"
    assert user.timezone == "America/Los_Angeles"


def test_tenant_falls_back_to_the_conversation():
    body = message("hi", tenant=None)
    body["conversation"]["tenantId"] = "t-conv"
    assert tenant_of(Activity().deserialize(body)) == "t-conv"


def test_timezone_falls_back_to_local_timezone():
    body = message("hi", timezone=None)
    body["localTimezone"] = "Europe/Berlin"
    assert timezone_of(Activity().deserialize(body)) == "Europe/Berlin"
    body["localTimezone"] = "Not/AZone"
    assert timezone_of(Activity().deserialize(body)) is None


def test_emulator_conversations_get_a_workspace_of_their_own():
    body = message("hi", tenant=None)
    body["channelId"] = "emulator"
    assert tenant_of(Activity().deserialize(body)) == "emulator"


def test_idempotency_key_names_the_conversation_and_fits_the_column():
    from bot.teams.activities import MAX_KEY_CHARS, idempotency_key

    body = message("hi", activity_id="1485983408511")
    key = idempotency_key(Activity().deserialize(body))
    assert key == f"{body['conversation']['id']}|1485983408511"
    body["conversation"]["id"] = "19:" + "x" * 400 + "@thread.v2"
    long_key = idempotency_key(Activity().deserialize(body))
    assert long_key.startswith("sha256:") and len(long_key) <= MAX_KEY_CHARS
    form_key = idempotency_key(
        Activity().deserialize(message("x", reply_to_id="card-7")), of_form=True
    )
    assert form_key.endswith("|form:card-7")
