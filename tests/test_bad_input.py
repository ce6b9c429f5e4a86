"""Bad input anywhere gets a clear answer, never a 500 (QUALITY.md): property-based
tests throw arbitrary text at every form and query parameter that exists."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.core.pagination import _read
from podium.testing.personas import SignedInClients

# Text as a browser could send it: any Unicode but lone surrogates (NUL included).
text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Each test signs its people in once, not once per example (SignedInClients).
client_for = SignedInClients()


@pytest.fixture(autouse=True)
def _sign_in_again_in_each_test():
    yield
    client_for.forget()


@given(cursor=text)
def test_any_cursor_reads_as_a_position_or_nothing(cursor):
    position = _read(cursor)
    assert position is None or len(position) == 2


@FUZZ
@given(q=text, after=text, before=text)
def test_the_people_list_answers_any_query(personas, q, after, before):
    response = client_for(personas.admin).get(
        reverse("accounts:user-list"), {"q": q, "after": after, "before": before}
    )
    assert response.status_code == 200


@FUZZ
@given(name=text, kind=text, parent=text, is_active=text)
def test_the_unit_form_answers_any_input(personas, name, kind, parent, is_active):
    response = client_for(personas.admin).post(
        reverse("accounts:unit-create"),
        {"name": name, "kind": kind, "parent": parent, "is_active": is_active},
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(email=text, role=text, include=text)
def test_the_grant_role_form_answers_any_input(personas, faculty, email, role, include):
    response = client_for(personas.admin).post(
        reverse("accounts:unit-grant-role", args=[faculty.pk]),
        {"email": email, "role": role, "include_descendants": include},
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(full_name=text, email=text)
def test_the_person_form_answers_any_input(personas, full_name, email):
    response = client_for(personas.admin).post(
        reverse("accounts:user-create"), {"full_name": full_name, "email": email}
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(username=text, password=text)
def test_sign_in_answers_any_input(client, personas, username, password):
    response = client.post(reverse("account_login"), {"login": username, "password": password})
    # 429: the sign-in rate limit (30 a minute from one address) answers the flood.
    assert response.status_code in {200, 302, 429}


@FUZZ
@given(roles=st.lists(text, max_size=3))
def test_the_sign_in_rules_form_answers_any_input(personas, roles):
    response = client_for(personas.admin).post(
        reverse("accounts:security-settings"), {"roles": roles}
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(name=text, provider_id=text, server_url=text, client_id=text, secret=text)
def test_the_single_sign_on_provider_form_answers_any_input(
    personas, name, provider_id, server_url, client_id, secret
):
    response = client_for(personas.admin).post(
        reverse("accounts:sso-provider-create"),
        {
            "name": name,
            "provider_id": provider_id,
            "server_url": server_url,
            "client_id": client_id,
            "secret": secret,
        },
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(code=text)
def test_the_password_reset_form_answers_any_input(client, personas, code):
    response = client.post(reverse("account_reset_password"), {"email": code})
    assert response.status_code in {200, 302, 429}


@FUZZ
@given(name=text, organisation=text, entity_id=text, sso_url=text, certificate=text)
def test_the_saml_provider_form_answers_any_input(
    personas, name, organisation, entity_id, sso_url, certificate
):
    response = client_for(personas.admin).post(
        reverse("accounts:saml-provider-create"),
        {
            "name": name,
            "organisation": organisation,
            "entity_id": entity_id,
            "sso_url": sso_url,
            "certificate": certificate,
        },
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(name=text, scope=text, expires_in=text)
def test_the_api_token_form_answers_any_input(personas, name, scope, expires_in):
    response = client_for(personas.organiser).post(
        reverse("api:token-create"), {"name": name, "scope": scope, "expires_in": expires_in}
    )
    assert response.status_code == 200


# --- Event requests ------------------------------------------------------------------


@FUZZ
@given(name=text, code=text, provider=text, category=text, validity=text)
def test_the_course_form_answers_any_input(personas, name, code, provider, category, validity):
    response = client_for(personas.admin).post(
        reverse("training:course-list"),
        {
            "name": name,
            "code": code,
            "provider": provider,
            "category": category,
            "validity_months": validity,
        },
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(course=text, group=text, role=text, due=text, renew=text, window=text)
def test_the_requirement_form_answers_any_input(personas, course, group, role, due, renew, window):
    response = client_for(personas.admin).post(
        reverse("training:requirement-list"),
        {
            "course": course,
            "group": group,
            "role": role,
            "due_within_days": due,
            "renew_every_months": renew,
            "window_days": window,
        },
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(name=text)
def test_the_staff_group_form_answers_any_input(personas, name):
    response = client_for(personas.admin).post(reverse("training:group-list"), {"name": name})
    assert response.status_code in {200, 302}


@FUZZ
@given(q=text, unit=text, group=text, course=text, status=text, after=text)
def test_the_training_lists_answer_any_query(personas, q, unit, group, course, status, after):
    client = client_for(personas.admin)
    for name in ("training:staff-list", "training:status-list", "training:dashboard"):
        response = client.get(
            reverse(name),
            {
                "q": q,
                "unit": unit,
                "group": group,
                "course": course,
                "status": status,
                "after": after,
            },
        )
        # The dashboard opens the units below `unit`: a number that is no unit is 404.
        assert response.status_code in ({200, 404} if name == "training:dashboard" else {200})
    response = client.get(reverse("training:returns-detail"), {"year": unit, "category": status})
    assert response.status_code in {200, 404}


@FUZZ
@given(cells=st.lists(st.lists(text, min_size=3, max_size=3), min_size=1, max_size=5))
def test_a_completions_file_with_any_cells_is_checked_not_crashed(personas, cells):
    from podium.testing.training import make_course, make_staff
    from podium.training import importing
    from podium.training.models import Course

    if not Course.objects.exists():
        make_course("Prevent awareness")
        make_staff("S1", personas.admin.role_assignments.get().unit)
    rows = [
        (n, dict(zip(["staff_number", "course", "completed_on"], row, strict=True)))
        for n, row in enumerate(cells, 2)
    ]
    checked = importing.check_completions(rows, today=date(2026, 1, 1))
    assert checked.rows == len(cells)
    assert checked.error_count + len(checked.records) >= 1


@FUZZ
@given(content=st.binary(max_size=2000))
def test_any_uploaded_bytes_get_a_clear_answer(personas, settings, tmp_path, content):
    settings.PODIUM_PRIVATE_DIR = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    for name, kind in (("x.csv", "text/csv"), ("x.xlsx", "application/octet-stream")):
        upload = SimpleUploadedFile(name, content, content_type=kind)
        response = client_for(personas.admin).post(
            reverse("training:import-list"), {"kind": "staff", "file": upload}
        )
        assert response.status_code in {200, 302}


@FUZZ
@given(status=text, scope=text, after=text)
def test_the_request_list_answers_any_query(personas, status, scope, after):
    response = client_for(personas.organiser).get(
        reverse("events:request-list"), {"status": status, "scope": scope, "after": after}
    )
    assert response.status_code == 200


@FUZZ
@given(title=text, unit=text, kind=text, event_type=text, hirer=text)
def test_the_request_form_answers_any_input(
    personas, faculty, title, unit, kind, event_type, hirer
):
    response = client_for(personas.organiser).post(
        reverse("events:request-create"),
        {
            "title": title,
            "unit": unit,
            "organiser_kind": kind,
            "event_type": event_type,
            "external_hirer": hirer,
        },
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(starts=text, ends=text, fmt=text, venue_kind=text, campus=text, audience=text)
def test_the_when_and_audience_steps_answer_any_input(
    personas, faculty, starts, ends, fmt, venue_kind, campus, audience
):
    from podium.testing.events import make_request

    event = make_request(organiser=personas.organiser, unit=faculty)
    client = client_for(personas.organiser)
    for step, data in (
        (
            "when-where",
            {
                "starts_at": starts,
                "ends_at": ends,
                "format": fmt,
                "venue_kind": venue_kind,
                "campus": campus,
            },
        ),
        ("audience", {"expected_audience": audience, "attendance": fmt, "recording": ends}),
        ("speakers", {"speakers-TOTAL_FORMS": audience, "speakers-0-name": starts}),
    ):
        response = client.post(reverse("events:request-edit", args=[event.pk, step]), data)
        assert response.status_code in {200, 302}


@FUZZ
@given(outcome=text, rationale=text, lawful=text, category=text, reason=text, total=text)
def test_the_decision_form_answers_any_input(
    personas, faculty, outcome, rationale, lawful, category, reason, total
):
    from podium.accounts.roles import Role
    from podium.testing.events import make_request
    from podium.testing.factories import make_person_with_role

    officer = make_person_with_role(Role.EVENTS_OFFICER, faculty)
    event = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    response = client_for(officer).post(
        reverse("events:request-decide", args=[event.pk]),
        {
            "outcome": outcome,
            "rationale": rationale,
            "speech_lawful": lawful,
            "rejection_category": category,
            "rejection_reason": reason,
            "conditions-TOTAL_FORMS": total,
            "conditions-INITIAL_FORMS": "0",
            "conditions-0-mitigation": reason,
        },
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(event_type=text, unit=text, working_days=text)
def test_the_notice_period_form_answers_any_input(personas, event_type, unit, working_days):
    response = client_for(personas.admin).post(
        reverse("events:policy-notice-period-add"),
        {"event_type": event_type, "unit": unit, "working_days": working_days},
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(day=text, description=text)
def test_the_closure_day_form_answers_any_input(personas, day, description):
    response = client_for(personas.admin).post(
        reverse("events:policy-closure-day-add"), {"date": day, "description": description}
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(words=text, likelihood=text, impact=text, order=text, version=text)
def test_the_screening_question_form_answers_any_input(
    personas, words, likelihood, impact, order, version
):
    response = client_for(personas.admin).post(
        reverse("events:policy-question-add"),
        {
            "text": words,
            "likelihood_points": likelihood,
            "impact_points": impact,
            "order": order,
            "version": version,
        },
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(cells=st.lists(text, min_size=9, max_size=9), version=text)
def test_the_risk_matrix_form_answers_any_input(personas, cells, version):
    data = {f"cell_{n // 3 + 1}_{n % 3 + 1}": value for n, value in enumerate(cells)}
    response = client_for(personas.admin).post(
        reverse("events:policy-risk-matrix"), {**data, "version": version}
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(
    name=text,
    unit=text,
    level=text,
    total=text,
    initial=text,
    role=text,
    step_unit=text,
    days=text,
)
def test_the_routing_rule_form_answers_any_input(
    personas, name, unit, level, total, initial, role, step_unit, days
):
    response = client_for(personas.admin).post(
        reverse("events:policy-routing-rule-add"),
        {
            "name": name,
            "unit": unit,
            "risk_level": level,
            "order": "1",
            "steps-TOTAL_FORMS": total,
            "steps-INITIAL_FORMS": initial,
            "steps-0-role": role,
            "steps-0-unit": step_unit,
            "steps-0-deadline_days": days,
        },
    )
    assert response.status_code in {200, 302}


# --- The speaker register (podium/speakers) ------------------------------------------


@given(name=text)
def test_any_name_has_a_match_key_and_matches_itself(name):
    from podium.speakers.matching import match_key, similarity

    key = match_key(name)
    assert len(key) <= 200
    assert similarity(key, key) == 1.0


@FUZZ
@given(q=text)
def test_the_speaker_search_answers_any_query(personas, q):
    response = client_for(personas.organiser).get(reverse("speakers:speaker-list"), {"q": q})
    assert response.status_code == 200


@FUZZ
@given(name=text, other_names=text, affiliations=text, links=text, email=text, confirmed=text)
def test_the_add_speaker_form_answers_any_input(
    personas, name, other_names, affiliations, links, email, confirmed
):
    response = client_for(personas.organiser).post(
        reverse("speakers:speaker-create"),
        {
            "name": name,
            "other_names": other_names,
            "affiliations": affiliations,
            "links": links,
            "email": email,
            "confirmed": confirmed,
        },
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(sources=text, checked_on=text, findings=text, references=text, recheck_after=text)
def test_the_check_form_answers_any_input(
    personas, institution, sources, checked_on, findings, references, recheck_after
):
    from podium.accounts.roles import Role
    from podium.speakers import services as register
    from podium.testing.factories import make_person_with_role

    reviewer = make_person_with_role(Role.PREVENT_LEAD, institution)
    speaker = register.create_speaker(
        acting_user=reviewer, facts=register.SpeakerFacts(name="Jane Example")
    )
    response = client_for(reviewer).post(
        reverse("speakers:speaker-check", args=[speaker.pk]),
        {
            "sources": sources,
            "checked_on": checked_on,
            "findings": findings,
            "references": references,
            "recheck_after": recheck_after,
        },
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(months=text, runs_from=text, action=text, anonymise=text)
def test_the_retention_rule_form_answers_any_input(
    institution, months, runs_from, action, anonymise
):
    from podium.accounts.roles import Role
    from podium.testing.factories import make_person_with_role

    dpo = make_person_with_role(Role.DATA_PROTECTION_OFFICER, institution)
    response = client_for(dpo).post(
        reverse("privacy:rule-edit", args=["events.eventrequest"]),
        {"months": months, "runs_from": runs_from, "action": action, "anonymise": anonymise},
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(kind=text, record_type=text, record_id=text, discovered=text, reported=text, risk=text)
def test_the_hold_and_breach_forms_answer_any_input(
    institution, kind, record_type, record_id, discovered, reported, risk
):
    from podium.accounts.roles import Role
    from podium.testing.factories import make_person_with_role

    client = client_for(make_person_with_role(Role.DATA_PROTECTION_OFFICER, institution))
    held = client.post(
        reverse("privacy:hold-list"),
        {"kind": kind, "record_type": record_type, "record_id": record_id, "reason": kind},
    )
    assert held.status_code in {200, 302}
    breach = client.post(
        reverse("privacy:breach-create"),
        {
            "discovered_at": discovered,
            "summary": kind,
            "data_subjects": kind,
            "risk": risk,
            "reported_to_ico": reported,
            "reported_at": reported,
        },
    )
    assert breach.status_code in {200, 302}
    pages = [reverse(f"privacy:{n}") for n in ("run-list", "breach-list", "hold-list")]
    for url in pages:
        assert (
            client.get(url, {"after": record_id, "before": discovered, "lifted": kind}).status_code
            == 200
        )


@FUZZ
@given(email=text, attended_on=text, status=text, after=text)
def test_the_briefing_forms_and_list_answer_any_input(personas, email, attended_on, status, after):
    client = client_for(personas.admin)
    response = client.post(
        reverse("training:briefing-attendance"),
        {"student_email": email, "attended_on": attended_on},
    )
    assert response.status_code == 200  # no student organiser exists: always a message
    listed = client.get(reverse("training:briefing-organisers"), {"status": status, "after": after})
    assert listed.status_code == 200


@FUZZ
@given(title=text, body=text, months=text, days=text, version=text, next_page=text)
def test_the_briefing_version_and_confirm_forms_answer_any_input(
    personas, title, body, months, days, version, next_page
):
    client = client_for(personas.admin)
    published = client.post(
        reverse("training:briefing-versions"),
        {"title": title, "body": body, "valid_for_months": months, "remind_days_before": days},
    )
    assert published.status_code in {200, 302}
    confirmed = client.post(
        reverse("training:briefing"), {"version": version, "confirm": "on", "next": next_page}
    )
    assert confirmed.status_code in {200, 302}
    if confirmed.status_code == 302:
        assert confirmed["Location"].startswith("/")


@FUZZ
@given(
    kind=st.sampled_from(["link", "contact"]),
    title=text,
    url=text,
    email=text,
    phone=text,
    places=text,
    audience=text,
    roles=text,
)
def test_the_resource_form_answers_any_input(
    personas, kind, title, url, email, phone, places, audience, roles
):
    response = client_for(personas.admin).post(
        reverse("resources:add", args=[kind]),
        {
            "title": title,
            "url": url,
            "email": email,
            "phone": phone,
            "places": places,
            "audience": audience,
            "roles": roles,
        },
    )
    assert response.status_code in {302, 400}


@FUZZ
@given(kind=text, after=text, before=text)
def test_the_library_answers_any_query(personas, kind, after, before):
    response = client_for(personas.outsider).get(
        reverse("resources:library"), {"kind": kind, "after": after, "before": before}
    )
    assert response.status_code == 200
