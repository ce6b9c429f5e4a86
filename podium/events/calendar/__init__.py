"""The security operations calendar and its iCalendar feeds (selectors in
`podium.events.selectors`, services, urls, views)."""
