"""Views of accounts, one module per audience.

``signin``: signing in, the second factor, backup codes, confirming again;
``account``: the person's own account and password; ``passwords``: password
reset; ``invitations``: invitations and the site lead's follow-up list;
``users``: administrators' pages for accounts.
"""
