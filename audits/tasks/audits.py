"""Audit e-mails (planned, changed, cancelled, signed) go through the project's outbox:
`core.emails.email_queue` inside the service's transaction, sent by `core.tasks.email_send_task`
after commit. The audits area needs no task of its own."""

__all__: list = []
