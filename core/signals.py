from django.dispatch import Signal

# Receivers get `request` and return NavItem(s) for the main menu of the signed-in user.
nav_items = Signal()
# Receivers get `request` and return NavItem(s) for public pages (verification, register).
public_links = Signal()
# Receivers get `request`, `name` (which list: "institutions", "certificates", "self-assessments",
# "audits") and list-specific keyword arguments; they return NavItem(s) of downloads of that list.
list_exports = Signal()
