from handlers.forms import CONTACTS, log_form
from handlers.messages import WorkspaceRef


def test_contact_fields_offer_suggestions_from_the_workspace(core, ana):
    ana.say("+2 Jane Doe (Acme): delivered the migration early")
    ana.say("+1 Sam Jones (Acme): intro call")
    ana.say("+1 Bob Stone: demo")

    def suggest(query: str) -> list[str]:
        return core.suggest(ana.workspace, ana.ref, CONTACTS, query)

    assert log_form().input_request.fields[0].suggest == CONTACTS
    assert suggest("jane") == ["Jane Doe (Acme)"]
    assert suggest("Jane Doe (ac") == ["Jane Doe (Acme)"]
    assert suggest("Jane Doe (Globex)") == []
    assert suggest("acme") == ["Jane Doe (Acme)", "Sam Jones (Acme)"]
    assert suggest("nobody") == []
    assert core.suggest(WorkspaceRef("slack", "T2"), ana.ref, CONTACTS, "jane") == []
    assert core.suggest(ana.workspace, ana.ref, "unknown source", "jane") == []
