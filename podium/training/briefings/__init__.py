"""The student event-organiser briefing: versions, completions (online or by
session), who is briefed, reminders. See the training README, "Student
event-organiser briefing"."""
