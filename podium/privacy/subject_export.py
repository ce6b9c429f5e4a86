"""Subject access (`podium/core/subject_export.py`): what data protection's own
records hold about a person — the officer who set a rule, placed or lifted a hold,
started a run or recorded a breach. A breach's description of whose data was
involved is the institution's assessment, exported to the officer who wrote it,
not searched for the people it mentions (it names no record)."""

from podium.core.subject_export import ExportMapping

MAPPINGS = [
    ExportMapping(
        "privacy.RuleSetting",
        "Retention rules you set",
        {"accounts.User": ("changed_by",)},
        context=("record_type", "months", "action", "changed_at"),
    ),
    ExportMapping(
        "privacy.LegalHold",
        "Legal holds you placed or lifted",
        {"accounts.User": ("placed_by", "lifted_by")},
        context=("record_type", "record_id", "placed_at", "lifted_at"),
    ),
    ExportMapping(
        "privacy.RetentionRun",
        "Retention runs you started",
        {"accounts.User": ("started_by",)},
        context=("dry_run", "started_at", "finished_at"),
    ),
    ExportMapping(
        "privacy.Breach",
        "Personal data breaches you recorded",
        {"accounts.User": ("recorded_by",)},
        context=("discovered_at", "reported_to_ico", "reported_at"),
        third_party=("data_subjects",),
    ),
]
