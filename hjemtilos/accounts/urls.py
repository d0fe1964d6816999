from django.urls import path

from hjemtilos.accounts.views import account, invitations, passwords, signin, users

app_name = "accounts"
urlpatterns = [
    path("", account.account, name="account"),
    path("log-ind/", signin.SignInView.as_view(), name="login"),
    path("log-ud/", signin.SignOutView.as_view(), name="logout"),
    path("to-faktor/", signin.two_factor, name="two_factor"),
    path("to-faktor/reservekode/", signin.two_factor_backup, name="two_factor_backup"),
    path("to-faktor/reservekoder/", signin.backup_codes_show, name="backup_codes_show"),
    path("bekraeft/", signin.confirm, name="confirm"),
    path("adgangskode/", account.password_change, name="password_change"),
    path("reservekoder/ny/", account.backup_codes_create, name="backup_codes_create"),
    # Password reset (Django's views, our templates and delivery).
    path(
        "glemt-adgangskode/",
        passwords.PasswordResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "glemt-adgangskode/sendt/",
        passwords.PasswordResetSentView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nulstil/<uidb64>/<token>/",
        passwords.PasswordResetChooseView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nulstil/faerdig/",
        passwords.PasswordResetFinishedView.as_view(),
        name="password_reset_complete",
    ),
    # Invitations
    path("invitation/<str:token>/", invitations.accept_invitation, name="accept_invitation"),
    path("inviter/", invitations.invite, name="invite"),
    path("invitationer/", invitations.invitations_pending, name="invitations_pending"),
    path("invitationer/<int:pk>/send-igen/", invitations.reinvite, name="reinvite"),
    # Administrators
    path("brugere/", users.users, name="users"),
    path("brugere/<int:pk>/", users.user_detail, name="user"),
    path("brugere/<int:pk>/deaktiver/", users.user_deactivate, name="user_deactivate"),
    path("brugere/<int:pk>/genaktiver/", users.user_reactivate, name="user_reactivate"),
    path(
        "brugere/<int:pk>/to-faktor/",
        users.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("brugere/<int:pk>/rolle/", users.user_role_change, name="user_role_change"),
    path("rolleskift/<int:pk>/bekraeft/", users.role_request_confirm, name="role_request_confirm"),
    path("rolleskift/<int:pk>/afvis/", users.role_request_refuse, name="role_request_refuse"),
]
