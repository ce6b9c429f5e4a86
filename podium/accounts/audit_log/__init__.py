"""The audit log page and the history panels: reading `podium.audit`'s entries,
scoped by accounts' roles and units.

The log itself (writing, the chain, verifying) is `podium.audit`, a layer below
accounts so every app can record; who may read which entries is an accounts
question, so the reading side lives here. Its URLs keep the `audit` namespace
(`audit:entry-list`) and its templates keep their names (`audit/...`).
"""
