"""The outbox is not in the Django admin.

Its texts and addresses are for the staff of each message's site, and
administrators see delivery only: both through the outbox pages
(``messaging.views``), which apply that rule and audit every read. The admin
would show every field of every message to anyone with a model permission.
"""
