from django.dispatch import Signal

# Receivers get `request` and return NavItem(s) for the main menu of the signed-in user.
nav_items = Signal()
# Receivers get `request` and return Section(s) for the user's start page.
dashboard_sections = Signal()
# Receivers get `request` and return NavItem(s) for public pages (verification, register).
public_links = Signal()
