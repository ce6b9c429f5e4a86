"""Speakers on event requests: what events adds to the speaker register
(`podium.speakers`, a layer below). The code-of-conduct acknowledgement a request's
speaker gives through a signed link, a speaker's history of requests (filled into the
register's page and summaries through `podium.speakers.extensions`), the register's
demo and the links from seeded requests to seeded speakers.
"""
