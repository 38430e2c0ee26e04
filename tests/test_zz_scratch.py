from korak.people import queries
def test_x(api_for, officer_ba, person_ba):
    c = api_for(officer_ba)
    print(c.get("/api/people/", {"document": "P0123456"}).json())
    print(c.get("/api/people/", {"document": "zzz"}).json())
    print(c.get("/api/people/", {"q": "zzz"}).json())
    print(queries.search(actor=officer_ba, criteria=queries.SearchCriteria(document="zzz")))
