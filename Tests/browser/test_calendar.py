"""The team calendar as a real iCalendar parser reads it."""
from icalendar import Calendar

from conftest import sign_in


def test_team_calendar_parses_with_icalendar(page, context):
    sign_in(page, "coordinator@demo.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teams").click()
    page.get_by_role("link", name="Aquatic Robotics", exact=True).click()
    href = page.get_by_role("link", name="Download the team calendar (.ics)").get_attribute("href")
    response = context.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body())
    events = list(calendar.walk("VEVENT"))
    assert len(events) >= 5  # four quarterly check-ups and the open deliverables
    summaries = [str(event.get("SUMMARY")) for event in events]
    assert any(summary.startswith("Visit: Intake inspection") for summary in summaries)
    assert any(summary == "Due: Algae species report" for summary in summaries)
    for event in events:
        assert event.get("UID")
        assert event.decoded("DTEND") > event.decoded("DTSTART")
