from korak.audit.models import AuditEntry
from korak.audit.queries import verify_chain
from korak.events.models import CaseEvent
from korak.people import queries


def test_registration_writes_event_and_audit_and_is_found_across_scripts(person_ba, officer_ba):
    assert CaseEvent.objects.filter(case_id=person_ba.id, type="person_registered").count() == 1
    assert AuditEntry.objects.filter(object_id=str(person_ba.id), action="people.person.register").count() == 1
    assert person_ba.family_name_latin == "Ahmadi"
    found = queries.search(actor=officer_ba, criteria=queries.SearchCriteria(q="Mohammed Ahmadi"))
    assert [p.id for p in found] == [person_ba.id]
    assert verify_chain().ok
