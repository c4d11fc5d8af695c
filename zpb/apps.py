from django.apps import AppConfig


class ZpbConfig(AppConfig):
    name = "zpb"
    verbose_name = "ZPB"
