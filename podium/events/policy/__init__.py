"""The policy pages: where an administrator edits the rules event requests follow
(forms, selectors, services, urls, views; see ../README.md, "Policy pages")."""
