"""A starting policy an administrator then edits: event types and notice, a 3×3 risk
matrix, screening questions, the mitigation catalogue and a routing rule for every
level. New installations start with these; nothing in the code depends on them."""

from django.db import migrations

EVENT_TYPES = [
    ("Talk or lecture", "A speaker addressing an audience"),
    ("Debate or panel", "Several speakers, usually with a chair"),
    ("Conference or symposium", "A programme of sessions over one or more days"),
    ("Performance or screening", "Music, theatre, comedy or film"),
    ("Social or fundraising event", "A gathering without a platform for speakers"),
]
LEVELS = [
    (1, "Low", "Usual arrangements; the unit's events officer decides."),
    (2, "Medium", "The Prevent lead reviews."),
    (3, "High", "The Prevent lead reviews, then the escalation panel."),
]
# likelihood (rows) × impact (columns) -> level rank
MATRIX = {
    (1, 1): 1, (1, 2): 1, (1, 3): 2,
    (2, 1): 1, (2, 2): 2, (2, 3): 3,
    (3, 1): 2, (3, 2): 3, (3, 3): 3,
}
QUESTIONS = [
    ("Has the speaker or their organisation attracted controversy or protest at previous events?",
     "Answer from what is publicly known; controversy alone is never a reason to refuse.", 1, 0),
    ("Is the event open to the public?", "", 0, 1),
    ("Do you expect media interest?", "", 0, 1),
    ("Is the speaker on a tour of other universities or venues?", "", 1, 0),
    ("Have there been incidents at previous events with this speaker or organiser?",
     "For example disorder, threats to safety or unlawful speech.", 2, 0),
    ("Is the speaker or organisation, to your knowledge, linked to a proscribed organisation?",
     "The Home Office publishes the list of proscribed groups.", 2, 1),
]
MITIGATIONS = [
    ("Independent chair", "A chair not connected with the speaker keeps order and fair debate.", True, "Organiser"),
    ("Balancing speaker or Q&A time", "An opposing view or time for questions from the floor.", True, "Organiser"),
    ("Ticketing or ID checks at entry", "", False, "Organiser"),
    ("Stewarding or security presence", "", False, "Campus Security"),
    ("Event recorded", "", True, "Organiser"),
    ("Speaker briefed on the code of conduct", "", True, "Organiser"),
    ("Venue change", "", False, "Events office"),
    ("Press conditions", "Media attend by arrangement with the press office.", False, "Press office"),
]


def create(apps, schema_editor):
    EventType = apps.get_model("events", "EventType")
    NoticePeriod = apps.get_model("events", "NoticePeriod")
    RiskLevel = apps.get_model("events", "RiskLevel")
    RiskMatrixCell = apps.get_model("events", "RiskMatrixCell")
    ScreeningQuestion = apps.get_model("events", "ScreeningQuestion")
    Mitigation = apps.get_model("events", "Mitigation")
    RoutingRule = apps.get_model("events", "RoutingRule")
    RoutingStep = apps.get_model("events", "RoutingStep")
    EventsPolicy = apps.get_model("events", "EventsPolicy")

    EventsPolicy.objects.get_or_create(pk=1)
    for name, description in EVENT_TYPES:
        EventType.objects.get_or_create(name=name, defaults={"description": description})
    NoticePeriod.objects.get_or_create(event_type=None, unit=None, defaults={"working_days": 10})
    conference = EventType.objects.get(name="Conference or symposium")
    NoticePeriod.objects.get_or_create(event_type=conference, unit=None, defaults={"working_days": 20})
    levels = {}
    for rank, name, description in LEVELS:
        levels[rank], _ = RiskLevel.objects.get_or_create(
            rank=rank, defaults={"name": name, "description": description}
        )
    for (likelihood, impact), rank in MATRIX.items():
        RiskMatrixCell.objects.get_or_create(
            likelihood=likelihood, impact=impact, defaults={"level": levels[rank]}
        )
    for order, (text, help_text, likelihood, impact) in enumerate(QUESTIONS, start=1):
        ScreeningQuestion.objects.get_or_create(
            text=text,
            defaults={"help_text": help_text, "likelihood_points": likelihood,
                      "impact_points": impact, "order": order},
        )
    for name, description, prevent_related, owner in MITIGATIONS:
        Mitigation.objects.get_or_create(
            name=name,
            defaults={"description": description, "prevent_related": prevent_related,
                      "default_owner": owner},
        )
    routes = [
        ("Low risk: the unit's events officer", levels[1], 10,
         ["events_officer", "prevent_lead"]),
        ("Medium risk: the Prevent lead", levels[2], 20, ["prevent_lead", "escalation_panel"]),
        ("High risk: the Prevent lead, then the escalation panel", levels[3], 30,
         ["prevent_lead", "escalation_panel"]),
    ]
    for name, level, order, roles in routes:
        rule, created = RoutingRule.objects.get_or_create(
            name=name, defaults={"risk_level": level, "order": order}
        )
        if created:
            for position, role in enumerate(roles, start=1):
                RoutingStep.objects.create(rule=rule, position=position, role=role, deadline_days=5)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
