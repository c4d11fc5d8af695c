from zpb.tests.matrix import LOGIN, Case, everyone, only

CASES = [
    Case("home", expect={**everyone(302), "anonymous": 200}),
    Case("dashboard", expect=everyone(200) | {"anonymous": LOGIN}),
    Case("accessibility", expect=everyone(200)),
    Case("accessibility-old", expect=everyone(301)),
    Case("privacy", expect=everyone(200)),
    Case("favicon", expect=everyone(301)),
    Case("healthz", expect=everyone(200)),
    Case("login", expect=everyone(200)),
    Case("logout", method="post", expect=everyone(302)),
    Case("password_change", expect=everyone(200) | {"anonymous": LOGIN}),
    Case("password_change_done", expect=everyone(200) | {"anonymous": LOGIN}),
    Case("password_reset", expect=everyone(200)),
    Case("password_reset_done", expect=everyone(200)),
    Case("password_reset_confirm", kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}, expect=everyone(200)),
    Case("password_reset_complete", expect=everyone(200)),
    Case("set_language", method="post", data=lambda w: {"language": "en"}, expect=everyone(302)),
    # Django's admin is for KWP superusers only; everyone else is sent to its login page.
    Case("admin:index", expect=only({}, default=302)),
]
