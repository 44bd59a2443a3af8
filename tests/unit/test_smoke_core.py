from storage.models import LedgerEntry


def test_credit_is_recorded_with_balance_and_health(ana, session_factory):
    reply = ana.say("+2 Jane Doe (Acme): delivered the migration two days early")
    assert reply.text.startswith("Credit +2 → Jane Doe (Acme). Balance 2 · health ")
    with session_factory() as session:
        entries = session.query(LedgerEntry).all()
    assert [(e.amount, e.note) for e in entries] == [(2, "delivered the migration two days early")]
