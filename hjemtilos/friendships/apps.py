from django.apps import AppConfig


class FriendshipsConfig(AppConfig):
    name = "hjemtilos.friendships"
    label = "friendships"
